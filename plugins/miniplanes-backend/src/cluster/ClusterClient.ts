import { KubeObject } from './objectIdentity';

/**
 * How to reach a member cluster with write access. Never leaves the backend.
 *
 * @public
 */
export interface ClusterConnection {
  name: string;
  url: string;
  /** Base64 PEM of the cluster's CA, as in a kubeconfig. */
  caData?: string;
  token?: string;
  skipTLSVerify?: boolean;
}

/** A reference to an object in a cluster. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

/** The calls the sync makes to one member cluster. */
export interface ClusterClient {
  readonly cluster: string;
  /** Whether the kind is namespaced; undefined when the cluster does not serve it. */
  scopeOf(
    apiVersion: string,
    kind: string,
  ): Promise<'Namespaced' | 'Cluster' | undefined>;
  /** Every object of the kind matching the label selector, in one namespace or all. */
  list(
    apiVersion: string,
    kind: string,
    labelSelector: string,
    namespace?: string,
  ): Promise<KubeObject[]>;
  /**
   * Every object of the kind matching the label selector, in all
   * namespaces, by objectKey, possibly from a copy a watch keeps current
   * (listed afresh when the watch ends and at least every so often). The
   * map does not change once returned.
   */
  listWatched(
    apiVersion: string,
    kind: string,
    labelSelector: string,
  ): Promise<ReadonlyMap<string, KubeObject>>;
  /**
   * Every kind the cluster serves in namespaces that can be listed and
   * deleted (what deleting a namespace deletes), asked of discovery afresh.
   */
  namespacedKinds(): Promise<{ apiVersion: string; kind: string }[]>;
  /** Whether `listWatched` would answer from its copy, without a call. */
  isWatchedFresh(
    apiVersion: string,
    kind: string,
    labelSelector: string,
  ): boolean;
  /** Distrusts the watched copies: the next `listWatched` lists afresh. */
  invalidateWatched(): void;
  /** Ends the client's watches. */
  stop(): void;
  get(ref: ObjectRef): Promise<KubeObject | undefined>;
  /**
   * Creates the object under miniplanes' field manager unless one of that
   * name exists: then nothing is written (`exists`), so an object someone
   * made meanwhile is never changed.
   */
  create(manifest: KubeObject): Promise<KubeObject | 'exists'>;
  /**
   * Server-side apply under miniplanes' field manager, taking over
   * conflicts. Fields an earlier `create` set are the apply's too: those
   * the manifest no longer names are removed. Given a uid, it writes only
   * the object of that uid: one of the name made since (another uid), or
   * none, is a 409, the API server's precondition.
   */
  apply(manifest: KubeObject, options?: { uid?: string }): Promise<KubeObject>;
  /**
   * Deletes in the background, only the object with the given uid when one
   * is given: `gone` when nothing was there, `replaced` when the object there
   * now is another one (someone recreated it), and then nothing is deleted.
   */
  delete(
    ref: ObjectRef,
    options?: { uid?: string },
  ): Promise<'deleted' | 'gone' | 'replaced'>;
}
