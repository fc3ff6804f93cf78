import { SimulatedCluster, SimulatedClusterOptions } from '../SimulatedCluster';

/**
 * Starts a simulated cluster with `options` before the suite's tests (before
 * each test with `each`) and stops it after them; call the answer, inside a
 * test or hook registered after this call, for the running cluster.
 */
export function startedCluster(
  options: SimulatedClusterOptions,
  { each = false }: { each?: boolean } = {},
): () => SimulatedCluster {
  let cluster: SimulatedCluster | undefined;
  (each ? beforeEach : beforeAll)(async () => {
    cluster = await SimulatedCluster.start(options);
  });
  (each ? afterEach : afterAll)(() => cluster?.stop());
  return () => {
    if (!cluster) throw new Error('the simulated cluster is not started');
    return cluster;
  };
}
