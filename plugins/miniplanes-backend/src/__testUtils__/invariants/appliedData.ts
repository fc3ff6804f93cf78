import { readLive } from './kubePaths';
import {
  declared,
  isData,
  jurisdictionAllowed,
  ScenarioModel,
} from './ScenarioModel';
import { ScenarioWorld } from './ScenarioWorld';

/**
 * What `applied` promises of data, checked in the clusters: each data object
 * of a service's last applied version is in every cluster the approver saw
 * its data placed on — unless that cluster is no longer found, no longer
 * within the data's jurisdictions (then nothing may be written there), or
 * released by a later approved version.
 */
export function missingAppliedData(
  world: ScenarioWorld,
  model: ScenarioModel,
): string[] {
  const missing: string[] = [];
  for (const [entityRef, list] of model.versions) {
    const version = list.filter(v => v.applied).at(-1);
    if (!version) continue;
    // A later approved version may have released a cluster (and the release
    // been carried out) even if that version itself never applied.
    const releasedLater = new Set(
      list.slice(list.indexOf(version) + 1).flatMap(v => v.newlyReleased),
    );
    for (const cluster of version.dataClusters) {
      if (releasedLater.has(cluster)) continue;
      const labels = world.labels.get(cluster);
      if (
        !world.located.has(cluster) ||
        !jurisdictionAllowed(
          model.scenario,
          version.shape,
          labels?.jurisdiction,
        )
      )
        continue;
      for (const d of declared(version.shape).filter(isData)) {
        const live = readLive(world.cluster(cluster), {
          kind: d.resource.kind,
          namespace: version.shape.namespace,
          name: d.resource.name,
        });
        if (!live)
          missing.push(
            `${entityRef} spec of request ${version.requestId} is applied, but its data ${d.key} is not in ${cluster}`,
          );
      }
    }
  }
  return missing;
}
