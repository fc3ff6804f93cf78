import { ANNOTATION_ORIGIN_LOCATION, Entity } from '@backstage/catalog-model';
import { IgnoredClusterLabel } from '@miniplanes/plugin-miniplanes-common';

/**
 * The cluster labels that decide where data may live: the jurisdiction that
 * residency and every governance policy read. Whoever sets them decides
 * whose data a cluster may hold, so they come only from sources the
 * operator controls.
 */
export const SOVEREIGNTY_LABELS: readonly string[] = ['jurisdiction'];

/**
 * Whether the operator trusts a catalog entity with sovereignty labels: its
 * origin location (which the catalog sets from where the entity was
 * registered, so its author cannot forge it) matches one of
 * `miniplanes.catalog.trustedLocations`, exactly or by a trailing `*`.
 */
export function isTrustedEntity(
  entity: Entity,
  trustedLocations: readonly string[],
): boolean {
  const origin = entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
  if (!origin) return false;
  return trustedLocations.some(pattern =>
    pattern.endsWith('*')
      ? origin.startsWith(pattern.slice(0, -1))
      : origin === pattern,
  );
}

/**
 * An untrusted entity's labels without the sovereignty ones, and those it
 * carried, each with why it was not taken.
 */
export function withoutSovereigntyLabels(
  labels: Record<string, string>,
  entity: Entity,
): { labels: Record<string, string>; ignored: IgnoredClusterLabel[] } {
  const kept: Record<string, string> = {};
  const ignored: IgnoredClusterLabel[] = [];
  const origin =
    entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION] ??
    'an unknown location';
  for (const [label, value] of Object.entries(labels)) {
    if (SOVEREIGNTY_LABELS.includes(label))
      ignored.push({
        label,
        value,
        reason: `the catalog entity comes from ${origin}, which miniplanes.catalog.trustedLocations does not list`,
      });
    else kept[label] = value;
  }
  return { labels: kept, ignored };
}
