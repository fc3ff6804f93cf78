import { Entity } from '@backstage/catalog-model';

/** The entity runs on Kubernetes (the Kubernetes plugin's own annotation). */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';

/** The entity names its federated service explicitly. */
export const FEDERATED_SERVICE_ANNOTATION = 'miniplanes.io/federated-service';

/**
 * Whether the entity page should show the Placement tab: the entity runs on
 * Kubernetes, or says which federated service it is.
 *
 * @public
 */
export function isMiniplanesAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[KUBERNETES_ID_ANNOTATION] ||
      annotations[FEDERATED_SERVICE_ANNOTATION],
  );
}
