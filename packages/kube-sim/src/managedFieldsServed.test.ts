import { json, rawRequest } from './__testUtils__/rawRequest';
import { startedCluster } from './__testUtils__/startedCluster';

const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';

const deployment = (name: string, env: boolean) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name,
    labels: { app: name, tier: 'front' },
    annotations: { a: '1' },
  },
  spec: {
    replicas: 0,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1',
            ports: [{ containerPort: 80 }, { containerPort: 443 }],
            ...(env ? { env: [{ name: 'A', value: '1' }] } : {}),
          },
        ],
      },
    },
  },
});

const LEAF = {};
const CONDITION = {
  '.': LEAF,
  'f:type': LEAF,
  'f:status': LEAF,
  'f:lastUpdateTime': LEAF,
  'f:lastTransitionTime': LEAF,
  'f:reason': LEAF,
  'f:message': LEAF,
};

/**
 * What kube-sim served for this history before field sets were shared
 * between objects (recorded with that version), times left out: same
 * entries, same fields, same key order.
 */
const SERVED_BEFORE = [
  {
    manager: 'miniplanes',
    operation: 'Apply',
    apiVersion: 'apps/v1',
    fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:metadata': {
        'f:labels': { 'f:app': LEAF, 'f:tier': LEAF },
        'f:annotations': { 'f:a': LEAF },
      },
      'f:spec': {
        'f:replicas': LEAF,
        'f:selector': { 'f:matchLabels': { 'f:app': LEAF } },
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': LEAF } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"web"}': {
                '.': LEAF,
                'f:name': LEAF,
                'f:image': LEAF,
                'f:ports': {
                  'k:{"containerPort":80}': {
                    '.': LEAF,
                    'f:containerPort': LEAF,
                  },
                  'k:{"containerPort":443}': {
                    '.': LEAF,
                    'f:containerPort': LEAF,
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  {
    manager: 'kube-controller-manager',
    operation: 'Update',
    apiVersion: 'apps/v1',
    fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:status': {
        'f:observedGeneration': LEAF,
        'f:conditions': {
          'k:{"type":"Available"}': CONDITION,
          'k:{"type":"Progressing"}': CONDITION,
        },
      },
    },
    subresource: 'status',
  },
  {
    manager: 'kubectl-patch',
    operation: 'Update',
    apiVersion: 'apps/v1',
    fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:metadata': { 'f:labels': { 'f:extra': LEAF } },
      'f:spec': { 'f:minReadySeconds': LEAF },
    },
  },
];

describe('managedFields kept as shared field sets', () => {
  const cluster = startedCluster({ name: 'fields' }, { each: true });

  const apply = (name: string, env: boolean) =>
    rawRequest(
      cluster(),
      'PATCH',
      `${DEPLOYMENTS}/${name}?fieldManager=miniplanes&force=true`,
      {
        body: deployment(name, env),
        contentType: 'application/apply-patch+yaml',
      },
    );

  const served = async (name: string) => {
    const answer = await rawRequest(cluster(), 'GET', `${DEPLOYMENTS}/${name}`);
    expect(answer.status).toBe(200);
    return json(answer).metadata.managedFields.map(
      ({ time, ...entry }: { time: string }) => {
        expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        return entry;
      },
    );
  };

  it('serves exactly the managedFields served before, key order included', async () => {
    expect((await apply('web', true)).status).toBe(201);
    await cluster().controllers.idle();
    const patched = await rawRequest(
      cluster(),
      'PATCH',
      `${DEPLOYMENTS}/web?fieldManager=kubectl-patch`,
      {
        body: {
          metadata: { labels: { extra: 'x' } },
          spec: { minReadySeconds: 5 },
        },
        contentType: 'application/merge-patch+json',
      },
    );
    expect(patched.status).toBe(200);
    await cluster().controllers.idle();
    // Dropping env from the apply removes it, and the applier's ownership of it.
    expect((await apply('web', false)).status).toBe(200);
    await cluster().controllers.idle();

    expect(JSON.stringify(await served('web'))).toBe(
      JSON.stringify(SERVED_BEFORE),
    );
  });

  it('shares one frozen field set between objects applied alike, and copies of them stay writable', async () => {
    await apply('a', false);
    await apply('b', false);
    const type = cluster().registry.find('apps', 'v1', 'deployments')!;
    const [a, b] = ['a', 'b'].map(
      name => cluster().ops.get(type, 'default', name).metadata.managedFields!,
    );
    expect(a[0].fieldsV1).toBe(b[0].fieldsV1);
    expect(Object.isFrozen(a[0].fieldsV1)).toBe(true);
    expect(await served('a')).toEqual(await served('b'));

    // A client replacing the object with managedFields it edited is served its edit.
    const current = json(
      await rawRequest(cluster(), 'GET', `${DEPLOYMENTS}/a`),
    );
    current.metadata.labels.more = 'y';
    const replaced = await rawRequest(cluster(), 'PUT', `${DEPLOYMENTS}/a`, {
      body: current,
    });
    expect(replaced.status).toBe(200);
    expect(
      json(replaced).metadata.managedFields.find(
        (e: { operation: string; subresource?: string }) =>
          e.operation === 'Update' && !e.subresource,
      )?.fieldsV1,
    ).toEqual({ 'f:metadata': { 'f:labels': { 'f:more': {} } } });
  });
});
