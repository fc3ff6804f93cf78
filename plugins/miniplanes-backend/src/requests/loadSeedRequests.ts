import { LoggerService } from '@backstage/backend-plugin-api';
import {
  formatValidationIssues,
  parseFederatedService,
} from '@miniplanes/plugin-miniplanes-common';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { RequestService } from './RequestService';

/** A seed request file: who asks, why, and the FederatedService they propose. */
const seedRequestSchema = z.strictObject({
  requestedBy: z
    .string()
    .regex(/^user:[^/]+\/.+$/, 'expected a user entity ref'),
  reason: z.string().min(1),
  service: z.record(z.string(), z.unknown()),
});

/**
 * Files the demo's pending requests from a directory (`miniplanes.seed.requests`),
 * once: a request is skipped when its requester already has one pending for
 * that service with the same reason, so restarts do not pile them up.
 */
export async function loadSeedRequests(
  directory: string,
  requests: RequestService,
  logger: LoggerService,
): Promise<number> {
  const dir = resolve(directory);
  const files = (await readdir(dir)).filter(f => /\.ya?ml$/.test(f)).sort();
  let filed = 0;
  for (const file of files) {
    const seed = seedRequestSchema.safeParse(
      parse(await readFile(join(dir, file), 'utf8')),
    );
    if (!seed.success) {
      logger.error(
        `Seed request ${file} is invalid: ${seed.error.issues
          .map(i => `${i.path.join('.') || '<root>'}: ${i.message}`)
          .join('; ')}`,
      );
      continue;
    }
    const service = parseFederatedService(JSON.stringify(seed.data.service));
    if (!service.ok) {
      logger.error(
        `Seed request ${file} proposes an invalid service:\n${formatValidationIssues(
          service.issues,
        )}`,
      );
      continue;
    }
    const entityRef = service.value.metadata.entityRef;
    const pending = await requests.list({ status: 'pending', entityRef });
    if (
      pending.some(
        r =>
          r.requestedBy === seed.data.requestedBy &&
          r.reason === seed.data.reason,
      )
    ) {
      continue;
    }
    await requests.file({
      entityRef,
      reason: seed.data.reason,
      spec: service.value,
      requestedBy: seed.data.requestedBy,
    });
    filed += 1;
  }
  logger.info(`Filed ${filed} seed placement request(s) from ${dir}`);
  return filed;
}
