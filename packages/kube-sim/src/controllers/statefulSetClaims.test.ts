import { json, rawRequest } from '../__testUtils__/rawRequest';
import { startedCluster } from '../__testUtils__/startedCluster';
import { waitFor } from '../__testUtils__/waitFor';

jest.setTimeout(30_000);

const STATEFULSETS = '/apis/apps/v1/namespaces/default/statefulsets';
const CLAIMS = '/api/v1/namespaces/default/persistentvolumeclaims';
const PODS = '/api/v1/namespaces/default/pods';

const dataTemplate = {
  metadata: { name: 'data', labels: { tier: 'storage' } },
  spec: {
    accessModes: ['ReadWriteOnce'],
    storageClassName: 'fast',
    resources: { requests: { storage: '10Gi' } },
  },
};

/** A StatefulSet of `replicas` pods labelled `app: name`, with claims of `templates`. */
const statefulSet = (
  name: string,
  {
    replicas = 2,
    templates = [dataTemplate],
    policy,
    volumes,
  }: {
    replicas?: number;
    templates?: object[];
    policy?: { whenDeleted?: string; whenScaled?: string };
    /** The pod template's own volumes. */
    volumes?: object[];
  } = {},
) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name },
  spec: {
    replicas,
    serviceName: name,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [
          {
            name: 'db',
            image: 'postgres:16',
            volumeMounts: [{ name: 'data', mountPath: '/var/lib/data' }],
          },
        ],
        ...(volumes ? { volumes } : {}),
      },
    },
    ...(templates.length ? { volumeClaimTemplates: templates } : {}),
    ...(policy ? { persistentVolumeClaimRetentionPolicy: policy } : {}),
  },
});

