import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { metricsServiceMock } from '@backstage/backend-test-utils/alpha';
import {
  AuditorServiceCreateEventOptions,
  createServiceFactory,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import {
  SignalPayload,
  signalsServiceRef,
} from '@backstage/plugin-signals-node';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { parse, stringify } from 'yaml';
import { SimulatedFleet } from '@miniplanes/kube-sim';
import { servedObject } from './__testUtils__/sync/liveObjects';
import { KubeObject } from './cluster/objectIdentity';
import { simulatedClustersModule } from './__testUtils__/simulatedClusters';
import {
  examples,
  exampleServiceNames,
  exampleText,
  startDemoFleet,
} from './__testUtils__/syncHarness';
import { permissionFramework } from './__testUtils__/permissionFramework';
import { collected, recorded } from './__testUtils__/recordedMetrics';
import { miniplanesPlugin } from './plugin';
import { shardIndexOf } from './store/syncShards';

jest.setTimeout(30_000);

const storageYaml = exampleText('services/storage.yaml');
const SECRET = 'top-secret-write-token-1234';
/**
 * The demo fleet, simulated afresh for each test (only clusters miniplanes
 * reaches are placement targets, and each test's backend has a store of its
 * own, so it must not find another test's objects there).
 */
let sim: SimulatedFleet;
/** The test's backends, stopped before its fleet. */
const backends: { stop: () => Promise<void> }[] = [];

const PORTAL = 'https://portal.example.com';

const config = {
  app: { baseUrl: PORTAL },
  permission: { enabled: true },
  miniplanes: {
    fleet: { file: resolve(examples, 'fleet/demo-fleet.yaml') },
    seed: { directory: resolve(examples, 'services') },
    approvers: { group: 'group:default/platform-team' },
    clusters: {
      'us-east': { serviceAccountToken: SECRET, labels: { tier: 'gold' } },
    },
  },
};

const amy = mockCredentials.user('user:default/amy');
const pat = mockCredentials.user('user:default/pat');
const kim = mockCredentials.user('user:default/kim');
const olga = mockCredentials.user('user:default/olga');

/** Group memberships, as the sign-in resolver puts them in ownership refs. */
const memberships: Record<string, string[]> = {
  // data-team owns storage
  'user:default/amy': ['group:default/data-team'],
  // the approvers
  'user:default/pat': ['group:default/platform-team'],
  'user:default/kim': ['group:default/airline-team'],
  'user:default/olga': [
    'group:default/data-team',
    'group:default/platform-team',
  ],
};

const storageEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'storage', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'data-team' },
  // The catalog's processing turns spec.owner into this relation.
  relations: [{ type: 'ownedBy', targetRef: 'group:default/data-team' }],
};
const entities = [storageEntity];

interface AuditEntry {
  options: AuditorServiceCreateEventOptions;
  outcome?: 'success' | 'fail';
  meta?: unknown;
  error?: string;
}

/** The mock scheduler, and a way to wait until no task of it runs. */
function idleAwareScheduler() {
  // A MockSchedulerService, whose factory installs this very instance.
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(): ServiceFactory;
  };
  const running = new Set<Promise<void>>();
  const trigger = scheduler.triggerTask.bind(scheduler);
  scheduler.triggerTask = (id: string) => {
    const run = trigger(id).finally(() => running.delete(run));
    running.add(run);
    return run;
  };
  const nextTurn = () => new Promise(turn => setImmediate(turn));
  const idle = async () => {
    // The sync's kicks trigger it on the next turn of the event loop.
    for (await nextTurn(); running.size > 0; await nextTurn()) {
      await Promise.allSettled(running);
    }
  };
  return { factory: scheduler.factory(), idle };
}

