import { KubeObject } from './objectIdentity';

/** A copy of the manifest with these annotations added to (or replacing) its own. */
export function withAnnotations(
  manifest: KubeObject,
  annotations: Record<string, string>,
): KubeObject {
  return {
    ...manifest,
    metadata: {
      ...manifest.metadata,
      annotations: { ...manifest.metadata.annotations, ...annotations },
    },
  };
}
