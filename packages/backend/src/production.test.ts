import { createBackend } from '@backstage/backend-defaults';
import { rootConfigServiceFactory } from '@backstage/backend-defaults/rootConfig';
import { mockServices } from '@backstage/backend-test-utils';
import { SimulatedFleet, startFleetFromText } from '@miniplanes/kube-sim';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { backendFeatures } from './backendFeatures';
import {
  headerSignInModule,
  USER_HEADER,
} from './__testUtils__/headerSignInModule';
import { eventually } from './__testUtils__/eventually';
import { freePort } from './__testUtils__/freePort';

jest.setTimeout(120_000);

const repoRoot = resolve(__dirname, '../../..');
const postgres =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

/** Two clusters in two jurisdictions; customer data stays in the US. */
const FLEET = `
governance:
  - classification: customer-data
    allowedJurisdictions: [US]
clusters:
  - name: us-east
    labels: { jurisdiction: US, region: us-east-1 }
    capabilities: [storage]
    nodes: { count: 2, cpu: '8', memory: 32Gi }
  - name: eu-west
    labels: { jurisdiction: IE, region: eu-west-1 }
    nodes: { count: 2, cpu: '8', memory: 32Gi }
`;

/** The operator's catalog: a team, its service, and a platform engineer. */
const ORG = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: shop-team }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: platform-team }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: alice }
spec: { memberOf: [shop-team] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: paul }
spec: { memberOf: [platform-team] }
`;
const ENTITIES = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: checkout }
spec: { type: service, lifecycle: production, owner: group:default/shop-team }
`;

const CHECKOUT = {
  apiVersion: 'miniplanes.io/v1alpha1',
  kind: 'FederatedService',
  metadata: { name: 'checkout', entityRef: 'component:default/checkout' },
  spec: {
    data: { classification: 'customer-data', residency: ['US'] },
    placement: {
      replicas: { total: 2, mode: 'Divided', weighting: 'Capacity' },
    },
    resources: [
      {
        role: 'data',
        manifest: {
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          metadata: { name: 'checkout-db' },
          spec: {
            serviceName: 'checkout-db',
            replicas: 1,
            selector: { matchLabels: { app: 'checkout-db' } },
            template: {
              metadata: { labels: { app: 'checkout-db' } },
              spec: { containers: [{ name: 'db', image: 'postgres:16' }] },
            },
          },
        },
      },
      {
        role: 'compute',
        manifest: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'checkout' },
          spec: {
            selector: { matchLabels: { app: 'checkout' } },
            template: {
              metadata: { labels: { app: 'checkout' } },
              spec: { containers: [{ name: 'checkout', image: 'shop:1' }] },
            },
          },
        },
      },
    ],
  },
};

/** PostgreSQL from the suite's throwaway server, as the production config reads it. */
function postgresEnvironment(connectionString: string) {
  const url = new URL(connectionString);
  return {
    POSTGRES_HOST: url.hostname,
    POSTGRES_PORT: url.port || '5432',
    POSTGRES_USER: decodeURIComponent(url.username),
    POSTGRES_PASSWORD: decodeURIComponent(url.password),
  };
}

/**
 * The operators' path, end to end: the real backend (the features `npm
 * start` runs, the real auth, permission, catalog and scheduler services)
 * started from app-config.yaml, app-config.production.yaml and an operator's
 * config, against PostgreSQL and kube-sim clusters reached as external
 * clusters (config locator with URL, CA and read-only token; write tokens
 * under miniplanes.clusters). Users sign in through a header provider that
 * stands in for the operator's identity provider. Runs where the suite
 * provides PostgreSQL (npm test does).
 */
