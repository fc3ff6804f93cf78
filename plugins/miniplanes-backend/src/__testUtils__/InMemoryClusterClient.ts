import { ClusterClient, ObjectRef } from '../cluster/ClusterClient';
import { ClusterCallError } from '../cluster/clusterErrors';
import { labelSelectorMatches } from '../cluster/labelSelector';
import { KubeObject, objectKey } from '../cluster/objectIdentity';

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'CustomResourceDefinition',
  'ClusterRole',
]);

/**
 * A member cluster in memory for the engine's unit tests: it serves a fixed
 * set of kinds, keeps objects by identity, bumps generations, counts writes
 * and can be made to fail. Integration tests use the kube-sim simulator.
 */
export class InMemoryClusterClient implements ClusterClient {
  readonly objects = new Map<string, KubeObject>();
  readonly writes: { verb: 'create' | 'apply' | 'delete'; key: string }[] = [];
  failure?: ClusterCallError;
  private nextUid = 0;

  constructor(
    readonly cluster: string,
    private readonly servedKinds = new Set([
      'v1/Namespace',
      'v1/ConfigMap',
      'v1/Service',
      'apps/v1/Deployment',
      'apps/v1/StatefulSet',
    ]),
  ) {}

  private check() {
    if (this.failure) throw this.failure;
  }

  async scopeOf(apiVersion: string, kind: string) {
    this.check();
    if (!this.servedKinds.has(`${apiVersion}/${kind}`)) return undefined;
    return CLUSTER_SCOPED.has(kind)
      ? ('Cluster' as const)
      : ('Namespaced' as const);
  }

  async list(
    apiVersion: string,
    kind: string,
    labelSelector: string,
    namespace?: string,
  ) {
    this.check();
    return [...this.objects.values()].filter(
      o =>
        o.apiVersion === apiVersion &&
        o.kind === kind &&
        (namespace === undefined || o.metadata.namespace === namespace) &&
        labelSelectorMatches(o.metadata.labels, labelSelector),
    );
  }

  /** Always a fresh list: memory needs no watch. */
  async listWatched(apiVersion: string, kind: string, labelSelector: string) {
    const objects = await this.list(apiVersion, kind, labelSelector);
    return new Map(objects.map(o => [objectKey(o), o]));
  }

  async namespacedKinds() {
    this.check();
    return [...this.servedKinds]
      .map(served => {
        const slash = served.lastIndexOf('/');
        return {
          apiVersion: served.slice(0, slash),
          kind: served.slice(slash + 1),
        };
      })
      .filter(({ kind }) => !CLUSTER_SCOPED.has(kind));
  }

  /** Its lists read memory already. */
  isWatchedFresh() {
    return true;
  }

  invalidateWatched() {}

  stop() {}

  async get(ref: ObjectRef) {
    this.check();
    return this.objects.get(objectKey(ref));
  }

  async create(manifest: KubeObject) {
    this.check();
    const key = objectKey(manifest);
    if (this.objects.has(key)) return 'exists' as const;
    const created = {
      ...structuredClone(manifest),
      metadata: {
        ...structuredClone(manifest.metadata),
        uid: `uid-${(this.nextUid += 1)}`,
        generation: 1,
      },
    };
    this.objects.set(key, created);
    this.writes.push({ verb: 'create', key });
    return structuredClone(created);
  }

  async apply(manifest: KubeObject, options: { uid?: string } = {}) {
    this.check();
    const key = objectKey(manifest);
    const previous = this.objects.get(key);
    if (options.uid && previous?.metadata.uid !== options.uid) {
      throw new ClusterCallError(
        this.cluster,
        `apply on cluster ${this.cluster} failed: Precondition failed: UID in precondition: ${options.uid}`,
        409,
        false,
        undefined,
      );
    }
    const previousSpec = JSON.stringify(previous?.spec);
    const generation =
      (previous?.metadata.generation as number | undefined) ?? 0;
    const next: KubeObject = structuredClone({
      ...manifest,
      metadata: {
        ...manifest.metadata,
        uid: previous?.metadata.uid ?? `uid-${(this.nextUid += 1)}`,
        generation:
          !previous || JSON.stringify(manifest.spec) !== previousSpec
            ? generation + 1
            : generation,
      },
      status: previous?.status,
    });
    this.objects.set(key, next);
    this.writes.push({ verb: 'apply', key });
    return next;
  }

  async delete(ref: ObjectRef, options: { uid?: string } = {}) {
    this.check();
    const live = this.objects.get(objectKey(ref));
    if (!live) return 'gone' as const;
    if (options.uid && live.metadata.uid !== options.uid)
      return 'replaced' as const;
    this.objects.delete(objectKey(ref));
    this.writes.push({ verb: 'delete', key: objectKey(ref) });
    return 'deleted' as const;
  }

  /** What an admin or another controller does behind miniplanes' back. */
  edit(ref: ObjectRef, change: (object: KubeObject) => void) {
    const object = this.objects.get(objectKey(ref));
    if (!object) throw new Error(`no ${objectKey(ref)} in ${this.cluster}`);
    change(object);
  }

  /** Marks every workload ready, as the cluster's controllers eventually would. */
  becomeReady() {
    for (const object of this.objects.values()) {
      const spec = object.spec as { replicas?: number } | undefined;
      if (spec && 'replicas' in spec) {
        object.status = {
          observedGeneration: object.metadata.generation,
          replicas: spec.replicas,
          updatedReplicas: spec.replicas,
          readyReplicas: spec.replicas,
          availableReplicas: spec.replicas,
        };
      }
    }
  }
}
