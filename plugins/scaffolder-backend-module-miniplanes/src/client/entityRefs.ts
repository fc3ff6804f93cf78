const ENTITY_REF = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/;

/**
 * Splits `[kind:][namespace/]name` (kind defaults to component, namespace to
 * default), lowercasing kind and namespace as the catalog compares them.
 */
export function splitEntityRef(ref: string): {
  kind: string;
  namespace: string;
  name: string;
} {
  const match = ENTITY_REF.exec(ref.trim());
  if (!match) {
    throw new Error(
      `${JSON.stringify(
        ref,
      )} is not an entity reference; expected kind:namespace/name, such as component:default/storage`,
    );
  }
  const [, kind = 'component', namespace = 'default', name] = match;
  return { kind: kind.toLowerCase(), namespace: namespace.toLowerCase(), name };
}

/** The full form, `component:default/storage`, that FederatedServices carry. */
export function normalizeEntityRef(ref: string): string {
  const { kind, namespace, name } = splitEntityRef(ref);
  return `${kind}:${namespace}/${name}`;
}
