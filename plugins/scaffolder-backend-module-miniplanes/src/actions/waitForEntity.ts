import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { setTimeout as sleep } from 'node:timers/promises';

const POLL_MILLISECONDS = 1000;

/**
 * Waits until the initiator can see an entity in the catalog. miniplanes
 * accepts requests only for catalog entities their requester owns, and the
 * catalog ingests a location that catalog:register just added in the
 * background, a few seconds later.
 */
export async function waitForEntity(
  ctx: Pick<ActionContext<any>, 'logger' | 'signal'>,
  catalog: CatalogService,
  options: {
    entityRef: string;
    credentials: BackstageCredentials;
    timeoutSeconds: number;
  },
): Promise<void> {
  const { entityRef, credentials, timeoutSeconds } = options;
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    if (await catalog.getEntityByRef(entityRef, { credentials })) return;
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new Error(
        `${entityRef} is not in the catalog after ${timeoutSeconds}s, or you may not see it; register it (catalog:register) before this step, with yourself or your team as its owner`,
      );
    }
    ctx.logger.info(`Waiting for the catalog to ingest ${entityRef}`);
    await sleep(Math.min(POLL_MILLISECONDS, left), undefined, {
      signal: ctx.signal,
    });
  }
}
