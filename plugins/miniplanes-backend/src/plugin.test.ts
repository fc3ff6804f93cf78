import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { miniplanesExtensionPoint } from './extensionPoints';
import { miniplanesPlugin } from './plugin';

jest.setTimeout(30_000);

const examples = resolve(__dirname, '../../../examples');
const storageYaml = readFileSync(
  resolve(examples, 'services/storage.yaml'),
  'utf8',
);
const SECRET = 'top-secret-write-token-1234';

const config = {
  miniplanes: {
    fleet: { file: resolve(examples, 'fleet/demo-fleet.yaml') },
    seed: { directory: resolve(examples, 'services') },
    clusters: {
      'us-east': { serviceAccountToken: SECRET, labels: { tier: 'gold' } },
    },
  },
};

const amy = mockCredentials.user('user:default/amy');
const pat = mockCredentials.user('user:default/pat');

async function start(
  options: { deny?: string[]; logLevel?: 'debug' | 'warn' } = {},
) {
  const deny = options.deny ?? [];
  const { server } = await startTestBackend({
    features: [
      miniplanesPlugin,
      mockServices.rootConfig.factory({ data: config }),
      mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(r => ({
            result: deny.includes(r.permission.name)
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
          })),
      }).factory,
      // A supplied cluster with credentials, as the demo's simulated fleet supplies them.
      createBackendModule({
        pluginId: 'miniplanes',
        moduleId: 'test-clusters',
        register(reg) {
          reg.registerInit({
            deps: { miniplanes: miniplanesExtensionPoint },
            async init({ miniplanes }) {
              miniplanes.addClusterSupplier({
                async getClusters() {
                  return [
                    {
                      name: 'us-east',
                      connection: {
                        name: 'us-east',
                        url: 'https://127.0.0.1:1',
                        token: SECRET,
                      },
                    },
                  ];
                },
              });
            },
          });
        },
      }),
      mockServices.rootLogger.factory({ level: options.logLevel ?? 'warn' }),
    ],
  });
  return { server };
}

const auth = (credentials = amy) => ({
  Authorization: mockCredentials.user.header(
    credentials.principal.userEntityRef,
  ),
});

