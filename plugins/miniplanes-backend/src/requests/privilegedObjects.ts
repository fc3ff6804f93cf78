import {
  FederatedService,
  isClusterScopedKind,
  SyncedObjectRef,
} from '@miniplanes/plugin-miniplanes-common';

/** An object of a version whose kind gives power beyond the service. */
export interface PrivilegedObject extends SyncedObjectRef {
  /** Where the document declares it: `spec.resources[i].manifest`. */
  path: string;
  /** Acts on the whole cluster: filing it needs miniplanes.request.privileged. */
  clusterWide: boolean;
  reason: string;
}

/** The API group of an apiVersion: "" for the core group. */
function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** A kind's scope, as the clusters that serve it say. */
export type ServedScope = 'Cluster' | 'Namespaced';

/**
 * Whether an API group is someone's extension rather than Kubernetes' own:
 * Kubernetes keeps unqualified groups and `*.k8s.io` to itself.
 */
export function isCustomGroup(group: string): boolean {
  return group.includes('.') && !group.endsWith('.k8s.io');
}

/**
 * The custom kinds (`group/Kind`, with an apiVersion to ask about) a version
 * applies without defining them itself: only the clusters know their scope.
 */
export function undefinedCustomKinds(
  spec: FederatedService,
): Map<string, string> {
  const defined = definedCustomKinds(spec);
  const kinds = new Map<string, string>();
  for (const { manifest } of spec.spec.resources) {
    const group = apiGroupOf(manifest.apiVersion);
    const key = `${group}/${manifest.kind}`;
    if (isCustomGroup(group) && !defined.has(key))
      kinds.set(key, manifest.apiVersion);
  }
  return kinds;
}

/** The custom kinds the version's own CustomResourceDefinitions define, by `group/Kind`, with their scope. */
function definedCustomKinds(spec: FederatedService): Map<string, unknown> {
  const kinds = new Map<string, unknown>();
  for (const { manifest } of spec.spec.resources) {
    if (
      apiGroupOf(manifest.apiVersion) !== 'apiextensions.k8s.io' ||
      manifest.kind !== 'CustomResourceDefinition'
    )
      continue;
    const crd = manifest.spec as
      | { group?: unknown; scope?: unknown; names?: { kind?: unknown } }
      | undefined;
    if (typeof crd?.names?.kind === 'string')
      kinds.set(`${crd.group ?? ''}/${crd.names.kind}`, crd.scope);
  }
  return kinds;
}

/** What the cluster-scoped kinds approvers most need to read about can do, by `group/Kind`. */
const CLUSTER_WIDE_REASONS: Record<string, string> = {
  'rbac.authorization.k8s.io/ClusterRole':
    'cluster-wide RBAC: permissions over every namespace',
  'rbac.authorization.k8s.io/ClusterRoleBinding':
    'cluster-wide RBAC: grants permissions over every namespace',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration':
    'an admission webhook: sees and may change every matching object written to the cluster',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration':
    'an admission webhook: sees and may refuse every matching object written to the cluster',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy':
    'an admission policy: may refuse writes anywhere in the cluster',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding':
    'an admission policy: may refuse writes anywhere in the cluster',
  'apiextensions.k8s.io/CustomResourceDefinition':
    'defines an API for the whole cluster (deleting it deletes every object of its kind)',
  'apiregistration.k8s.io/APIService':
    'routes an API of the whole cluster to a service',
  'scheduling.k8s.io/PriorityClass':
    'lets pods preempt others anywhere in the cluster',
  '/Namespace':
    'a namespace: its labels set the Pod Security level of everything in it',
  '/PersistentVolume':
    "storage for the whole cluster, which may mount a node's own disks",
};

/** Namespaced kinds that grant or carry permissions: flagged, but filed like any kind. */
const NAMESPACE_POWER: Record<string, string> = {
  'rbac.authorization.k8s.io/Role': 'RBAC: permissions in its namespace',
  'rbac.authorization.k8s.io/RoleBinding':
    'RBAC: grants permissions in its namespace',
  '/ServiceAccount': 'an identity that carries permissions in its namespace',
};

/**
 * The custom kinds the version's own CustomResourceDefinitions declare
 * cluster-scoped, by `group/Kind`: their scope is known before any cluster
 * serves them.
 */
function clusterScopedCustomKinds(spec: FederatedService): Set<string> {
  return new Set(
    [...definedCustomKinds(spec)]
      .filter(([, scope]) => scope === 'Cluster')
      .map(([key]) => key),
  );
}

/**
 * The objects of a version that give power beyond the service itself, each
 * with what it can do: cluster-scoped ones (built-in kinds, and custom kinds
 * the version's CustomResourceDefinitions declare cluster-scoped) act on the
 * whole cluster with miniplanes' write access; RBAC and service accounts act
 * in their namespace. Overrides cannot change a kind (validateVersion), so
 * the document says it all.
 */
export function privilegedObjects(
  spec: FederatedService,
  /**
   * What the connected clusters serve the custom kinds the version does not
   * define as, by `group/Kind` (see {@link undefinedCustomKinds}); a kind no
   * cluster serves yet is treated as cluster-wide. Without it, only what the
   * document says counts.
   */
  served?: ReadonlyMap<string, ServedScope>,
): PrivilegedObject[] {
  const customClusterKinds = clusterScopedCustomKinds(spec);
  const askable = served ? undefinedCustomKinds(spec) : new Map();
  return spec.spec.resources.flatMap(
    ({ manifest }, index): PrivilegedObject[] => {
      const key = `${apiGroupOf(manifest.apiVersion)}/${manifest.kind}`;
      const object = {
        path: `spec.resources[${index}].manifest`,
        apiVersion: manifest.apiVersion,
        kind: manifest.kind,
        ...(manifest.metadata.namespace
          ? { namespace: manifest.metadata.namespace }
          : {}),
        name: manifest.metadata.name,
      };
      if (isClusterScopedKind(manifest.apiVersion, manifest.kind)) {
        return [
          {
            ...object,
            clusterWide: true,
            reason:
              CLUSTER_WIDE_REASONS[key] ??
              'cluster-scoped: applied with miniplanes’ write access to the whole cluster',
          },
        ];
      }
      if (customClusterKinds.has(key)) {
        return [
          {
            ...object,
            clusterWide: true,
            reason: `cluster-scoped: this version's CustomResourceDefinition declares ${manifest.kind} scope Cluster`,
          },
        ];
      }
      if (askable.has(key) && served?.get(key) !== 'Namespaced') {
        return [
          {
            ...object,
            clusterWide: true,
            reason:
              served?.get(key) === 'Cluster'
                ? `cluster-scoped: the clusters serve ${key} as a cluster-scoped kind`
                : `scope unknown: no connected cluster serves ${key} yet, so it is treated as cluster-wide`,
          },
        ];
      }
      const reason = NAMESPACE_POWER[key];
      return reason ? [{ ...object, clusterWide: false, reason }] : [];
    },
  );
}