describe('StatefulSet volumeClaimTemplates', () => {
  const cluster = startedCluster({
    name: 'sts-claims',
    podStartupMs: 1,
    nodes: { count: 1, cpu: '32', memory: '128Gi' },
  });

  const get = async (path: string) =>
    json(await rawRequest(cluster(), 'GET', path));
  const create = async (body: object) =>
    expect(
      (await rawRequest(cluster(), 'POST', STATEFULSETS, { body })).status,
    ).toBe(201);
  const scale = async (name: string, replicas: number) =>
    expect(
      (
        await rawRequest(cluster(), 'PATCH', `${STATEFULSETS}/${name}/scale`, {
          body: { spec: { replicas } },
          contentType: 'application/merge-patch+json',
        })
      ).status,
    ).toBe(200);
  /** The claims carrying the set's selector labels, by name. */
  const claimsOf = async (app: string): Promise<Record<string, any>> =>
    Object.fromEntries(
      (await get(`${CLAIMS}?labelSelector=app%3D${app}`)).items.map(
        (c: any) => [c.metadata.name, c],
      ),
    );
  const podNames = async (app: string) =>
    (await get(`${PODS}?labelSelector=app%3D${app}`)).items
      .map((p: any) => p.metadata.name)
      .sort();
  const readyReplicas = async (name: string, replicas: number) =>
    waitFor(
      async () =>
        (await get(`${STATEFULSETS}/${name}`)).status?.readyReplicas ===
          replicas && (await podNames(name)).length === replicas,
      10_000,
    );
  /** What the controllers and clients wrote to this set's claims and pods, in order. */
  const writesOf = (app: string) =>
    cluster()
      .writes({ includeControllers: true })
      .filter(
        w =>
          ['PersistentVolumeClaim', 'Pod'].includes(w.kind) &&
          w.name.includes(app),
      )
      .map(w => [w.verb, w.kind, w.name, w.fieldManager]);

  it('creates each pod’s claims before the pod, named <template>-<set>-<ordinal>, with the template’s spec and labels plus the selector’s, and mounts them', async () => {
    const logs = {
      metadata: { name: 'logs', annotations: { purpose: 'audit' } },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '1Gi' } },
      },
    };
    await create(
      statefulSet('db', {
        templates: [dataTemplate, logs],
        volumes: [
          { name: 'data', emptyDir: {} },
          { name: 'config', configMap: { name: 'db-config' } },
        ],
      }),
    );
    await create(statefulSet('plain', { templates: [] }));
    await readyReplicas('db', 2);
    await readyReplicas('plain', 2);

    const claims = await claimsOf('db');
    expect(Object.keys(claims).sort()).toEqual([
      'data-db-0',
      'data-db-1',
      'logs-db-0',
      'logs-db-1',
    ]);
    expect(claims['data-db-1'].metadata.labels).toEqual({
      tier: 'storage',
      app: 'db',
    });
    expect(claims['data-db-1'].spec).toEqual(dataTemplate.spec);
    expect(claims['data-db-1'].metadata.ownerReferences).toBeUndefined();
    expect(claims['logs-db-0'].metadata).toMatchObject({
      labels: { app: 'db' },
      annotations: { purpose: 'audit' },
    });
    expect(claims['logs-db-0'].spec).toEqual(logs.spec);
    // The claim replaces the template's volume of its name, as the real controller does.
    expect((await get(`${PODS}/db-1`)).spec.volumes).toEqual([
      { name: 'data', persistentVolumeClaim: { claimName: 'data-db-1' } },
      { name: 'logs', persistentVolumeClaim: { claimName: 'logs-db-1' } },
      { name: 'config', configMap: { name: 'db-config' } },
    ]);
    expect(writesOf('db').filter(([verb]) => verb === 'create')).toEqual(
      [
        ['PersistentVolumeClaim', 'data-db-0'],
        ['PersistentVolumeClaim', 'logs-db-0'],
        ['Pod', 'db-0'],
        ['PersistentVolumeClaim', 'data-db-1'],
        ['PersistentVolumeClaim', 'logs-db-1'],
        ['Pod', 'db-1'],
      ].map(([kind, name]) => [
        'create',
        kind,
        name,
        'kube-controller-manager',
      ]),
    );
    const events = await get(
      '/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Ddb',
    );
    expect(events.items.map((e: any) => e.message)).toContain(
      'create Claim data-db-0 Pod db-0 in StatefulSet db success',
    );

    // Without templates: no claims, and pods keep the template's volumes (none).
    expect(await claimsOf('plain')).toEqual({});
    expect((await get(`${PODS}/plain-0`)).spec.volumes).toBeUndefined();
  });

  it('whenDeleted: Delete makes the StatefulSet each claim’s controller owner, so deleting it deletes them', async () => {
    await create(statefulSet('owned', { policy: { whenDeleted: 'Delete' } }));
    await readyReplicas('owned', 2);
    const { uid } = (await get(`${STATEFULSETS}/owned`)).metadata;

    const claims = await claimsOf('owned');
    expect(Object.keys(claims).sort()).toEqual([
      'data-owned-0',
      'data-owned-1',
    ]);
    for (const claim of Object.values(claims)) {
      expect(claim.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          name: 'owned',
          uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }

    await rawRequest(cluster(), 'DELETE', `${STATEFULSETS}/owned`);
    await waitFor(async () => (await podNames('owned')).length === 0);
    await waitFor(
      async () => Object.keys(await claimsOf('owned')).length === 0,
    );
    expect(
      writesOf('owned').filter(
        ([verb, kind]) => verb === 'delete' && kind === 'PersistentVolumeClaim',
      ),
    ).toEqual([
      ['delete', 'PersistentVolumeClaim', 'data-owned-0', 'garbage-collector'],
      ['delete', 'PersistentVolumeClaim', 'data-owned-1', 'garbage-collector'],
    ]);
  });

  it('whenDeleted: Retain (the default) leaves the claims without owner: they outlive the StatefulSet', async () => {
    await create(statefulSet('kept'));
    await readyReplicas('kept', 2);

    await rawRequest(cluster(), 'DELETE', `${STATEFULSETS}/kept`);
    await waitFor(async () => (await podNames('kept')).length === 0);
    await cluster().controllers.idle();

    const claims = await claimsOf('kept');
    expect(Object.keys(claims).sort()).toEqual(['data-kept-0', 'data-kept-1']);
    for (const claim of Object.values(claims))
      expect(claim.metadata.ownerReferences).toBeUndefined();
  });

  it.each(['Retain', 'Delete'])(
    'whenScaled: Delete (whenDeleted: %s) deletes the claims of the removed ordinals once their pods are gone',
    async whenDeleted => {
      const name = `shrink-${whenDeleted.toLowerCase()}`;
      await create(
        statefulSet(name, {
          replicas: 3,
          policy: { whenScaled: 'Delete', whenDeleted },
        }),
      );
      await readyReplicas(name, 3);
      const uid = (await get(`${STATEFULSETS}/${name}`)).metadata.uid;

      await scale(name, 1);
      await waitFor(async () => (await podNames(name)).length === 1);
      await waitFor(async () => Object.keys(await claimsOf(name)).length === 1);

      const kept = (await claimsOf(name))[`data-${name}-0`];
      expect(kept.metadata.ownerReferences?.map((r: any) => r.uid)).toEqual(
        whenDeleted === 'Delete' ? [uid] : undefined,
      );
      // The condemned pod becomes the claim's owner, then goes; the claim goes with it.
      const writes = writesOf(`${name}-2`).filter(([verb, kind]) =>
        kind === 'Pod' ? verb === 'delete' : verb !== 'create',
      );
      expect(writes).toEqual([
        [
          'update',
          'PersistentVolumeClaim',
          `data-${name}-2`,
          'kube-controller-manager',
        ],
        ['delete', 'Pod', `${name}-2`, 'kube-controller-manager'],
        [
          'delete',
          'PersistentVolumeClaim',
          `data-${name}-2`,
          'garbage-collector',
        ],
      ]);
    },
  );

  it('whenScaled: Retain (the default) keeps the removed ordinals’ claims, which their pods find again on a scale-up', async () => {
    await create(statefulSet('steady', { replicas: 3 }));
    await readyReplicas('steady', 3);

    await scale('steady', 1);
    await waitFor(async () => (await podNames('steady')).length === 1);
    await cluster().controllers.idle();
    expect(Object.keys(await claimsOf('steady')).sort()).toEqual([
      'data-steady-0',
      'data-steady-1',
      'data-steady-2',
    ]);

    await scale('steady', 3);
    await readyReplicas('steady', 3);
    const claimWrites = writesOf('steady').filter(
      ([, kind]) => kind === 'PersistentVolumeClaim',
    );
    expect(claimWrites.map(([verb, , name]) => [verb, name])).toEqual([
      ['create', 'data-steady-0'],
      ['create', 'data-steady-1'],
      ['create', 'data-steady-2'],
    ]);
  });

  it('gives the claims it finds the owner a changed retention policy asks for', async () => {
    await create(statefulSet('later'));
    await readyReplicas('later', 2);
    const claims = await claimsOf('later');
    expect(Object.keys(claims).sort()).toEqual([
      'data-later-0',
      'data-later-1',
    ]);
    for (const claim of Object.values(claims))
      expect(claim.metadata.ownerReferences).toBeUndefined();

    const changed = await rawRequest(
      cluster(),
      'PATCH',
      `${STATEFULSETS}/later`,
      {
        body: {
          spec: {
            persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' },
          },
        },
        contentType: 'application/merge-patch+json',
      },
    );
    expect(changed.status).toBe(200);

    const { uid } = json(changed).metadata;
    await waitFor(async () =>
      Object.values(await claimsOf('later')).every(
        c => c.metadata.ownerReferences?.[0]?.uid === uid,
      ),
    );
    expect(Object.keys(await claimsOf('later'))).toHaveLength(2);
  });
});
