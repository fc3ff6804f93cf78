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
 * (`miniplanes.fleet.file`) when `miniplanes.simulator.enabled` is true.
 * Undefined when the simulator is off, as in production.
 */
export const simulatedFleetServiceRef = createServiceRef<
  SimulatedFleet | undefined
>({
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
    if (!config.getOptionalBoolean('miniplanes.simulator.enabled')) {
      return undefined;
    }
    const fleetFile = resolve(config.getString('miniplanes.fleet.file'));
    const fleet = await startFleetFromText(await readFile(fleetFile, 'utf8'), {
      podStartupMs: config.getOptionalNumber(
        'miniplanes.simulator.podStartupMs',
      ),
    });
    const kubeconfig = resolve(
      config.getOptionalString('miniplanes.simulator.kubeconfig') ??
        '../../.miniplanes/kubeconfig',
    );
    await fleet.writeKubeconfig(kubeconfig);
    logger.info(
      `kube-sim ready: ${fleet.clusters
        .map(c => `${c.name} ${c.url}`)
        .join(', ')}; kubeconfig ${kubeconfig}`,
    );
    lifecycle.addShutdownHook(() => fleet.stop());
    return fleet;
  },
});
