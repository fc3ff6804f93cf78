/** A managedFields field set: `{"f:data": {"f:a": {}}}`. */
type FieldSet = { [key: string]: FieldSet };

/** A managedFields entry as the server serves it. */
export type ManagedFieldsEntry = {
  manager?: string;
  operation?: string;
  subresource?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: FieldSet;
};

function union(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = { ...a };
  for (const [key, child] of Object.entries(b)) {
    out[key] = key in out ? union(out[key], child) : child;
  }
  return out;
}

function contains(a: FieldSet, b: FieldSet): boolean {
  return Object.entries(b).every(
    ([key, child]) => key in a && contains(a[key], child),
  );
}

/**
 * The managedFields that hand the fields `manager`'s create set over to its
 * applies, or undefined when nothing needs handing over.
 *
 * A create records its fields in an Update entry, which server-side apply
 * treats as another owner: a field a later manifest drops would stay in the
 * object for good. Folding that entry into the manager's Apply entry (what
 * kubectl's csaupgrade does) lets the next apply remove it. Only needed
 * while the Update entry holds a field the Apply entry does not: a field
 * both own is one the manifest still names.
 */
export function handOverCreatedFields(
  entries: ManagedFieldsEntry[] | undefined,
  manager: string,
): ManagedFieldsEntry[] | undefined {
  const mainEntry = (e: ManagedFieldsEntry, operation: string) =>
    e.manager === manager && e.operation === operation && !e.subresource;
  const created = entries?.find(e => mainEntry(e, 'Update'));
  if (!entries || !created?.fieldsV1) return undefined;
  const applied = entries.find(e => mainEntry(e, 'Apply'));
  if (applied?.fieldsV1 && contains(applied.fieldsV1, created.fieldsV1))
    return undefined;
  const handedOver: ManagedFieldsEntry = {
    manager,
    operation: 'Apply',
    apiVersion: applied?.apiVersion ?? created.apiVersion,
    time: applied?.time ?? created.time,
    fieldsType: 'FieldsV1',
    fieldsV1: union(applied?.fieldsV1 ?? {}, created.fieldsV1),
  };
  return entries.flatMap(e => {
    if (e === created) return applied ? [] : [handedOver];
    return e === applied ? [handedOver] : [e];
  });
}
