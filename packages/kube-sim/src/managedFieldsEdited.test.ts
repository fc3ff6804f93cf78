import { json, rawRequest } from './__testUtils__/rawRequest';
import { startedCluster } from './__testUtils__/startedCluster';

const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';

const configMap = (labels: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'web', labels },
  data: { a: '1' },
});

type Entry = {
  manager: string;
  operation: string;
  fieldsV1: Record<string, unknown>;
};

/**
 * What a client that creates objects and later applies them must rely on:
 * a create's fields belong to an Update entry, which an apply by the same
 * manager does not take over, and a client may rewrite managedFields (as
 * kubectl's csaupgrade does) to hand them to its apply.
 */
describe('managedFields a client edits', () => {
  const cluster = startedCluster({ name: 'edited' }, { each: true });

  const create = (labels: Record<string, string>) =>
    rawRequest(cluster(), 'POST', `${CONFIGMAPS}?fieldManager=miniplanes`, {
      body: configMap(labels),
    });
  const apply = (labels: Record<string, string>) =>
    rawRequest(
      cluster(),
      'PATCH',
      `${CONFIGMAPS}/web?fieldManager=miniplanes&force=true`,
      {
        body: configMap(labels),
        contentType: 'application/apply-patch+yaml',
      },
    );
  const mergePatch = (body: unknown) =>
    rawRequest(cluster(), 'PATCH', `${CONFIGMAPS}/web`, {
      body,
      contentType: 'application/merge-patch+json',
    });
  const get = async () =>
    json(await rawRequest(cluster(), 'GET', `${CONFIGMAPS}/web`));

  /** The live entries with the Update entry's fields folded into the Apply entry. */
  const upgraded = (entries: (Entry & Record<string, unknown>)[]) => {
    const update = entries.find(
      e => e.manager === 'miniplanes' && e.operation === 'Update',
    )!;
    const rest = entries.filter(e => e !== update);
    const applyEntry = rest.find(
      e => e.manager === 'miniplanes' && e.operation === 'Apply',
    )!;
    const meta = (f: Entry['fieldsV1']) =>
      (f['f:metadata'] as Record<string, Record<string, unknown>>) ?? {};
    applyEntry.fieldsV1 = {
      ...update.fieldsV1,
      ...applyEntry.fieldsV1,
      'f:metadata': {
        'f:labels': {
          ...meta(update.fieldsV1)['f:labels'],
          ...meta(applyEntry.fieldsV1)['f:labels'],
        },
      },
    };
    return rest;
  };

  it('keeps the fields a create set when an apply of the same manager drops them', async () => {
    expect((await create({ app: 'web', old: 'x' })).status).toBe(201);
    const applied = await apply({ app: 'web' });
    expect(applied.status).toBe(200);
    expect(json(applied).metadata.labels).toEqual({ app: 'web', old: 'x' });
    const managers = json(applied).metadata.managedFields.map(
      (e: Entry) => `${e.manager}/${e.operation}`,
    );
    expect(managers).toEqual(['miniplanes/Update', 'miniplanes/Apply']);
  });

  it('serves managedFields a client rewrote, and the next apply removes what it no longer names', async () => {
    await create({ app: 'web', old: 'x' });
    const first = json(await apply({ app: 'web' }));
    const entries = upgraded(first.metadata.managedFields);
    const edited = await mergePatch({
      metadata: {
        resourceVersion: first.metadata.resourceVersion,
        managedFields: entries,
      },
    });
    expect(edited.status).toBe(200);
    expect(
      json(edited).metadata.managedFields.map((e: Entry) => ({
        manager: e.manager,
        operation: e.operation,
        fieldsV1: e.fieldsV1,
      })),
    ).toEqual([
      {
        manager: 'miniplanes',
        operation: 'Apply',
        fieldsV1: {
          'f:data': { 'f:a': {} },
          'f:metadata': { 'f:labels': { 'f:app': {}, 'f:old': {} } },
        },
      },
    ]);
    expect(json(edited).metadata.labels).toEqual({ app: 'web', old: 'x' });

    const reapplied = await apply({ app: 'web' });
    expect(json(reapplied).metadata.labels).toEqual({ app: 'web' });
    expect((await get()).metadata.labels).toEqual({ app: 'web' });
  });

  it('refuses a rewrite made against an older resourceVersion', async () => {
    await create({ app: 'web', old: 'x' });
    const first = json(await apply({ app: 'web' }));
    await apply({ app: 'web', other: 'y' });
    const stale = await mergePatch({
      metadata: {
        resourceVersion: first.metadata.resourceVersion,
        managedFields: upgraded(first.metadata.managedFields),
      },
    });
    expect(stale.status).toBe(409);
  });

  it('keeps the live managedFields when a client sends malformed ones', async () => {
    await create({ app: 'web' });
    const before = (await get()).metadata.managedFields;
    const answer = await mergePatch({
      metadata: { managedFields: [{ fieldsV1: {} }], labels: { more: 'y' } },
    });
    expect(answer.status).toBe(200);
    const after = json(answer).metadata.managedFields as Entry[];
    expect(after.map(e => `${e.manager}/${e.operation}`)).toEqual([
      `${before[0].manager}/Update`,
      'unknown/Update',
    ]);
    expect(after[0].fieldsV1).toEqual(before[0].fieldsV1);
  });
});