(postgres ? describe : describe.skip)('the production config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplanes-production-'));
  const env = process.env;
  const cwd = process.cwd();
  let fleet: SimulatedFleet;
  let backend: ReturnType<typeof createBackend> | undefined;
  let api: string;
  const serviceToken = randomBytes(24).toString('hex');
  const botToken = randomBytes(24).toString('hex');

  /** The operator's config, as the README tells them to write it. */
  function operatorConfig(port: number) {
    const baseUrl = `http://localhost:${port}`;
    // A list replaces the one it layers on: the operator keeps the
    // production config's template and adds their own catalog.
    const production = parse(
      readFileSync(join(repoRoot, 'app-config.production.yaml'), 'utf8'),
    );
    return {
      app: { baseUrl },
      backend: {
        baseUrl,
        listen: { port },
        // Fresh databases for this run, in a server other tests share.
        database: { prefix: `boot${randomBytes(4).toString('hex')}_` },
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: serviceToken, subject: 'test-reader' },
            },
            // The README's automation recipe: a GitOps bot that files.
            {
              type: 'static',
              options: { token: botToken, subject: 'gitops-bot' },
              accessRestrictions: [{ plugin: 'miniplanes' }],
            },
          ],
        },
      },
      auth: { providers: { header: {} } },
      catalog: {
        locations: [
          ...production.catalog.locations,
          { type: 'file', target: join(dir, 'entities.yaml') },
          {
            type: 'file',
            target: join(dir, 'org.yaml'),
            rules: [{ allow: ['User', 'Group'] }],
          },
        ],
      },
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: fleet.clusters.map(c => ({
              name: c.name,
              url: c.url,
              authProvider: 'serviceAccount',
              serviceAccountToken: c.readOnlyToken,
              caData: c.caData,
            })),
          },
        ],
      },
      miniplanes: {
        fleet: { file: join(dir, 'fleet.yaml') },
        automation: [
          { subject: 'gitops-bot', entities: ['component:default/checkout'] },
        ],
        clusters: Object.fromEntries(
          fleet.clusters.map(c => [
            c.name,
            { serviceAccountToken: c.adminToken },
          ]),
        ),
      },
    };
  }

  /** Starts the backend as `node packages/backend --config ...` would. */
  async function startProductionBackend(config: object) {
    const file = join(dir, `app-config.operator-${Date.now()}.yaml`);
    writeFileSync(file, stringify(config));
    const started = createBackend();
    started.add(
      rootConfigServiceFactory({
        argv: [
          '--config',
          join(repoRoot, 'app-config.yaml'),
          '--config',
          join(repoRoot, 'app-config.production.yaml'),
          '--config',
          file,
        ],
        watch: false,
      }),
    );
    started.add(mockServices.rootLogger.factory({ level: 'error' }));
    for (const feature of backendFeatures()) started.add(feature);
    started.add(headerSignInModule);
    // The root config says on the console which files it loads, as at boot.
    const log = jest.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await started.start();
      expect(log).toHaveBeenCalledWith(expect.stringContaining(file));
    } finally {
      log.mockRestore();
    }
    return started;
  }

  beforeAll(async () => {
    writeFileSync(join(dir, 'fleet.yaml'), FLEET);
    writeFileSync(join(dir, 'org.yaml'), ORG);
    writeFileSync(join(dir, 'entities.yaml'), ENTITIES);
    fleet = await startFleetFromText(FLEET, { podStartupMs: 5 });
    process.env = { ...env, ...postgresEnvironment(postgres!) };
    // Relative paths in the production config start from the repository
    // root, the working directory of `node packages/backend`.
    process.chdir(repoRoot);
    const port = await freePort();
    api = `http://localhost:${port}`;
    backend = await startProductionBackend(operatorConfig(port));
    await eventually('the operator catalog', async () => {
      const { status } = await call(
        '/api/catalog/entities/by-name/user/default/paul',
        {
          token: serviceToken,
        },
      );
      return status === 200 || undefined;
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await fleet?.stop();
    process.chdir(cwd);
    process.env = env;
    rmSync(dir, { recursive: true, force: true });
  });

  async function call(
    path: string,
    options: { token?: string; method?: string; body?: unknown } = {},
  ) {
    const response = await fetch(`${api}${path}`, {
      method: options.method ?? 'GET',
      headers: {
        'Content-Type': 'application/json',
        ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      },
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const body = await response.json().catch(() => undefined);
    return { status: response.status, body };
  }

  /** Signs in as a catalog user, as the sign-in page would. */
  async function signIn(name: string): Promise<string> {
    const response = await fetch(`${api}/api/auth/header/refresh`, {
      headers: { [USER_HEADER]: name, 'X-Requested-With': 'XMLHttpRequest' },
    });
    expect(response.status).toBe(200);
    const { backstageIdentity } = await response.json();
    return backstageIdentity.token;
  }

  it('refuses to start without a fleet file, and says which key to set', async () => {
    const config = operatorConfig(await freePort());
    const withoutFleet = {
      ...config,
      miniplanes: { ...config.miniplanes, fleet: undefined },
    };
    await expect(startProductionBackend(withoutFleet)).rejects.toThrow(
      'miniplanes.fleet.file is not set: name the fleet file that holds your jurisdictions, governance and cluster profiles',
    );
  });

  it('answers the probes without a token, and everything else only with one', async () => {
    expect((await call('/.backstage/health/v1/readiness')).status).toBe(200);
    expect((await call('/.backstage/health/v1/liveness')).status).toBe(200);
    expect((await call('/api/miniplanes/health')).status).toBe(401);
  });

  it('has none of the demo: no guest or persona sign-in, demo catalog, local publishing or simulated clusters', async () => {
    expect((await call('/api/auth/guest/refresh')).status).toBe(404);
    // app-config.yaml lists personas; production's auth.environment turns them off.
    expect((await call('/api/auth/personas/refresh')).status).toBe(404);
    const token = serviceToken;
    const demo = await call(
      '/api/catalog/entities/by-name/component/default/storage',
      {
        token,
      },
    );
    expect(demo.status).toBe(404);
    const template = await call(
      '/api/catalog/entities/by-name/template/default/federated-service',
      { token },
    );
    expect(template.status).toBe(200);
    const { body: actions } = await call('/api/scaffolder/v2/actions', {
      token,
    });
    const ids = actions.map((a: { id: string }) => a.id);
    expect(ids).toEqual(
      expect.arrayContaining(['publish:github', 'miniplanes:service:create']),
    );
    expect(ids).not.toContain('publish:local');
    const { body: clusters } = await call('/api/miniplanes/clusters', {
      token,
    });
    expect(clusters.items.map((c: { name: string }) => c.name)).toEqual([
      'eu-west',
      'us-east',
    ]);
  });

  it('shows the located clusters healthy and connected', async () => {
    const { body } = await call('/api/miniplanes/clusters', {
      token: serviceToken,
    });
    expect(
      body.items.map((c: any) => ({
        name: c.name,
        connected: c.connected,
        health: c.health.status,
        jurisdiction: c.labels.jurisdiction,
      })),
    ).toEqual([
      {
        name: 'eu-west',
        connected: true,
        health: 'Healthy',
        jurisdiction: 'IE',
      },
      {
        name: 'us-east',
        connected: true,
        health: 'Healthy',
        jurisdiction: 'US',
      },
    ]);
  });

  it('lets an owner file, another person approve, and the sync write to the clusters', async () => {
    const alice = await signIn('alice');
    const paul = await signIn('paul');

    const filed = await call('/api/miniplanes/requests', {
      token: alice,
      method: 'POST',
      body: {
        entityRef: 'component:default/checkout',
        reason: 'Run checkout, its data in the US',
        spec: CHECKOUT,
      },
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      status: 'pending',
      requestedBy: 'user:default/alice',
    });
    const id = filed.body.id;

    // Not an approver, and nobody approves their own request.
    const byAlice = await call(`/api/miniplanes/requests/${id}/approve`, {
      token: alice,
      method: 'POST',
    });
    expect(byAlice.status).toBe(403);

    const approved = await call(`/api/miniplanes/requests/${id}/approve`, {
      token: paul,
      method: 'POST',
      body: { comment: 'ok' },
    });
    expect(approved.status).toBe(200);

    await eventually('the request to be applied', async () => {
      const { body } = await call(`/api/miniplanes/requests/${id}`, {
        token: paul,
      });
      return body.status === 'applied' ? body : undefined;
    });

    const written = (cluster: string) =>
      fleet
        .cluster(cluster)
        .writes()
        .map(w => `${w.kind} ${w.namespace}/${w.name}`);
    // The data only where customer data may live; compute where it fits.
    expect(written('us-east')).toEqual(
      expect.arrayContaining([
        'StatefulSet default/checkout-db',
        'Deployment default/checkout',
      ]),
    );
    expect(written('eu-west')).not.toContain('StatefulSet default/checkout-db');
  });

  it('lets a GitOps bot file on behalf of a user, and leaves deciding to people', async () => {
    const filed = await call('/api/miniplanes/requests', {
      token: botToken,
      method: 'POST',
      body: {
        entityRef: 'component:default/checkout',
        reason: 'merged shop/infra#42',
        onBehalfOf: 'user:default/alice',
        spec: {
          ...CHECKOUT,
          spec: {
            ...CHECKOUT.spec,
            placement: {
              replicas: { total: 3, mode: 'Divided', weighting: 'Capacity' },
            },
          },
        },
      },
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      status: 'pending',
      requestedBy: 'user:default/alice',
    });
    const byBot = await call(
      `/api/miniplanes/requests/${filed.body.id}/approve`,
      { token: botToken, method: 'POST' },
    );
    expect(byBot.status).toBe(403);
    // The bot's token reaches miniplanes only.
    const catalog = await call('/api/catalog/entities', { token: botToken });
    expect(catalog.status).toBe(403);
  });
});
