import { HttpResponse } from 'msw';
import { MiniplanesApiClient } from '../client/MiniplanesApiClient';

/** Where the tests' msw handlers serve the miniplanes API. */
export const apiBase = 'http://localhost:7007/api/miniplanes';

/** The real client, talking to msw. */
export function testApiClient(): MiniplanesApiClient {
  return new MiniplanesApiClient({
    discoveryApi: { getBaseUrl: async () => apiBase },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
}

/** An error as Backstage's error handler sends it from the backend. */
export function backstageError(status: number, name: string, message: string) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode: status } },
    { status },
  );
}
