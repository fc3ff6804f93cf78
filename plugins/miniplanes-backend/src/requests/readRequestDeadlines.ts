import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { RequestDeadlines } from './RequestService';

function duration(
  config: Config | undefined,
  key: string,
  fallback: HumanDuration,
) {
  return durationToMilliseconds(
    config?.has(key) ? readDurationFromConfig(config, { key }) : fallback,
  );
}

/** The `miniplanes.requests` deadlines, defaults filled in. */
export function readRequestDeadlines(root: Config): RequestDeadlines {
  const config = root.getOptionalConfig('miniplanes.requests');
  const deadlines = {
    escalateAfterMs: duration(config, 'applyDeadline', { minutes: 15 }),
    failAfterMs: duration(config, 'failDeadline', { hours: 24 }),
  };
  if (deadlines.failAfterMs < deadlines.escalateAfterMs) {
    throw new Error(
      'miniplanes.requests.failDeadline must not be shorter than miniplanes.requests.applyDeadline',
    );
  }
  return deadlines;
}
