import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { SimulatedFleet, startFleetFromText } from '@miniplanes/kube-sim';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/**
 * The demo's embedded fleet: kube-sim clusters started from the fleet file
 * (`miniplanes.fleet.file`). Installed only when `miniplanes.simulator.enabled`
 * is true (see simulatedFleetFeatures).
 */
export const simulatedFleetServiceRef = createServiceRef<SimulatedFleet>({
  id: 'miniplanes.simulated-fleet',
  scope: 'root',
});

export const simulatedFleetServiceFactory = createServiceFactory({
  service: simulatedFleetServiceRef,
  deps: {
    config: coreServices.rootConfig,
    logger: coreServices.rootLogger,
    lifecycle: coreServices.rootLifecycle,
  },
  async factory({ config, logger, lifecycle }) {
    const fleetFile = resolve(config.getString('miniplanes.fleet.file'));
    // The store persists, so the clusters must too: otherwise every restart
    // would look as if someone had deleted everything miniplanes applied.
    const stateDirectory = config.getOptionalString(
      'miniplanes.simulator.stateDirectory',
    );
    const fleet = await startFleetFromText(await readFile(fleetFile, 'utf8'), {
      podStartupMs: config.getOptionalNumber(
        'miniplanes.simulator.podStartupMs',
      ),
      backupIntervalMs: config.getOptionalNumber(
        'miniplanes.simulator.backupIntervalMs',
      ),
      stateDirectory: stateDirectory && resolve(stateDirectory),
    });
    const kubeconfig = resolve(
      config.getOptionalString('miniplanes.simulator.kubeconfig') ??
        '../../.miniplanes/kubeconfig',
    );
    await fleet.writeKubeconfig(kubeconfig);
    logger.info(
      `kube-sim ready: ${fleet.clusters
        .map(c => `${c.name} ${c.url}`)
        .join(', ')}; kubeconfig ${kubeconfig}${
        stateDirectory ? `; state in ${resolve(stateDirectory)}` : ''
      }`,
    );
    lifecycle.addShutdownHook(() => fleet.stop());
    return fleet;
  },
});