async function start(
  options: {
    logLevel?: 'debug' | 'info' | 'warn';
    send?: (options: NotificationSendOptions) => Promise<void>;
    seed?: object;
    sync?: object;
    /** Laid over the miniplanes config. */
    miniplanes?: object;
    /** The metrics service (Backstage's default when absent). */
    metrics?: ServiceFactory;
  } = {},
) {
  const sent: NotificationSendOptions[] = [];
  const audited: AuditEntry[] = [];
  const signalled: SignalPayload[] = [];
  const scheduler = idleAwareScheduler();
  const backend = await startTestBackend({
    features: [
      miniplanesPlugin,
      scheduler.factory,
      mockServices.rootConfig.factory({
        data: {
          ...config,
          miniplanes: {
            ...config.miniplanes,
            seed: { ...config.miniplanes.seed, ...options.seed },
            ...(options.sync ? { sync: options.sync } : {}),
            ...options.miniplanes,
          },
        },
      }),
      ...permissionFramework({ entities, memberships }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({
          publish: async (signal: SignalPayload) => {
            signalled.push(signal);
          },
        }),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (notification: NotificationSendOptions) => {
            sent.push(notification);
            await options.send?.(notification);
          },
        }),
      }),
      mockServices.auditor.mock({
        createEvent: async eventOptions => {
          const entry: AuditEntry = { options: eventOptions };
          audited.push(entry);
          return {
            success: async result => {
              entry.outcome = 'success';
              entry.meta = result?.meta;
            },
            fail: async ({ error }) => {
              entry.outcome = 'fail';
              entry.error = error.message;
            },
          };
        },
      }).factory,
      // The simulated fleet, as the demo supplies it, and a cluster that
      // cannot be reached.
      simulatedClustersModule(sim, [
        {
          name: 'us-lost',
          connection: {
            name: 'us-lost',
            url: 'https://127.0.0.1:1',
            token: SECRET,
          },
        },
      ]),
      mockServices.rootLogger.factory({ level: options.logLevel ?? 'warn' }),
      ...(options.metrics ? [options.metrics] : []),
    ],
  });
  const requestAudit = () =>
    audited
      .filter(e => e.options.eventId === 'placement-request')
      .map(e => ({
        action: (e.options.meta as { actionType: string }).actionType,
        outcome: e.outcome,
        ...(e.meta ? { meta: e.meta } : {}),
        ...(e.error ? { error: e.error } : {}),
      }));
  // Once the sync passes it started have ended: none outlives the test, and
  // none is cut short by the shutdown (an aborted pass reports its clusters in
  // error).
  const stop = async () => {
    await scheduler.idle();
    await backend.stop();
    await scheduler.idle();
  };
  backends.push({ stop });
  const { server } = backend;
  return { server, stop, sent, signalled, requestAudit };
}

/** What the process writes (its streams and console) from now on, until restored. */
function capturedOutput() {
  const written: string[] = [];
  const capture = (stream: NodeJS.WriteStream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: any) => {
      written.push(String(chunk));
      return true;
    });
  const spies = [
    capture(process.stdout),
    capture(process.stderr),
    ...(['log', 'info', 'warn', 'error', 'debug'] as const).map(level =>
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        written.push(args.map(String).join(' '));
      }),
    ),
  ];
  return { written, restore: () => spies.forEach(spy => spy.mockRestore()) };
}

const auth = (credentials = amy) => ({
  Authorization: mockCredentials.user.header(
    credentials.principal.userEntityRef,
  ),
});

/** A service, say `storage`, as the portal reads it for amy. */
const getService = (server: Parameters<typeof request>[0], name: string) =>
  request(server)
    .get(`/api/miniplanes/services/default/component/${name}`)
    .set(auth());

