// Playwright waits for the frontend's dev server; the backend can take longer
// to initialise its plugins, so the journeys wait for its readiness too.
const readinessUrl = 'http://localhost:7007/.backstage/health/v1/readiness';

export default async function waitForBackend(): Promise<void> {
  const deadline = Date.now() + 180_000;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(readinessUrl);
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(`backend not ready at ${readinessUrl}: ${lastError}`);
}
