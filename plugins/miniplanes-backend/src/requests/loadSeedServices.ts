import { LoggerService } from '@backstage/backend-plugin-api';
import {
  formatValidationIssues,
  parseFederatedService,
} from '@miniplanes/plugin-miniplanes-common';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PlacementService } from '../placement/PlacementService';
import { MiniplanesStore } from '../store/MiniplanesStore';
import { RequestService } from './RequestService';

/**
 * Stores the FederatedService documents of a directory
 * (`miniplanes.seed.directory`) for services not stored yet. A document
 * filing would refuse is skipped and logged with why, as an invalid one is
 * (each start-up renders only the seeds of services not stored).
 */
export async function loadSeedServices(
  directory: string,
  deps: {
    store: MiniplanesStore;
    placement: PlacementService;
    requests: RequestService;
  },
  logger: LoggerService,
): Promise<number> {
  const dir = resolve(directory);
  let loaded = 0;
  const files = (await readdir(dir))
    .filter(f => /\.(ya?ml|json)$/.test(f))
    .sort();
  for (const file of files) {
    const result = parseFederatedService(
      await readFile(join(dir, file), 'utf8'),
    );
    if (!result.ok) {
      logger.error(
        `Seed ${file} is invalid:\n${formatValidationIssues(result.issues)}`,
      );
      continue;
    }
    // A stored service keeps its versions: its seed is not judged again.
    if (await deps.store.getService(result.value.metadata.entityRef)) continue;
    const refusal = deps.requests.refusalOf(result.value);
    if (refusal) {
      logger.error(`Seed ${file} is not loaded: ${refusal}`);
      continue;
    }
    await deps.placement.putSpec({ spec: result.value, source: 'seed' });
    loaded += 1;
  }
  logger.info(`Loaded ${loaded} federated service(s) from ${dir}`);
  return loaded;
}
