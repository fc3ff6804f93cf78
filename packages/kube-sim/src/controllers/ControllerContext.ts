import { randomBytes } from 'node:crypto';
import { Operations } from '../operations/Operations';
import { SYSTEM_CONTEXT, WriteContext } from '../operations/options';
import { StatusError } from '../kube/StatusError';
import { ResourceType } from '../resources/ResourceType';
import { KubeObject } from '../kube/types';

type Obj = Record<string, any>;

/** What controllers share: typed access to the API, event recording and timed requeues. */
export class ControllerContext {
  recordEvents = true;

  constructor(
    readonly ops: Operations,
    /** Ids (`storageKey|namespace|name`) of the objects that name an owner uid. */
    private readonly dependentsOf: (ownerUid: string) => Iterable<string>,
    /** Reconciles the object again after `delayMs` (a controller waiting on the clock). */
    readonly requeueAfter: (
      type: ResourceType,
      object: KubeObject,
      delayMs: number,
    ) => void,
  ) {}

  type(group: string, resource: string, version = 'v1'): ResourceType {
    const found = this.ops.registry.find(group, version, resource);
    if (!found)
      throw new Error(
        `kube-sim has no resource ${group}/${version}/${resource}`,
      );
    return found;
  }

  /**
   * The served type an object is stored as (its own apiVersion), to write it
   * back; undefined once its CRD no longer serves that version.
   */
  typeOf(storageKey: string, object: KubeObject): ResourceType | undefined {
    const resource = storageKey.slice(storageKey.indexOf('/') + 1);
    const apiVersion = object.apiVersion ?? '';
    const slash = apiVersion.lastIndexOf('/');
    return this.ops.registry.find(
      slash < 0 ? '' : apiVersion.slice(0, slash),
      apiVersion.slice(slash + 1),
      resource,
    );
  }

  get pods() {
    return this.type('', 'pods');
  }

  get nodes() {
    return this.type('', 'nodes');
  }

  context(manager: string): WriteContext {
    return {
      ...SYSTEM_CONTEXT,
      fieldManager: manager,
      defaultManager: manager,
    };
  }

  /** Writes a new status (a no-op write stores nothing). */
  writeStatus(
    type: ResourceType,
    object: KubeObject,
    status: Obj,
    manager: string,
  ) {
    // Controllers recompute status on every event; an equal one written
    // through the status subresource stores nothing, so skip the write path.
    if (this.ops.storesNoStatusChange(type, object, status)) return object;
    return this.tolerate(() =>
      this.ops.update(
        type,
        object.metadata.namespace,
        object.metadata.name!,
        { ...object, status },
        this.context(manager),
        type.subresources.status ? 'status' : undefined,
      ),
    );
  }

  create(
    type: ResourceType,
    namespace: string | undefined,
    body: Obj,
    manager: string,
  ) {
    return this.tolerate(() =>
      this.ops.create(type, namespace, body, this.context(manager)),
    );
  }

  update(type: ResourceType, object: KubeObject, manager: string) {
    return this.tolerate(() =>
      this.ops.update(
        type,
        object.metadata.namespace,
        object.metadata.name!,
        object,
        this.context(manager),
      ),
    );
  }

  delete(type: ResourceType, object: KubeObject, manager: string) {
    return this.tolerate(() =>
      this.ops.delete(
        type,
        object.metadata.namespace,
        object.metadata.name!,
        this.context(manager),
      ),
    );
  }

  /** Objects this controller object owns (by controller ownerReference uid). */
  owned(type: ResourceType, owner: KubeObject): KubeObject[] {
    const storageKey = this.ops.storageKey(type);
    const result: KubeObject[] = [];
    for (const id of this.dependentsOf(owner.metadata.uid!)) {
      const [key, namespace, name] = id.split('|');
      if (key !== storageKey) continue;
      const object = this.ops.store.get(key, namespace || undefined, name);
      if (
        object?.metadata.ownerReferences?.some(
          r => r.uid === owner.metadata.uid && r.controller,
        )
      ) {
        result.push(object);
      }
    }
    return result;
  }

  ownerReference(owner: KubeObject) {
    return {
      apiVersion: owner.apiVersion!,
      kind: owner.kind!,
      name: owner.metadata.name!,
      uid: owner.metadata.uid!,
      controller: true,
      blockOwnerDeletion: true,
    };
  }

  event(
    object: KubeObject,
    reason: string,
    message: string,
    type: 'Normal' | 'Warning' = 'Normal',
    component = 'kube-controller-manager',
  ) {
    if (!this.recordEvents || !object.metadata.namespace) return;
    const now = this.ops.clock.timestamp();
    this.create(
      this.type('', 'events'),
      object.metadata.namespace,
      {
        metadata: {
          name: `${object.metadata.name}.${randomBytes(8).toString('hex')}`,
        },
        involvedObject: {
          apiVersion: object.apiVersion,
          kind: object.kind,
          name: object.metadata.name,
          namespace: object.metadata.namespace,
          uid: object.metadata.uid,
          resourceVersion: object.metadata.resourceVersion,
        },
        reason,
        message,
        type,
        source: { component },
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
        reportingComponent: component,
        reportingInstance: component,
      },
      component,
    );
  }

  /** Controllers lose races (conflicts, objects deleted meanwhile): they retry on the next event. */
  private tolerate<T>(write: () => T): T | undefined {
    try {
      return write();
    } catch (e) {
      if (e instanceof StatusError && [404, 409, 403].includes(e.code))
        return undefined;
      throw e;
    }
  }
}

// Controllers hash a template on every reconcile; stored objects never
// change, so each template object is hashed once.
const templateHashes = new WeakMap<object, string>();

/** Stable short hash of a pod template: names ReplicaSets and revisions. */
export function templateHash(template: unknown): string {
  const cacheable = typeof template === 'object' && template !== null;
  const known = cacheable ? templateHashes.get(template) : undefined;
  if (known) return known;
  const text = JSON.stringify(template ?? {});
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  let n = h >>> 0;
  for (let i = 0; i < 10; i++) {
    out += alphabet[n % alphabet.length];
    n = Math.floor(n / alphabet.length) || (h >>> (i + 1)) + i;
  }
  if (cacheable) templateHashes.set(template, out);
  return out;
}

export function condition(
  type: string,
  status: boolean,
  reason: string,
  message: string,
  now: string,
  previous?: Obj[],
) {
  const old = previous?.find(c => c.type === type);
  const statusText = status ? 'True' : 'False';
  const unchanged = old && old.status === statusText && old.reason === reason;
  return {
    type,
    status: statusText,
    lastUpdateTime: unchanged ? old.lastUpdateTime ?? now : now,
    lastTransitionTime:
      old && old.status === statusText ? old.lastTransitionTime ?? now : now,
    reason,
    message,
  };
}
