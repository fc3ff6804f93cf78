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
}

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
  };
}
