import { json, rawRequest } from '../__testUtils__/rawRequest';
import { startedCluster } from '../__testUtils__/startedCluster';

const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
    },
  },
};

describe('defaults on update', () => {
  // Controllers paused: these tests are about the API server's answers alone.
  const cluster = startedCluster({ name: 'defaults' });
  beforeAll(() => {
    cluster().controllers.paused = true;
  });

  it('defaults again what an update drops, as the API server defaults every write: the spec, and so the generation, stay as they were', async () => {
    const created = json(
      await rawRequest(cluster(), 'POST', DEPLOYMENTS, { body: deployment }),
    );
    const defaulted = {
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
    };
    expect(created.spec).toMatchObject(defaulted);
    expect(created.metadata.generation).toBe(1);

    // What a server-side apply leaves when it drops fields it owned.
    const patched = await rawRequest(cluster(), 'PATCH', `${DEPLOYMENTS}/web`, {
      body: {
        spec: {
          revisionHistoryLimit: null,
          progressDeadlineSeconds: null,
          strategy: { type: null, rollingUpdate: { maxSurge: null } },
        },
      },
      contentType: 'application/merge-patch+json',
    });

    expect(patched.status).toBe(200);
    const updated = json(patched);
    expect(updated.spec).toMatchObject(defaulted);
    expect(updated.metadata.generation).toBe(1);
  });

  it('keeps what an update sets', async () => {
    const patched = json(
      await rawRequest(cluster(), 'PATCH', `${DEPLOYMENTS}/web`, {
        body: { spec: { progressDeadlineSeconds: 120 } },
        contentType: 'application/merge-patch+json',
      }),
    );
    expect(patched.spec.progressDeadlineSeconds).toBe(120);
    expect(patched.metadata.generation).toBe(2);
  });
});
