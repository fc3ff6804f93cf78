import { rawRequest } from './__testUtils__/rawRequest';
import { SimulatedFleet, startFleetFromText } from './fleet';

const FLEET = `
clusters:
  - name: slow
    labels: { region: us-east-1, jurisdiction: US }
  - name: fast
    labels: { region: eu-west-1, jurisdiction: FR }
`;

async function timed(promise: Promise<unknown>) {
  const start = Date.now();
  await promise;
  return Date.now() - start;
}

describe('latency per cluster', () => {
  let fleet: SimulatedFleet;

  beforeAll(async () => {
    fleet = await startFleetFromText(FLEET);
  });

  afterAll(() => fleet.stop());

  it('slows the cluster it is set on, and only that one', async () => {
    const slow = fleet.cluster('slow');
    const fast = fleet.cluster('fast');
    await rawRequest(slow, 'POST', '/_sim/faults', {
      body: { latency: { fixedMs: 1000, verb: 'list' } },
    });

    const slowMs = await timed(rawRequest(slow, 'GET', '/api/v1/pods'));
    const fastMs = await timed(rawRequest(fast, 'GET', '/api/v1/pods'));
    const slowGetMs = await timed(rawRequest(slow, 'GET', '/api/v1/nodes/x'));

    expect(slowMs).toBeGreaterThanOrEqual(1000);
    expect(fastMs).toBeLessThan(1000);
    expect(slowGetMs).toBeLessThan(1000);
  });
});
