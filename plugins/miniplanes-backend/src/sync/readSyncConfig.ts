import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';

/** The `miniplanes.sync` settings, defaults filled in. */
export interface SyncConfig {
  frequency: HumanDuration;
  timeout: HumanDuration;
  failoverGracePeriodMs: number;
  concurrencyPerCluster: number;
  callTimeoutMs: number;
  relistIntervalMs: number;
  /** Into how many shards the services are split (1: one task and lease for all). */
  shards: number;
}

/** More shards than this would only add leases and tasks. */
const MAX_SHARDS = 64;

function duration(
  config: Config | undefined,
  key: string,
  fallback: HumanDuration,
): HumanDuration {
  return config?.has(key) ? readDurationFromConfig(config, { key }) : fallback;
}

export function readSyncConfig(root: Config): SyncConfig {
  const config = root.getOptionalConfig('miniplanes.sync');
  return {
    frequency: duration(config, 'frequency', { seconds: 30 }),
    timeout: duration(config, 'timeout', { minutes: 5 }),
    failoverGracePeriodMs: durationToMilliseconds(
      duration(config, 'failoverGracePeriod', { minutes: 2 }),
    ),
    concurrencyPerCluster:
      config?.getOptionalNumber('concurrencyPerCluster') ?? 8,
    callTimeoutMs: config?.getOptionalNumber('callTimeoutMs') ?? 10_000,
    relistIntervalMs: durationToMilliseconds(
      duration(config, 'relistInterval', { minutes: 3 }),
    ),
    shards: readShards(config),
  };
}

function readShards(config: Config | undefined): number {
  const shards = config?.getOptionalNumber('shards') ?? 1;
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS) {
    throw new Error(
      `Invalid config at miniplanes.sync.shards: expected a whole number from 1 to ${MAX_SHARDS}, got ${shards}`,
    );
  }
  return shards;
}