describe('miniplanes REST API', () => {
  beforeEach(async () => {
    sim = await startDemoFleet();
  });
  // In the describe block, so that what the backends log while they stop
  // counts as the test's own output.
  afterEach(async () => {
    await Promise.all(backends.splice(0).map(backend => backend.stop()));
    await sim.stop();
  });

  it('refuses unauthenticated callers', async () => {
    const { server } = await start();
    for (const path of ['/clusters', '/services', '/requests']) {
      const res = await request(server)
        .get(`/api/miniplanes${path}`)
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    }
    const filing = await request(server)
      .post('/api/miniplanes/requests')
      .set('Authorization', mockCredentials.none.header())
      .send({});
    expect(filing.status).toBe(401);
  });

  it('serves the fleet with merged profiles, never credentials, not even in logs', async () => {
    const { written, restore } = capturedOutput();
    const { server, stop } = await start({ logLevel: 'debug' });
    try {
      // A supplied cluster is unreachable: its probe failure was logged, without the token.
      expect(written.join('\n')).toContain('us-lost');
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
        'us-lost',
        'us-pet',
      ]);
      // Never reached: unknown, and so never a placement target.
      expect(
        res.body.items.find((c: any) => c.name === 'us-lost').health,
      ).toMatchObject({ healthy: false, status: 'Unknown' });
      const usEast = res.body.items.find((c: any) => c.name === 'us-east');
      expect(usEast).toMatchObject({
        labels: { jurisdiction: 'US', region: 'us-east-1', tier: 'gold' },
        capabilities: ['storage'],
        connected: true,
        services: expect.arrayContaining(['component:default/storage']),
      });
      expect(JSON.stringify(res.body)).not.toContain(SECRET);
    } finally {
      // Stopped while still captured: it logs its shutdown at debug level.
      await stop();
      restore();
    }
  });

  it('loads no seeds when they are turned off, as production does', async () => {
    const { server } = await start({ seed: { enabled: false } });
    const list = await request(server)
      .get('/api/miniplanes/services')
      .set(auth());
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
  });

  it('loads only the seeds filing would accept, and logs why it skips the others', async () => {
    const seeds = await mkdtemp(join(tmpdir(), 'miniplanes-seeds-'));
    const seed = (name: string, resources: object[]) =>
      writeFile(
        join(seeds, `${name}.yaml`),
        stringify({
          apiVersion: 'miniplanes.io/v1alpha1',
          kind: 'FederatedService',
          metadata: {
            name,
            entityRef: `component:default/${name}`,
            namespace: 'miniplanes',
          },
          spec: { placement: {}, resources },
        }),
      );
    const settings = (name: string) => ({
      role: 'config',
      manifest: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name },
        data: { a: '1' },
      },
    });
    // Named for the one entity amy may read.
    await seed('storage', [settings('storage-settings')]);
    // A claim declared compute would be placed where compute may go.
    await seed('claim-as-compute', [
      {
        role: 'compute',
        manifest: {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: 'disk' },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: '1Gi' } },
          },
        },
      },
    ]);
    await seed('denied-kind', [
      settings('denied-kind'),
      {
        role: 'compute',
        manifest: {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: 'everyone-admin' },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: 'cluster-admin',
          },
          subjects: [
            {
              kind: 'Group',
              apiGroup: 'rbac.authorization.k8s.io',
              name: 'system:authenticated',
            },
          ],
        },
      },
    ]);
    const { written, restore } = capturedOutput();
    try {
      const { server } = await start({
        seed: { directory: seeds },
        miniplanes: { deniedKinds: ['ClusterRoleBinding'] },
      });
      const list = await request(server)
        .get('/api/miniplanes/services')
        .set(auth());
      expect(list.body.items.map((s: any) => s.entityRef)).toEqual([
        'component:default/storage',
      ]);
      const logged = written.join('\n');
      expect(logged).toMatch(
        /claim-as-compute\.yaml[^]*spec\.resources\[0\]\.role: a PersistentVolumeClaim holds data/,
      );
      expect(logged).toMatch(
        /denied-kind\.yaml[^]*spec\.resources\[1\][^]*miniplanes\.deniedKinds/,
      );
    } finally {
      restore();
      await rm(seeds, { recursive: true });
    }
  });

  it('serves seeded services with decisions that explain every cluster', async () => {
    const { server } = await start();
    const list = await request(server)
      .get('/api/miniplanes/services')
      .set(auth());
    expect(list.body.items.map((s: any) => s.entityRef)).toEqual([
      'component:default/bookings',
      'component:default/fare-model',
      'component:default/itineraries',
      'component:default/price-watcher',
      'component:default/storage',
      'component:default/ui',
    ]);
    const one = await getService(server, 'storage');
    expect(one.status).toBe(200);
    expect(one.body.decision.satisfiable).toBe(true);
    expect(one.body.decision.clusters).toHaveLength(6);
    expect(
      one.body.decision.clusters.find((c: any) => c.name === 'eu-west').reasons,
    ).toContainEqual({
      code: 'Residency',
      message: 'jurisdiction IE not in residency [US]',
    });
    // The sync runs at start-up and takes the service to both US clusters.
    let status = one.body.status;
    for (
      let i = 0;
      i < 40 && status.clusters.some((c: any) => c.state === 'Pending');
      i++
    ) {
      await new Promise(r => setTimeout(r, 250));
      status = (await getService(server, 'storage')).body.status;
    }
    expect(status.clusters.map((c: any) => [c.cluster, c.placed])).toEqual([
      ['us-east', true],
      ['us-pet', true],
    ]);
    expect(['Progressing', 'InSync']).toContain(status.state);
    expect(JSON.stringify(one.body)).not.toContain(SECRET);
    // Storage's compute runs next to its data: nothing to connect.
    expect(one.body.connections).toBeUndefined();
    // Bookings' compute reaches its US data from Japan through the gateway
    // default and from Ireland through the Istio mesh, as the demo fleet says.
    const bookings = await getService(server, 'bookings');
    expect(
      bookings.body.connections.access.map(
        (a: any) => `${a.from}>${a.to} ${a.provider}`,
      ),
    ).toEqual([
      'ap-gpu>us-east gateway',
      'ap-gpu>us-pet gateway',
      'eu-west>us-east istio',
      'eu-west>us-pet istio',
    ]);
    const missing = await getService(server, 'nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({
      name: 'NotFoundError',
      message: 'no federated service for component:default/nope',
    });
  });

  it('syncs every service when the sync is split into shards, each shard its own task', async () => {
    const { server } = await start({ sync: { shards: 2 } });
    const services = exampleServiceNames();
    expect(services).toHaveLength(6);
    // The seeds fall in both shards.
    expect(
      new Set(
        services.map(name => shardIndexOf(`component:default/${name}`, 2)),
      ),
    ).toEqual(new Set([0, 1]));
    const synced = async (name: string) => {
      const { status } = (await getService(server, name)).body;
      return (
        status.clusters.length > 0 &&
        status.clusters.every((c: any) => c.state !== 'Pending')
      );
    };
    for (let i = 0; i < 80; i++) {
      if ((await Promise.all(services.map(synced))).every(Boolean)) break;
      await new Promise(r => setTimeout(r, 250));
    }
    for (const name of services)
      expect([name, await synced(name)]).toEqual([name, true]);
  });

  it('names this installation and its portal on every object it writes, and logs the installation', async () => {
    const { written: output, restore } = capturedOutput();
    const { stop } = await start({ logLevel: 'info' });
    let written: KubeObject;
    try {
      const configMap = () =>
        servedObject(
          sim,
          'us-east',
          '/api/v1/namespaces/miniplanes/configmaps/storage-config',
        );
      for (let i = 0; i < 80; i++) {
        if ((await configMap()).metadata?.uid) break;
        await new Promise(r => setTimeout(r, 250));
      }
      written = await configMap();
    } finally {
      await stop();
      restore();
    }
    expect(written.metadata.annotations).toMatchObject({
      'miniplanes.io/portal': PORTAL,
    });
    const installation =
      written.metadata.labels?.['miniplanes.io/installation'];
    expect(installation).toMatch(/^[0-9a-f-]{36}$/);
    // Where operators find it, to select its objects.
    expect(output.join('\n')).toContain(
      `miniplanes installation ${installation}`,
    );
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

  /** A filing, as the portal posts it. */
  const fileRequest = (
    server: Parameters<typeof request>[0],
    credentials: typeof amy,
    body: object,
  ) =>
    request(server)
      .post('/api/miniplanes/requests')
      .set(auth(credentials))
      .send(body);

  const fileStorage = (
    server: Parameters<typeof request>[0],
    credentials: typeof amy,
    spec = storageYaml,
  ) =>
    fileRequest(server, credentials, {
      entityRef: 'component:default/storage',
      reason: 'holiday traffic',
      spec,
    });

  /** A decision on a filed request, or its withdrawal, as the portal posts it. */
  const requestAction = (
    server: Parameters<typeof request>[0],
    id: string,
    action: 'approve' | 'reject' | 'withdraw',
    credentials: typeof amy,
    body: object = {},
  ) =>
    request(server)
      .post(`/api/miniplanes/requests/${id}/${action}`)
      .set(auth(credentials))
      .send(body);

  /** Both approvers' approvals of the request are refused as a conflict, saying `why`. */
  const expectEveryApprovalRefused = async (
    server: Parameters<typeof request>[0],
    id: string,
    why: RegExp,
  ) => {
    for (const approver of [pat, olga]) {
      const res = await requestAction(server, id, 'approve', approver);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(why);
    }
  };

  it('lets the owners of an entity, through their groups, file requests for it, and nobody else', async () => {
    const { server, requestAudit } = await start();
    const byOwner = await fileStorage(server, amy);
    expect(byOwner.status).toBe(201);
    expect(byOwner.body).toMatchObject({
      status: 'pending',
      requestedBy: 'user:default/amy',
      stale: false,
    });

    // An approver owns nothing by approving; someone of another team neither.
    for (const stranger of [pat, kim]) {
      const refused = await fileStorage(server, stranger);
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(
        'you may not request placement changes for component:default/storage: only its owners may',
      );
    }

    // A ref to no entity in the catalog, and no entity ref at all.
    for (const [entityRef, status, message] of [
      [
        'component:default/nope',
        404,
        'component:default/nope is not in the catalog, or you may not see it; register the entity before requesting a placement for it',
      ],
      [
        'storage',
        400,
        'entityRef: expected an entity ref such as component:default/storage',
      ],
    ] as const) {
      const refused = await fileRequest(server, amy, {
        entityRef,
        reason: 'try',
        spec: storageYaml,
      });
      expect(refused.status).toBe(status);
      expect(refused.body.error.message).toBe(message);
    }

    expect(requestAudit()).toEqual([
      {
        action: 'file',
        outcome: 'success',
        meta: {
          requestId: byOwner.body.id,
          entityRef: 'component:default/storage',
          status: 'pending',
        },
      },
      {
        action: 'file',
        outcome: 'fail',
        error:
          'you may not request placement changes for component:default/storage: only its owners may',
      },
      {
        action: 'file',
        outcome: 'fail',
        error:
          'you may not request placement changes for component:default/storage: only its owners may',
      },
      {
        action: 'file',
        outcome: 'fail',
        error:
          'component:default/nope is not in the catalog, or you may not see it; register the entity before requesting a placement for it',
      },
    ]);
  });

  it('takes a request through approval by an approver, never by its own requester', async () => {
    const { server, sent, requestAudit } = await start();
    // olga owns storage and is an approver: she files, another approver decides.
    const filed = await fileStorage(
      server,
      olga,
      storageYaml.replace('total: 4', 'total: 6'),
    );
    expect(filed.status).toBe(201);
    expect(filed.body.diff.changes).toContainEqual(
      expect.objectContaining({ role: 'compute', kind: 'scaled' }),
    );
    const approve = (credentials: typeof amy, comment?: string) =>
      requestAction(
        server,
        filed.body.id,
        'approve',
        credentials,
        comment ? { comment } : {},
      );

    const self = await approve(olga);
    expect(self.status).toBe(403);
    expect(self.body.error.message).toBe(
      'you cannot approve your own request; another approver must decide it',
    );
    const notApprover = await approve(amy);
    expect(notApprover.status).toBe(403);
    expect(notApprover.body.error.message).toBe(
      'only approvers may approve or reject placement requests',
    );

    // The clusters refuse calls, so the approval's own sync pass cannot carry
    // the version out while the test looks at what the approval did.
    for (const name of ['us-east', 'us-pet'])
      sim.cluster(name).setOutage('refuse');
    const approved = await approve(pat, 'ok for the season');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      decidedBy: 'user:default/pat',
      comment: 'ok for the season',
    });

    const service = await getService(server, 'storage');
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

    const again = await requestAction(server, filed.body.id, 'reject', pat);
    expect(again.status).toBe(409);

    const link = `/miniplanes/requests?request=${filed.body.id}`;
    expect(sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: 'group:default/platform-team',
          excludeEntityRef: 'user:default/olga',
        },
        payload: {
          title: 'Placement request for component:default/storage',
          description: 'user:default/olga asks: holiday traffic',
          severity: 'normal',
          link,
          topic: 'miniplanes-request',
        },
      },
      {
        recipients: { type: 'entity', entityRef: 'user:default/olga' },
        payload: {
          title: 'Placement request for component:default/storage approved',
          description:
            'Approved by user:default/pat: ok for the season. The clusters are being updated.',
          severity: 'normal',
          link,
          topic: 'miniplanes-request',
        },
      },
    ]);
    expect(requestAudit()).toEqual([
      expect.objectContaining({ action: 'file', outcome: 'success' }),
      {
        action: 'approve',
        outcome: 'fail',
        error:
          'you cannot approve your own request; another approver must decide it',
      },
      {
        action: 'approve',
        outcome: 'fail',
        error: 'only approvers may approve or reject placement requests',
      },
      {
        action: 'approve',
        outcome: 'success',
        meta: {
          requestId: filed.body.id,
          entityRef: 'component:default/storage',
          status: 'approved',
        },
      },
      {
        action: 'reject',
        outcome: 'fail',
        error: `request ${filed.body.id} is approved, not pending`,
      },
    ]);
  });

  it("counts for operators' metrics what the sync wrote to each cluster, as the clusters received it, its passes, and each move of a request", async () => {
    const metrics = metricsServiceMock.mock();
    const { server, stop } = await start({ metrics: metrics.factory });
    const filed = await fileStorage(
      server,
      olga,
      storageYaml.replace('total: 4', 'total: 6'),
    );
    // Waiting for an approver, as the store counts it at each collection.
    expect(await collected(metrics, 'miniplanes.requests.pending')).toEqual([
      [1],
    ]);
    expect(
      (await requestAction(server, filed.body.id, 'approve', pat)).status,
    ).toBe(200);
    expect(await collected(metrics, 'miniplanes.requests.pending')).toEqual([
      [0],
    ]);
    const statusOf = async () =>
      (
        await request(server)
          .get(`/api/miniplanes/requests/${filed.body.id}`)
          .set(auth(pat))
      ).body.status;
    for (let i = 0; i < 80 && (await statusOf()) !== 'applied'; i++)
      await new Promise(r => setTimeout(r, 250));
    expect(await statusOf()).toBe('applied');
    // No pass runs while the counts are compared.
    await stop();

    const writes = recorded(metrics, 'miniplanes.sync.object.writes');
    const counted = new Map<string, number>();
    for (const [n, attributes] of writes)
      counted.set(
        attributes.cluster,
        (counted.get(attributes.cluster) ?? 0) + n,
      );
    const received = new Map<string, number>();
    for (const { name } of sim.clusters) {
      const theirs = sim
        .cluster(name)
        .writes()
        .filter(w => w.fieldManager === 'miniplanes' && w.kind !== 'Namespace');
      if (theirs.length) received.set(name, theirs.length);
    }
    expect(received.size).toBeGreaterThan(1);
    expect(counted).toEqual(received);
    // The version approved changed the storage Deployments: applied as changed.
    expect(writes).toContainEqual([
      expect.any(Number),
      { cluster: 'us-east', action: 'applied', reason: 'changed' },
    ]);
    expect(recorded(metrics, 'miniplanes.sync.service.syncs')).toContainEqual([
      expect.any(Number),
      { cluster: 'us-east', state: 'InSync' },
    ]);
    expect(
      recorded(metrics, 'miniplanes.sync.pass.duration', 'createHistogram'),
    ).toContainEqual([
      expect.any(Number),
      { shard: '1/1', result: 'completed' },
    ]);

    expect(
      recorded(metrics, 'miniplanes.requests.moves').map(([, a]) => a.status),
    ).toEqual(['pending', 'approved', 'applied']);
    const [[seconds, outcome]] = recorded(
      metrics,
      'miniplanes.requests.approval_to_outcome.duration',
      'createHistogram',
    );
    expect(outcome).toEqual({ status: 'applied' });
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(20);

    // Each cluster's health, read when metrics are collected: the one no
    // locator reaches is Unknown, never Healthy.
    const health = await collected(metrics, 'miniplanes.fleet.cluster.health');
    expect(health).toContainEqual([
      1,
      { cluster: 'us-east', status: 'Healthy' },
    ]);
    expect(health).toContainEqual([
      1,
      { cluster: 'us-lost', status: 'Unknown' },
    ]);
  });

  it("signals the portal's open pages when a request is filed and when it is decided", async () => {
    const { server, signalled } = await start();
    // The sync, running meanwhile, may signal other services' status.
    const ours = new Set([
      'miniplanes:service:component:default/storage',
      'miniplanes:requests',
    ]);
    const channels = () =>
      signalled.map(signal => signal.channel).filter(c => ours.has(c));
    const before = channels().length;

    const filed = await fileStorage(
      server,
      olga,
      storageYaml.replace('total: 4', 'total: 6'),
    );
    expect(filed.status).toBe(201);
    expect(channels().slice(before)).toEqual([
      'miniplanes:service:component:default/storage',
      'miniplanes:requests',
    ]);
    expect(
      signalled.find(
        signal =>
          signal.channel === 'miniplanes:service:component:default/storage',
      ),
    ).toEqual({
      recipients: { type: 'broadcast' },
      channel: 'miniplanes:service:component:default/storage',
      message: { entityRef: 'component:default/storage' },
    });

    const approvedAt = channels().length;
    await requestAction(server, filed.body.id, 'approve', pat);
    // The new spec's decision, and the request's move.
    expect(new Set(channels().slice(approvedAt))).toEqual(
      new Set([
        'miniplanes:service:component:default/storage',
        'miniplanes:requests',
      ]),
    );
  });

  it('lets approvers reject, and tells the requester why', async () => {
    const { server, sent } = await start();
    const filed = await fileStorage(server, amy);
    const byKim = await requestAction(server, filed.body.id, 'reject', kim);
    expect(byKim.status).toBe(403);
    const rejected = await requestAction(server, filed.body.id, 'reject', pat, {
      comment: 'not before the freeze ends',
    });
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      decidedBy: 'user:default/pat',
    });
    expect(sent.map(n => [n.recipients, n.payload.description])).toEqual([
      [
        {
          type: 'entity',
          entityRef: 'group:default/platform-team',
          excludeEntityRef: 'user:default/amy',
        },
        'user:default/amy asks: holiday traffic',
      ],
      [
        { type: 'entity', entityRef: 'user:default/amy' },
        'Rejected by user:default/pat: not before the freeze ends.',
      ],
    ]);
  });

  it('files and decides requests even when notifying fails', async () => {
    // The test backend's logger writes to the console.
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const { server, sent } = await start({
      send: async () => {
        throw new Error('notifications backend is down');
      },
    });
    const filed = await fileStorage(server, amy);
    expect(filed.status).toBe(201);
    const approved = await requestAction(server, filed.body.id, 'approve', pat);
    expect(approved.status).toBe(200);
    expect(sent).toHaveLength(2);
    expect(warn.mock.calls.map(([message]) => message)).toEqual(
      expect.arrayContaining(
        ['pending', 'approved'].map(status =>
          expect.stringContaining(
            `could not send the ${status} notification of placement request ${filed.body.id}: Error: notifications backend is down`,
          ),
        ),
      ),
    );
  });

  it('flags a request stale when the service changed since, and refuses to approve it', async () => {
    const { server } = await start();
    const file = (total: number) =>
      fileStorage(
        server,
        amy,
        storageYaml.replace('total: 4', `total: ${total}`),
      );
    const first = await file(5);
    const second = await file(7);
    await requestAction(server, first.body.id, 'approve', pat);
    const stale = await request(server)
      .get(`/api/miniplanes/requests/${second.body.id}`)
      .set(auth(pat));
    expect(stale.body.stale).toBe(true);
    const refused = await requestAction(server, second.body.id, 'approve', pat);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(
      /changed since this request was filed/,
    );
  });

  it('blocks, for every approver, a request that would move data out of its jurisdiction', async () => {
    const { server, sent } = await start();
    const filed = await fileStorage(
      server,
      amy,
      storageYaml.replace('residency: [US]', 'residency: [IE]'),
    );
    expect(filed.status).toBe(201);
    expect(
      filed.body.checks.find((c: any) => c.name === 'governance'),
    ).toMatchObject({ passed: false });
    expect(sent[0].payload.description).toBe(
      'user:default/amy asks: holiday traffic (fails placement, governance, so it cannot be approved)',
    );
    await expectEveryApprovalRefused(
      server,
      filed.body.id,
      /^the request fails its policy checks and cannot be approved: placement: .*; governance: data cannot be placed within its allowed jurisdictions/,
    );
  });

  it("blocks, for every approver, the demo's request to back the airline data up to the European bucket", async () => {
    const { server } = await start();
    const demo = parse(exampleText('requests/storage-backup-to-eu.yaml'));
    const filed = await fileStorage(server, amy, demo.service);
    expect(filed.status).toBe(201);
    // A backup is data: its location's jurisdiction is checked like a cluster's.
    expect(
      filed.body.checks.find((c: any) => c.name === 'governance'),
    ).toMatchObject({
      passed: false,
      message: expect.stringContaining(
        'backup:nightly: storage location eu-backups is in jurisdiction IE',
      ),
    });
    await expectEveryApprovalRefused(
      server,
      filed.body.id,
      /^the request fails its policy checks and cannot be approved: .*storage location eu-backups is in jurisdiction IE/,
    );
  });

  it('lets only the requester withdraw', async () => {
    const { server, sent, requestAudit } = await start();
    const filed = await fileStorage(server, amy);
    const byOther = await requestAction(server, filed.body.id, 'withdraw', pat);
    expect(byOther.status).toBe(403);
    const mine = await requestAction(server, filed.body.id, 'withdraw', amy, {
      comment: 'not needed after all',
    });
    expect(mine.body.status).toBe('withdrawn');
    expect(sent[1]).toMatchObject({
      recipients: { type: 'entity', entityRef: 'user:default/amy' },
      payload: {
        title: 'Placement request for component:default/storage withdrawn',
        description: 'You withdrew it: not needed after all.',
      },
    });
    expect(requestAudit().map(e => [e.action, e.outcome])).toEqual([
      ['file', 'success'],
      ['withdraw', 'fail'],
      ['withdraw', 'success'],
    ]);
    const pending = await request(server)
      .get('/api/miniplanes/requests?status=pending')
      .set(auth());
    expect(pending.body.items).toEqual([]);
    const badStatus = await request(server)
      .get('/api/miniplanes/requests?status=maybe')
      .set(auth());
    expect(badStatus.status).toBe(400);
  });
  it("lets approvers open a rollout gate, never the version's requester, and owners pause it", async () => {
    const { server } = await start();
    const staged = parse(storageYaml);
    staged.spec.rollout = {
      stages: [
        { name: 'canary', clusters: { matchLabels: { region: 'us-east-1' } } },
        { name: 'rest', approval: true },
      ],
    };
    // olga owns storage and approves; she asks, pat approves.
    const filed = await fileStorage(server, olga, staged);
    expect(filed.status).toBe(201);
    const approved = await requestAction(server, filed.body.id, 'approve', pat);
    expect(approved.body.status).toBe('approved');
    let view: any;
    for (let i = 0; i < 40 && !view?.rollout?.state; i++) {
      if (i > 0) await new Promise(r => setTimeout(r, 250));
      view = (await getService(server, 'storage')).body;
    }
    expect(view.rollout.state.phase).not.toBe('Completed');
    const act = (credentials: typeof amy, action: string, body = {}) =>
      request(server)
        .post(
          `/api/miniplanes/services/default/component/storage/rollout/${action}`,
        )
        .set(auth(credentials))
        .send(body);

    const byOwner = await act(amy, 'approveStage', { stage: 'rest' });
    expect(byOwner.status).toBe(403);
    expect(byOwner.body.error.message).toBe(
      'only approvers may open a stage of a rollout',
    );
    const byRequester = await act(olga, 'approveStage', { stage: 'rest' });
    expect(byRequester.status).toBe(403);
    expect(byRequester.body.error.message).toBe(
      'you asked for this version; another approver must open its gates',
    );
    const byStranger = await act(kim, 'pause');
    expect(byStranger.status).toBe(403);
    const unknownStage = await act(pat, 'approveStage', { stage: 'nope' });
    expect(unknownStage.status).toBe(404);
    expect(unknownStage.body.error.message).toBe(
      'no stage nope; stages: canary, rest',
    );

    const paused = await act(amy, 'pause', { comment: 'canary looks slow' });
    expect(paused.status).toBe(200);
    expect(paused.body.phase).toBe('Paused');
    const history = (await getService(server, 'storage')).body.history;
    expect(history).toContainEqual(
      expect.objectContaining({
        type: 'rollout.pause',
        actor: 'user:default/amy',
        message: expect.stringMatching(/rollout paused .*: canary looks slow$/),
      }),
    );
  });
});
