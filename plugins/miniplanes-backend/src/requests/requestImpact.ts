import {
  FederatedService,
  Fleet,
  isClusterScopedKind,
  OperatorProfile,
  PlacementDecision,
  renderClusterManifests,
  RequestImpact,
  ResourceInterpreter,
} from '@miniplanes/plugin-miniplanes-common';
import { ADOPT_ANNOTATION } from '../cluster/labels';
import { claimNamePatterns } from '../cluster/statefulSetClaims';
import { KubeObject, objectKey } from '../cluster/objectIdentity';
import { InventoryEntry } from '../store/InventoryStore';
import { ReleasedObject } from '../store/MiniplanesStore';
import { holdsData } from '../store/inventoryEntries';
import { PrivilegedObject } from './privilegedObjects';

/**
 * What approving a version does to the clusters beyond the placement diff,
 * from the inventory of what miniplanes applied: every object the sync will
 * delete (released data, and what is no longer placed), the data it will
 * keep, the objects the version adopts and the powerful kinds it applies.
 */
export function requestImpact(input: {
  spec: FederatedService;
  preview: PlacementDecision;
  /** The service's inventory entries, every cluster. */
  inventory: InventoryEntry[];
  /** Clusters this version adds to spec.data.release. */
  newlyReleased: string[];
  /** The fleet and operator profiles the sync renders data operations with. */
  fleet?: Fleet;
  profiles?: OperatorProfile[];
  /** The sync's resource interpreters (the built-in ones when absent). */
  interpreters?: readonly ResourceInterpreter[];
  /** The version's objects that give power beyond the service (privilegedObjects). */
  privileged: PrivilegedObject[];
  /** Earlier versions by spec version: those released objects were last applied from. */
  appliedSpecs?: ReadonlyMap<number, FederatedService>;
}): RequestImpact {
  const { spec, preview, inventory } = input;
  const released = new Set(input.newlyReleased);
  const desired = new Map<string, Set<string>>();
  for (const cluster of preview.clusters) {
    desired.set(
      cluster.name,
      new Set(
        renderSafely(input, cluster.name).map(m => objectKey(asKeyed(m))),
      ),
    );
  }
  const impact: RequestImpact = {
    deletes: [],
    kept: [],
    adoptions: [],
    privileged: [],
  };
  for (const entry of inventory) {
    if (desired.get(entry.cluster)?.has(entry.objectKey)) continue;
    const ref = {
      cluster: entry.cluster,
      apiVersion: entry.apiVersion,
      kind: entry.kind,
      ...(entry.namespace ? { namespace: entry.namespace } : {}),
      name: entry.name,
    };
    if (!holdsData(entry)) {
      impact.deletes.push({
        ...ref,
        reason:
          'no longer placed here (kept instead if deleting it would take data or objects miniplanes does not own with it)',
      });
    } else if (entry.state === 'retained' && released.has(entry.cluster)) {
      const claims = claimsLeftByRelease(
        entry,
        input.appliedSpecs?.get(entry.specVersion ?? -1) ?? spec,
      );
      impact.deletes.push({
        ...ref,
        reason: `retained data this version releases${
          claims ? `; ${claims}` : ''
        }`,
      });
    } else {
      impact.kept.push({
        ...ref,
        reason:
          entry.state === 'retained'
            ? 'retained data: kept until a version releases this cluster'
            : 'data no longer placed here: kept until a later version releases it',
      });
    }
  }
  for (const { manifest } of spec.spec.resources) {
    const ref = {
      apiVersion: manifest.apiVersion,
      kind: manifest.kind,
      ...(manifest.metadata.namespace
        ? { namespace: manifest.metadata.namespace }
        : {}),
      name: manifest.metadata.name,
    };
    const annotations = manifest.metadata.annotations as
      | Record<string, string>
      | undefined;
    if (annotations?.[ADOPT_ANNOTATION] === 'true') impact.adoptions.push(ref);
  }
  for (const { path: _path, ...privileged } of input.privileged) {
    impact.privileged.push(privileged);
  }
  return impact;
}

/**
 * What releasing a retained StatefulSet leaves, as it was applied: the
 * claims its controller made from its volumeClaimTemplates, which
 * miniplanes never applied and so does not delete.
 */
function claimsLeftByRelease(
  entry: InventoryEntry,
  applied: FederatedService,
): string | undefined {
  const manifest = applied.spec.resources
    .map(r => r.manifest)
    .find(
      m =>
        m.kind === entry.kind &&
        m.apiVersion === entry.apiVersion &&
        m.metadata.name === entry.name &&
        (m.metadata.namespace ?? applied.metadata.namespace) ===
          entry.namespace,
    );
  const templates = manifest ? claimNamePatterns(manifest) : [];
  if (templates.length === 0) return undefined;
  return `the storage claims its controller made (${templates.join(
    ', ',
  )}) are not deleted: miniplanes did not apply them. Delete them in the cluster to free their storage`;
}

/** The retained objects a version releases: those the approver was shown, as they are now. */
export function releasesOf(
  impact: RequestImpact | undefined,
  inventory: InventoryEntry[],
): ReleasedObject[] {
  const entries = new Map(
    inventory.map(e => [`${e.cluster} ${e.objectKey}`, e]),
  );
  return (impact?.deletes ?? []).flatMap(d => {
    const key = objectKey({
      apiVersion: d.apiVersion,
      kind: d.kind,
      metadata: { name: d.name, namespace: d.namespace },
    });
    const entry = entries.get(`${d.cluster} ${key}`);
    if (!entry || entry.state !== 'retained' || !holdsData(entry)) return [];
    return [{ cluster: d.cluster, objectKey: key, uid: entry.uid }];
  });
}

/** What the sync would apply to a cluster, data operations' objects included. */
function renderSafely(
  input: {
    spec: FederatedService;
    preview: PlacementDecision;
    fleet?: Fleet;
    profiles?: OperatorProfile[];
    interpreters?: readonly ResourceInterpreter[];
  },
  cluster: string,
): KubeObject[] {
  try {
    return renderClusterManifests({
      service: input.spec,
      decision: input.preview,
      cluster,
      fleet: input.fleet,
      profiles: input.profiles,
      interpreters: input.interpreters,
    }).map(r => r.manifest as KubeObject);
  } catch {
    // Filing refuses versions that do not render; nothing to compare then.
    return [];
  }
}

/** The key a cluster gives a rendered object: namespaced kinds default to `default`. */
function asKeyed(manifest: KubeObject): KubeObject {
  if (
    manifest.metadata.namespace ||
    isClusterScopedKind(manifest.apiVersion, manifest.kind)
  )
    return manifest;
  return {
    ...manifest,
    metadata: { ...manifest.metadata, namespace: 'default' },
  };
}
