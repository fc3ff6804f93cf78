import { json, rawRequest, RawResponse } from '../__testUtils__/rawRequest';
import { startedCluster } from '../__testUtils__/startedCluster';

const APPS = '/apis/apps/v1/namespaces/default';
const JOBS = '/apis/batch/v1/namespaces/default/jobs';
const CLAIMS = '/api/v1/namespaces/default/persistentvolumeclaims';
const SERVICES = '/api/v1/namespaces/default/services';

const STATEFULSET_FORBIDDEN =
  "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
const CLAIM_SPEC_FORBIDDEN =
  'Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';

const PATCH_TYPES = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

const podTemplate = (app: string, image = 'nginx:1.27') => ({
  metadata: { labels: { app, track: 'stable' } },
  spec: { containers: [{ name: app, image }] },
});

/** A workload of `kind` whose pods are labelled `app: name, track: stable`. */
const workload = (
  kind: string,
  name: string,
  spec: Record<string, unknown> = {},
) => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: podTemplate(name),
    ...spec,
  },
});

const claim = (spec: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'data' },
  spec: {
    accessModes: ['ReadWriteOnce'],
    storageClassName: 'standard',
    resources: { requests: { storage: '1Gi' } },
    ...spec,
  },
});

describe('immutable fields on update', () => {
  // Controllers paused: these tests are about the API server's answers alone.
  const cluster = startedCluster({ name: 'immutable' });
  beforeAll(() => {
    cluster().controllers.paused = true;
  });

  const apply = (path: string, body: object) =>
    rawRequest(
      cluster(),
      'PATCH',
      `${path}?fieldManager=miniplanes&force=true`,
      {
        body,
        contentType: 'application/apply-patch+yaml',
      },
    );
  const put = async (path: string, change: (object: any) => void) => {
    const current = json(await rawRequest(cluster(), 'GET', path));
    change(current);
    return rawRequest(cluster(), 'PUT', path, { body: current });
  };
  const patch = (path: string, body: object, type: 'merge' | 'strategic') =>
    rawRequest(cluster(), 'PATCH', path, {
      body,
      contentType: PATCH_TYPES[type],
    });

  /** The 422 the real server answers, with its one cause. */
  const expectInvalid = (
    response: RawResponse,
    qualifiedKind: string,
    name: string,
    cause: { field: string; reason: string; message: string },
  ) => {
    expect(response.status).toBe(422);
    const [kind, group] = qualifiedKind.split('.');
    expect(json(response)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `${qualifiedKind} "${name}" is invalid: ${cause.field}: ${cause.message}`,
      reason: 'Invalid',
      details: { name, ...(group ? { group } : {}), kind, causes: [cause] },
      code: 422,
    });
  };
  const expectStatus = async (
    response: Promise<RawResponse>,
    status: number,
  ) => {
    const answer = await response;
    expect([answer.status, json(answer).message]).toEqual([
      status,
      status === 200 ? undefined : expect.any(String),
    ]);
  };

  it('refuses a change to a StatefulSet’s fixed spec fields through apply and update alike, with the server’s message', async () => {
    const path = `${APPS}/statefulsets/db`;
    const db = workload('StatefulSet', 'db', {
      serviceName: 'db',
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: '1Gi' } },
          },
        },
      ],
    });
    expect((await apply(path, db)).status).toBe(201);
    const forbidden = {
      field: 'spec',
      reason: 'FieldValueForbidden',
      message: STATEFULSET_FORBIDDEN,
    };

    expectInvalid(
      await apply(path, { ...db, spec: { ...db.spec, serviceName: 'other' } }),
      'StatefulSet.apps',
      'db',
      forbidden,
    );
    expectInvalid(
      await put(path, sts => {
        sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage =
          '2Gi';
      }),
      'StatefulSet.apps',
      'db',
      forbidden,
    );
    const stored = json(await rawRequest(cluster(), 'GET', path));
    expect([stored.metadata.generation, stored.spec.serviceName]).toEqual([
      1,
      'db',
    ]);
  });

  it('lets a StatefulSet change its replicas, template, update strategy and retention policy, and takes re-applies and /scale, but not a changed podManagementPolicy', async () => {
    const path = `${APPS}/statefulsets/web`;
    const web = workload('StatefulSet', 'web', {
      replicas: 2,
      serviceName: 'web',
      // Spelled out as the server would default them.
      podManagementPolicy: 'OrderedReady',
      revisionHistoryLimit: 10,
    });
    expect((await apply(path, web)).status).toBe(201);

    // Replicas and the defaulted fields left out, the mutable ones changed.
    const changed = workload('StatefulSet', 'web', {
      serviceName: 'web',
      template: podTemplate('web', 'nginx:1.28'),
      updateStrategy: { type: 'OnDelete' },
      persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete' },
      minReadySeconds: 5,
    });
    await expectStatus(apply(path, changed), 200);
    await expectStatus(apply(path, changed), 200);
    await expectStatus(
      patch(`${path}/scale`, { spec: { replicas: 4 } }, 'merge'),
      200,
    );
    await expectStatus(
      patch(path, { spec: { replicas: 3, ordinals: { start: 1 } } }, 'merge'),
      200,
    );

    expectInvalid(
      await apply(path, {
        ...changed,
        spec: { ...changed.spec, podManagementPolicy: 'Parallel' },
      }),
      'StatefulSet.apps',
      'web',
      {
        field: 'spec',
        reason: 'FieldValueForbidden',
        message: STATEFULSET_FORBIDDEN,
      },
    );
  });

  it.each([
    ['Deployment', 'an update', 'deployments'],
    ['ReplicaSet', 'a strategic merge patch', 'replicasets'],
    ['DaemonSet', 'a merge patch', 'daemonsets'],
  ])(
    'refuses a change to a %s’s selector through apply and %s, and takes other changes',
    async (kind, other, resource) => {
      const name = resource.slice(0, -1);
      const path = `${APPS}/${resource}/${name}`;
      const original = workload(kind, name);
      expect((await apply(path, original)).status).toBe(201);
      const selector = { matchLabels: { app: name, track: 'stable' } };
      const immutable = {
        field: 'spec.selector',
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(
          selector,
        )}: field is immutable`,
      };

      expectInvalid(
        await apply(path, {
          ...original,
          spec: { ...original.spec, selector },
        }),
        `${kind}.apps`,
        name,
        immutable,
      );
      const otherWrite = {
        'an update': () =>
          put(path, o => {
            o.spec.selector = selector;
          }),
        'a strategic merge patch': () =>
          patch(path, { spec: { selector } }, 'strategic'),
        'a merge patch': () => patch(path, { spec: { selector } }, 'merge'),
      }[other]!;
      expectInvalid(await otherWrite(), `${kind}.apps`, name, immutable);

      await expectStatus(
        apply(path, {
          ...original,
          spec: { ...original.spec, template: podTemplate(name, 'nginx:1.28') },
        }),
        200,
      );
      await expectStatus(apply(path, original), 200);
    },
  );

  it('refuses a change to a Job’s template through apply and to its selector through an update, and takes a re-apply and a new parallelism', async () => {
    const path = `${JOBS}/migrate`;
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate' },
      spec: {
        template: {
          metadata: { labels: { app: 'migrate' } },
          spec: {
            restartPolicy: 'Never',
            containers: [{ name: 'migrate', image: 'migrate:1' }],
          },
        },
      },
    };
    expect((await apply(path, job)).status).toBe(201);
    const template = {
      ...job.spec.template,
      spec: {
        ...job.spec.template.spec,
        containers: [{ name: 'migrate', image: 'migrate:2' }],
      },
    };

    expectInvalid(
      await apply(path, { ...job, spec: { template } }),
      'Job.batch',
      'migrate',
      {
        field: 'spec.template',
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(
          template,
        )}: field is immutable`,
      },
    );
    const selector = { matchLabels: { app: 'migrate' } };
    expectInvalid(
      await put(path, o => {
        o.spec.selector = selector;
      }),
      'Job.batch',
      'migrate',
      {
        field: 'spec.selector',
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(
          selector,
        )}: field is immutable`,
      },
    );

    await expectStatus(apply(path, job), 200);
    await expectStatus(
      apply(path, { ...job, spec: { ...job.spec, parallelism: 2 } }),
      200,
    );
  });

  it('keeps a Service’s cluster IP once set: a manifest leaving it out keeps the allocated one; a headless one, another IP or a merge patch is refused; an ExternalName may change it', async () => {
    const path = `${SERVICES}/web`;
    const web = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    };
    expect((await apply(path, web)).status).toBe(201);
    const allocated = json(await rawRequest(cluster(), 'GET', path)).spec
      .clusterIP;
    await expectStatus(apply(path, web), 200);
    await expectStatus(
      apply(path, { ...web, spec: { ...web.spec, clusterIP: allocated } }),
      200,
    );
    const mayNotChange = (value: string) => ({
      field: 'spec.clusterIPs[0]',
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify([
        value,
      ])}: may not change once set`,
    });

    expectInvalid(
      await apply(path, { ...web, spec: { ...web.spec, clusterIP: 'None' } }),
      'Service',
      'web',
      mayNotChange('None'),
    );
    expectInvalid(
      await patch(path, { spec: { clusterIP: '10.96.200.200' } }, 'merge'),
      'Service',
      'web',
      mayNotChange('10.96.200.200'),
    );
    expect(json(await rawRequest(cluster(), 'GET', path)).spec.clusterIP).toBe(
      allocated,
    );

    const headless = {
      ...web,
      metadata: { name: 'db' },
      spec: { ...web.spec, clusterIP: 'None' },
    };
    expect((await apply(`${SERVICES}/db`, headless)).status).toBe(201);
    await expectStatus(apply(`${SERVICES}/db`, headless), 200);
    await expectStatus(
      apply(`${SERVICES}/db`, {
        ...headless,
        spec: { type: 'ExternalName', externalName: 'db.example.com' },
      }),
      200,
    );
  });

  it('lets a PersistentVolumeClaim grow (quantities compared by value), and refuses a smaller request or any other spec change through apply and patches', async () => {
    const path = `${CLAIMS}/data`;
    expect((await apply(path, claim())).status).toBe(201);
    const grown = claim({ resources: { requests: { storage: '2Gi' } } });
    await expectStatus(apply(path, grown), 200);
    await expectStatus(apply(path, grown), 200);
    await expectStatus(
      patch(
        path,
        { spec: { resources: { requests: { storage: '2048Mi' } } } },
        'merge',
      ),
      200,
    );

    expectInvalid(
      await patch(
        path,
        { spec: { resources: { requests: { storage: '1Gi' } } } },
        'merge',
      ),
      'PersistentVolumeClaim',
      'data',
      {
        field: 'spec.resources.requests.storage',
        reason: 'FieldValueForbidden',
        message: 'Forbidden: field can not be less than previous value',
      },
    );
    const specForbidden = {
      field: 'spec',
      reason: 'FieldValueForbidden',
      message: CLAIM_SPEC_FORBIDDEN,
    };
    expectInvalid(
      await apply(path, {
        ...grown,
        spec: { ...grown.spec, storageClassName: 'fast' },
      }),
      'PersistentVolumeClaim',
      'data',
      specForbidden,
    );
    expectInvalid(
      await patch(
        path,
        { spec: { accessModes: ['ReadWriteMany'] } },
        'strategic',
      ),
      'PersistentVolumeClaim',
      'data',
      specForbidden,
    );
  });

  it('lets a claim without a class get one, and an unbound claim get its volume', async () => {
    const path = `${CLAIMS}/later`;
    const { storageClassName, ...spec } = claim().spec;
    const later = { ...claim(), metadata: { name: 'later' }, spec };
    expect((await apply(path, later)).status).toBe(201);

    await expectStatus(
      patch(
        path,
        { spec: { storageClassName: 'standard', volumeName: 'pv-1' } },
        'merge',
      ),
      200,
    );
    expectInvalid(
      await patch(path, { spec: { volumeName: 'pv-2' } }, 'merge'),
      'PersistentVolumeClaim',
      'later',
      {
        field: 'spec',
        reason: 'FieldValueForbidden',
        message: CLAIM_SPEC_FORBIDDEN,
      },
    );
  });

  it('refuses a change to the data of a ConfigMap or Secret marked immutable, or taking the mark off, and takes a re-apply', async () => {
    for (const kind of ['ConfigMap', 'Secret']) {
      const name = `settings-${kind.toLowerCase()}`;
      const path = `/api/v1/namespaces/default/${kind.toLowerCase()}s/${name}`;
      const object = (data: Record<string, string>, immutable = true) => ({
        apiVersion: 'v1',
        kind,
        metadata: { name },
        immutable,
        data,
      });
      expect((await apply(path, object({ mode: 'YQ==' }))).status).toBe(201);
      await expectStatus(apply(path, object({ mode: 'YQ==' })), 200);
      expectInvalid(await apply(path, object({ mode: 'Yg==' })), kind, name, {
        field: 'data',
        reason: 'FieldValueForbidden',
        message: 'Forbidden: field is immutable when `immutable` is set',
      });
      expectInvalid(
        await put(path, o => {
          o.immutable = false;
        }),
        kind,
        name,
        {
          field: 'immutable',
          reason: 'FieldValueForbidden',
          message: 'Forbidden: field is immutable when `immutable` is set',
        },
      );
    }
  });
});
