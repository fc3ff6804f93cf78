import { KubeObject } from '../kube/types';
import { StoredEvent } from '../store/ObjectStore';

/** An object to reconcile, by storage key (`group/resource`). */
export type ObjectRef = {
  storageKey: string;
  namespace?: string;
  name: string;
};

/**
 * A controller of some kinds (LoadBalancer Services, an operator's custom
 * resources): the manager hands it each changed object of those kinds, and
 * asks it which of them to look at again when something else changes.
 */
export interface Controller {
  /** Reconcile functions by the storage key of the kind they reconcile. */
  readonly reconcilers: Record<string, (object: KubeObject) => void>;
  /** Objects of its kinds that depend on a changed object of another kind. */
  dependents?(event: StoredEvent): ObjectRef[];
}
