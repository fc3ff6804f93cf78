import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  builtinOperatorProfiles,
  GenericProfileDefinition,
  genericProfile,
  OperatorProfile,
} from '@miniplanes/plugin-miniplanes-common';

/**
 * The operator profiles data operations use: the built-in ones (velero,
 * cnpg), those defined as data in `miniplanes.dataOperations.profiles`, and
 * those backend modules add through the extension point. A later profile of
 * the same name replaces an earlier one.
 */
export function readOperatorProfiles(
  config: Config,
  added: OperatorProfile[],
): OperatorProfile[] {
  const configured = (
    config.getOptionalConfigArray('miniplanes.dataOperations.profiles') ?? []
  ).map(c => genericProfile(c.get() as unknown as GenericProfileDefinition));
  const byName = new Map<string, OperatorProfile>();
  for (const profile of [...builtinOperatorProfiles, ...configured, ...added])
    byName.set(profile.name, profile);
  return [...byName.values()];
}

/** How long a data cluster may go without a successful backup before it is flagged stale. */
export function readBackupStaleAfterMs(config: Config): number {
  const key = 'miniplanes.dataOperations.backupStaleAfter';
  return config.has(key)
    ? durationToMilliseconds(readDurationFromConfig(config, { key }))
    : 26 * 3600_000;
}
