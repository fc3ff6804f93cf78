import {
  ClusterProfile,
  FederatedService,
  Fleet,
  ObjectSyncStatus,
  dataJurisdictionRefusals,
  OperatorProfile,
  PlacementDecision,
  renderClusterManifests,
  ResourceInterpreter,
  renderConnections,
} from '@miniplanes/plugin-miniplanes-common';
import {
  describeObject,
  KubeObject,
  objectKey,
} from '../cluster/objectIdentity';
import { INSTALLATION_LABEL, PORTAL_ANNOTATION } from '../cluster/labels';
import { holdsData } from '../store/inventoryEntries';
import { InventoryEntry, PendingRelease } from '../store/InventoryStore';
import { StoredService } from '../store/MiniplanesStore';
import { groupBy } from '../lib/groupBy';
import { DesiredObject } from './planClusterSync';
import { ServiceSyncTarget } from './SyncEngine';

/** A version of a service the sync can take: its spec and the decision for it. */
export interface SyncVersion {
  specVersion: number;
  spec: FederatedService;
  decision?: PlacementDecision;
}

/** What the sync makes of one version: a target, or why it cannot be synced. */
export type VersionTarget =
  | { ok: true; target: ServiceSyncTarget }
  | {
      ok: false;
      reason: string;
      /** Retrying cannot help (the version does not render); else it may (no decision yet, placement cannot be met). */
      persistent: boolean;
    };

/**
 * What every cluster should hold of one version of a service: the rendered
 * manifests of the roles placed there (with what the data operations ask of
 * the data clusters' operators) and the connections: where compute runs
 * without the data, the objects that route it to the data clusters, SPIFFE
 * federation between the clusters that talk, and the service's monitoring.
 *
 * A version without a decision that can be met is not a target: syncing an
 * empty placement would remove its compute everywhere. Data is never
 * rendered for a cluster outside the data's jurisdictions, whatever the
 * decision says (it is reported as refused instead).
 */
export function versionTarget(
  input: VersionTargetInput,
  /** Renders the version; a cache may answer for inputs it has seen (the pass's own render otherwise). */
  render: (input: VersionTargetInput) => RenderedVersion = renderVersion,
): VersionTarget {
  const rendered = render(input);
  if (!rendered.ok) return rendered;
  return {
    ok: true,
    target: {
      entityRef: input.entityRef,
      specVersion: input.version.specVersion,
      desired: rendered.desired,
      inventory: groupBy(input.inventory, e => e.cluster),
      releases: new Map(
        [...groupBy(input.releases, r => r.cluster)].map(([cluster, list]) => [
          cluster,
          groupBy(list, r => r.objectKey),
        ]),
      ),
      refused: rendered.refused,
    },
  };
}

/** What a version renders to, per cluster: what to write, and the data refused there. */
export type RenderedVersion =
  | {
      ok: true;
      desired: Map<string, DesiredObject[]>;
      refused: Map<string, ObjectSyncStatus[]>;
    }
  | Extract<VersionTarget, { ok: false }>;

export interface VersionTargetInput {
  entityRef: string;
  version: SyncVersion;
  clusters: string[];
  fleet: Fleet;
  inventory: InventoryEntry[];
  releases: PendingRelease[];
  /** Operator profiles for data operations (the built-in ones when absent). */
  profiles?: OperatorProfile[];
  /** How workload kinds take their replica share (the built-in ones when absent). */
  interpreters?: readonly ResourceInterpreter[];
  /** Addresses the data clusters' gateway Services reported, by `loadBalancerKey`. */
  loadBalancers?: Map<string, string[]>;
  /**
   * Newer versions whose data rules bind too: when the sync falls back on an
   * older version, the latest approved residency still decides where data
   * may be written.
   */
  newerRules?: FederatedService[];
  /** This miniplanes installation, which every object names (INSTALLATION_LABEL). */
  installation: string;
  /** This installation's portal (`app.baseUrl`), which every object names when known (PORTAL_ANNOTATION). */
  portal?: string;
}

/**
 * The rendering part of {@link versionTarget}: pure, a function of its input
 * but for the inventory's entries, of which only the objects that held data
 * count.
 */
