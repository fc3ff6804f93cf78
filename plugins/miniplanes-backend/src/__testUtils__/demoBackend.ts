import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { SimulatedFleet } from '@miniplanes/kube-sim';
import { resolve } from 'node:path';
import { miniplanesPlugin } from '../plugin';
import { simulatedClustersModule } from './simulatedClusters';
import { examples, startDemoFleet } from './syncHarness';

/**
 * The demo fleet, simulated for the whole test file: started before its
 * first test, stopped after its last. Call the answer for the fleet.
 */
export function demoFleetForFile(): () => SimulatedFleet {
  let sim: SimulatedFleet | undefined;
  beforeAll(async () => {
    sim = await startDemoFleet();
  });
  afterAll(async () => {
    await sim?.stop();
  });
  return () => sim!;
}

/**
 * miniplanes in a test backend on a simulated fleet: the demo's fleet file
 * and, unless `seed` is false, its services, with the `miniplanes` config
 * given laid over them, a catalog of `entities` when given, and other
 * `features`. Answers the backend's server.
 */
export async function startDemoBackend(options: {
  sim: SimulatedFleet;
  miniplanes?: object;
  seed?: boolean;
  entities?: Entity[];
  features?: Parameters<typeof startTestBackend>[0]['features'];
}) {
  const { server } = await startTestBackend({
    features: [
      miniplanesPlugin,
      simulatedClustersModule(options.sim),
      mockServices.rootConfig.factory({
        data: {
          miniplanes: {
            fleet: { file: resolve(examples, 'fleet/demo-fleet.yaml') },
            ...(options.seed === false
              ? {}
              : { seed: { directory: resolve(examples, 'services') } }),
            ...options.miniplanes,
          },
        },
      }),
      ...(options.entities
        ? [catalogServiceMock.factory({ entities: options.entities })]
        : []),
      ...(options.features ?? []),
    ],
  });
  return server;
}