describe('miniplanes REST API', () => {
  it('refuses unauthenticated callers', async () => {
    const { server } = await start();
    for (const path of ['/clusters', '/services', '/requests']) {
      const res = await request(server)
        .get(`/api/miniplanes${path}`)
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    }
  });

  it('serves the fleet with merged profiles, never credentials, not even in logs', async () => {
    const written: string[] = [];
    const capture = (stream: NodeJS.WriteStream) =>
      jest.spyOn(stream, 'write').mockImplementation((chunk: any) => {
        written.push(String(chunk));
        return true;
      });
    const spies = [capture(process.stdout), capture(process.stderr)];
    const consoleSpies = (
      ['log', 'info', 'warn', 'error', 'debug'] as const
    ).map(level =>
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        written.push(args.map(String).join(' '));
      }),
    );
    const { server } = await start({ logLevel: 'debug' });
    [...spies, ...consoleSpies].forEach(spy => spy.mockRestore());
    // The supplied cluster is unreachable: its probe failure was logged, without the token.
    expect(written.join('\n')).toContain('us-east');
    expect(written.join('\n')).not.toContain(SECRET);
    const res = await request(server)
      .get('/api/miniplanes/clusters')
      .set(auth());
    expect(res.status).toBe(200);
    expect(res.body.items.map((c: any) => c.name)).toEqual([
      'ap-gpu',
      'eu-spot',
      'eu-west',
      'us-east',
      'us-pet',
    ]);
    const usEast = res.body.items.find((c: any) => c.name === 'us-east');
    expect(usEast).toMatchObject({
      labels: { jurisdiction: 'US', region: 'us-east-1', tier: 'gold' },
      capabilities: ['storage'],
      connected: true,
      services: expect.arrayContaining(['component:default/storage']),
    });
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
  });

  it('serves seeded services with decisions that explain every cluster', async () => {
    const { server } = await start();
    const list = await request(server)
      .get('/api/miniplanes/services')
      .set(auth());
    expect(list.body.items.map((s: any) => s.entityRef)).toEqual([
      'component:default/fare-model',
      'component:default/itineraries',
      'component:default/price-watcher',
      'component:default/storage',
      'component:default/ui',
    ]);
    const one = await request(server)
      .get('/api/miniplanes/services/default/component/storage')
      .set(auth());
    expect(one.status).toBe(200);
    expect(one.body.decision.satisfiable).toBe(true);
    expect(one.body.decision.clusters).toHaveLength(5);
    expect(
      one.body.decision.clusters.find((c: any) => c.name === 'eu-west').reasons,
    ).toContainEqual({
      code: 'Residency',
      message: 'jurisdiction IE not in residency [US]',
    });
    const missing = await request(server)
      .get('/api/miniplanes/services/default/component/nope')
      .set(auth());
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({
      name: 'NotFoundError',
      message: 'no federated service for component:default/nope',
    });
  });

  it('previews a document against the live fleet or a given one, and answers 400 with paths for bad ones', async () => {
    const { server } = await start();
    const ok = await request(server)
      .post('/api/miniplanes/preview')
      .set(auth())
      .send({ service: storageYaml });
    expect(ok.status).toBe(200);
    expect(ok.body.summary[0]).toEqual({
      role: 'data',
      clusters: ['us-east', 'us-pet'],
      replicas: 6,
    });

    const tiny = await request(server)
      .post('/api/miniplanes/preview')
      .set(auth())
      .send({
        service: storageYaml,
        fleet: {
          clusters: [{ name: 'lonely', labels: { jurisdiction: 'FR' } }],
        },
      });
    expect(tiny.body.satisfiable).toBe(false);

    const bad = await request(server)
      .post('/api/miniplanes/preview')
      .set(auth())
      .send({ service: storageYaml.replace('total: 4', 'total: six') });
    expect(bad.status).toBe(400);
    expect(bad.body.error.name).toBe('InputError');
    expect(bad.body.error.message).toBe(
      'service is not a valid FederatedService:\nspec.placement.replicas.total: expected a non-negative integer, got "six"',
    );
    expect(bad.body.error.stack).toBeUndefined();
  });

  it('refuses bodies over the size limit', async () => {
    const { server } = await start();
    const res = await request(server)
      .post('/api/miniplanes/preview')
      .set(auth())
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ service: 'x'.repeat(2_000_000) }));
    expect(res.status).toBe(413);
  });

  it('takes a request through approval, never by its own requester', async () => {
    const { server } = await start();
    const spec = storageYaml.replace('total: 4', 'total: 6');
    const filed = await request(server)
      .post('/api/miniplanes/requests')
      .set(auth(amy))
      .send({
        entityRef: 'component:default/storage',
        reason: 'holiday traffic',
        spec,
      });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      status: 'pending',
      requestedBy: 'user:default/amy',
      stale: false,
    });
    expect(filed.body.diff.changes).toContainEqual(
      expect.objectContaining({ role: 'compute', kind: 'scaled' }),
    );

    const self = await request(server)
      .post(`/api/miniplanes/requests/${filed.body.id}/approve`)
      .set(auth(amy))
      .send({});
    expect(self.status).toBe(403);
    expect(self.body.error.message).toBe(
      'you cannot approve your own request; another approver must decide it',
    );

    const approved = await request(server)
      .post(`/api/miniplanes/requests/${filed.body.id}/approve`)
      .set(auth(pat))
      .send({ comment: 'ok for the season' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      decidedBy: 'user:default/pat',
      comment: 'ok for the season',
    });

    const service = await request(server)
      .get('/api/miniplanes/services/default/component/storage')
      .set(auth());
    expect(service.body.specVersion).toBe(2);
    expect(service.body.decision.summary[1]).toEqual({
      role: 'compute',
      clusters: ['us-east', 'us-pet'],
      replicas: 6,
    });
    expect(service.body.history.map((e: any) => e.type)).toEqual([
      'spec.changed',
      'request.filed',
      'request.approved',
      'spec.changed',
    ]);

    const again = await request(server)
      .post(`/api/miniplanes/requests/${filed.body.id}/reject`)
      .set(auth(pat))
      .send({});
    expect(again.status).toBe(409);
  });

  it('flags a request stale when the service changed since, and refuses to approve it', async () => {
    const { server } = await start();
    const file = (total: number) =>
      request(server)
        .post('/api/miniplanes/requests')
        .set(auth(amy))
        .send({
          entityRef: 'component:default/storage',
          reason: `total ${total}`,
          spec: storageYaml.replace('total: 4', `total: ${total}`),
        });
    const first = await file(5);
    const second = await file(7);
    await request(server)
      .post(`/api/miniplanes/requests/${first.body.id}/approve`)
      .set(auth(pat))
      .send({});
    const stale = await request(server)
      .get(`/api/miniplanes/requests/${second.body.id}`)
      .set(auth(pat));
    expect(stale.body.stale).toBe(true);
    const refused = await request(server)
      .post(`/api/miniplanes/requests/${second.body.id}/approve`)
      .set(auth(pat))
      .send({});
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(
      /changed since this request was filed/,
    );
  });

  it('blocks, for everyone, a request that would move data out of its jurisdiction', async () => {
    const { server } = await start();
    const filed = await request(server)
      .post('/api/miniplanes/requests')
      .set(auth(amy))
      .send({
        entityRef: 'component:default/storage',
        reason: 'move to Europe',
        spec: storageYaml.replace('residency: [US]', 'residency: [IE]'),
      });
    expect(filed.status).toBe(201);
    expect(
      filed.body.checks.find((c: any) => c.name === 'governance'),
    ).toMatchObject({ passed: false });
    const res = await request(server)
      .post(`/api/miniplanes/requests/${filed.body.id}/approve`)
      .set(auth(pat))
      .send({});
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /^the request fails its policy checks and cannot be approved: placement: /,
    );
  });

  it('lets only the requester withdraw, and only owners file', async () => {
    const { server } = await start();
    const filed = await request(server)
      .post('/api/miniplanes/requests')
      .set(auth(amy))
      .send({
        entityRef: 'component:default/storage',
        reason: 'try',
        spec: storageYaml,
      });
    const byOther = await request(server)
      .post(`/api/miniplanes/requests/${filed.body.id}/withdraw`)
      .set(auth(pat))
      .send({});
    expect(byOther.status).toBe(403);
    const mine = await request(server)
      .post(`/api/miniplanes/requests/${filed.body.id}/withdraw`)
      .set(auth(amy))
      .send({});
    expect(mine.body.status).toBe('withdrawn');
    const pending = await request(server)
      .get('/api/miniplanes/requests?status=pending')
      .set(auth());
    expect(pending.body.items).toEqual([]);
    const badStatus = await request(server)
      .get('/api/miniplanes/requests?status=maybe')
      .set(auth());
    expect(badStatus.status).toBe(400);
  });

  it('answers 403 when the permission policy denies', async () => {
    const { server } = await start({
      deny: ['miniplanes.request.create', 'miniplanes.request.decide'],
    });
    const filed = await request(server)
      .post('/api/miniplanes/requests')
      .set(auth(amy))
      .send({
        entityRef: 'component:default/storage',
        reason: 'try',
        spec: storageYaml,
      });
    expect(filed.status).toBe(403);
    expect(filed.body.error.message).toBe(
      'you may not request placement changes for component:default/storage: only its owners may',
    );
  });
});
