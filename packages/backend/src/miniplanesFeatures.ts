import {
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { simulatedFleetFeatures } from './simulatedFleet';

/**
 * The miniplanes backend plugin, and the demo's simulated fleet when it is
 * enabled. Refuses to start without a fleet file: its jurisdictions and
 * governance are the data rules, and a backend that silently ran without
 * them would place regulated data anywhere.
 */
export const miniplanesFeatures = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    const fleetFile = config.getOptionalString('miniplanes.fleet.file');
    if (!fleetFile) {
      throw new Error(
        'miniplanes.fleet.file is not set: name the fleet file that holds your jurisdictions, governance and cluster profiles (see the README, "Running it against real clusters")',
      );
    }
    if (!existsSync(resolve(fleetFile))) {
      throw new Error(
        `miniplanes.fleet.file ${fleetFile} does not exist (${resolve(
          fleetFile,
        )}; relative paths start from the backend's working directory, ${process.cwd()})`,
      );
    }
    yield import('@miniplanes/plugin-miniplanes-backend');
    yield simulatedFleetFeatures;
  },
});