export function renderVersion(input: VersionTargetInput): RenderedVersion {
  const { version, fleet } = input;
  const { decision, spec } = version;
  if (!decision) {
    return {
      ok: false,
      reason: `spec version ${version.specVersion} has no placement decision yet`,
      persistent: false,
    };
  }
  if (!decision.satisfiable) {
    return {
      ok: false,
      reason: `the placement of spec version ${
        version.specVersion
      } cannot be met: ${decision.unsatisfied.map(r => r.message).join('; ')}`,
      persistent: false,
    };
  }
  const desired = new Map<string, DesiredObject[]>();
  const refused = new Map<string, ObjectSyncStatus[]>();
  const profiles = new Map(fleet.clusters.map(c => [c.name, c]));
  // Objects that held data in an approved version stay data wherever they
  // are: a later version calling them compute does not let them be written
  // outside the data's jurisdictions.
  const dataKeys = new Set(
    input.inventory.filter(holdsData).map(e => `${e.cluster} ${e.objectKey}`),
  );
  try {
    for (const cluster of input.clusters) {
      const rendered = renderClusterManifests({
        service: spec,
        decision,
        cluster,
        // Data operations are checked against the fleet as it is now.
        fleet,
        profiles: input.profiles,
        interpreters: input.interpreters,
      }).map(r => ({ role: r.role, manifest: r.manifest as KubeObject }));
      const isData = (r: DesiredObject) =>
        r.role === 'data' ||
        dataKeys.has(`${cluster} ${objectKey(r.manifest)}`);
      const heldData = rendered.some(isData);
      const outside = [spec, ...(input.newerRules ?? [])]
        .map(rules =>
          dataRefusal(rules, fleet, profiles.get(cluster), heldData),
        )
        .find(Boolean);
      desired.set(
        cluster,
        outside ? rendered.filter(r => !isData(r)) : rendered,
      );
      if (outside) {
        const data = rendered.filter(isData);
        if (data.length > 0)
          refused.set(
            cluster,
            data.map(r => refusedStatus(r, outside)),
          );
      }
    }
  } catch (error) {
    return {
      ok: false,
      reason: `spec version ${version.specVersion} cannot be rendered: ${
        (error as Error).message
      }`,
      persistent: true,
    };
  }
  const { objects: connections } = renderConnections({
    service: spec,
    fleet,
    desired,
    loadBalancers: input.loadBalancers,
  });
  for (const [cluster, manifests] of connections) {
    const entries: DesiredObject[] = manifests.map(m => ({
      role: 'access',
      manifest: m as KubeObject,
    }));
    // An access entry never takes the place of data kept in the cluster:
    // where the Service would, neither it nor its endpoints are written.
    const blocked = new Set(
      entries
        .filter(e => dataKeys.has(`${cluster} ${objectKey(e.manifest)}`))
        .map(
          e => `${e.manifest.metadata.namespace}/${e.manifest.metadata.name}`,
        ),
    );
    const free = entries.filter(e => {
      const service =
        e.manifest.metadata.labels?.['kubernetes.io/service-name'] ??
        e.manifest.metadata.name;
      return !blocked.has(`${e.manifest.metadata.namespace}/${service}`);
    });
    desired.set(cluster, [...(desired.get(cluster) ?? []), ...free]);
  }
  for (const objects of desired.values())
    for (const { manifest } of objects) namedByInstallation(manifest, input);
  return { ok: true, desired, refused };
}

/** Labels a manifest the render made (not shared) with the installation that writes it. */
function namedByInstallation(
  manifest: KubeObject,
  { installation, portal }: Pick<VersionTargetInput, 'installation' | 'portal'>,
) {
  manifest.metadata.labels = {
    ...manifest.metadata.labels,
    [INSTALLATION_LABEL]: installation,
  };
  if (portal)
    manifest.metadata.annotations = {
      ...manifest.metadata.annotations,
      [PORTAL_ANNOTATION]: portal,
    };
}

/**
 * Why data may not be written to a cluster now: its jurisdiction is outside
 * the service's residency or governance. Checked at write time, so no race
 * between a relabelled cluster and a decision lets data out.
 */
function dataRefusal(
  spec: FederatedService,
  fleet: Fleet,
  profile: ClusterProfile | undefined,
  /** Whether what would be written there holds data, whatever its role now. */
  heldData: boolean,
): string | undefined {
  if (!heldData) return undefined;
  if (!profile) return 'the cluster is not in the fleet';
  const reasons = dataJurisdictionRefusals(spec, fleet, profile);
  return reasons.length > 0
    ? reasons.map(r => r.message).join('; ')
    : undefined;
}

function refusedStatus(rendered: DesiredObject, why: string): ObjectSyncStatus {
  const { manifest } = rendered;
  return {
    apiVersion: manifest.apiVersion,
    kind: manifest.kind,
    namespace: manifest.metadata.namespace,
    name: manifest.metadata.name,
    role: rendered.role,
    state: 'Error',
    action: 'skipped',
    message: `refused to write ${describeObject(
      manifest,
    )}: it holds data, and ${why}`,
  };
}

/** A service's current version, with its decision only if it was computed for that version. */
export function currentVersion(service: StoredService): SyncVersion {
  return {
    specVersion: service.specVersion,
    spec: service.spec,
    // A decision computed for an older spec is no decision for this one.
    decision:
      service.decisionSpecVersion === undefined ||
      service.decisionSpecVersion === service.specVersion
        ? service.decision
        : undefined,
  };
}
