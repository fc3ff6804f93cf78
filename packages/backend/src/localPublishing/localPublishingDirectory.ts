import { Config } from '@backstage/config';
import { resolve } from 'node:path';

/**
 * The directory `publish:local` writes repositories to, resolved like the
 * catalog's file locations (relative to the backend's working directory);
 * undefined unless localPublishing is enabled, as it is only in the demo.
 */
export function localPublishingDirectory(config: Config): string | undefined {
  if (!config.getOptionalBoolean('localPublishing.enabled')) return undefined;
  return resolve(config.getString('localPublishing.directory'));
}
