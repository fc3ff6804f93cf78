import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import miniplanesPlugin from '@miniplanes/plugin-miniplanes-backend';
import miniplanesScaffolderModule from '@miniplanes/plugin-scaffolder-backend-module-miniplanes';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { policyInProcess } from './__testUtils__/policyInProcess';
import {
  localDirectoryUrlReaderFactory,
  localPublishingModule,
} from './localPublishing';
import { eventually } from './__testUtils__/eventually';

jest.setTimeout(120_000);

const examples = resolve(__dirname, '../../../examples');
const TEMPLATE_REF = 'template:default/federated-service';
const KIM = 'user:default/kim';
const BOB = 'user:default/bob';
/** Group memberships, as the sign-in resolver puts them in ownership refs. */
const memberships: Record<string, string[]> = {
  [KIM]: ['group:default/airline-team'],
  [BOB]: ['group:default/data-team'],
};

/**
 * The demo's template run for real through the scaffolder backend, offline:
 * published to a local directory, registered in the real catalog, and its
 * first placement request filed with miniplanes as the user who ran it.
 */
describe('the Federated service template', () => {
  const repositories = mkdtempSync(join(tmpdir(), 'miniplanes-repositories-'));
  afterAll(() => rmSync(repositories, { recursive: true, force: true }));

  async function startPortalBackend() {
    const { server } = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Component', 'Location', 'Template'] }],
              locations: [
                {
                  type: 'file',
                  target: resolve(
                    examples,
                    'templates/federated-service/template.yaml',
                  ),
                },
              ],
            },
            localPublishing: { enabled: true, directory: repositories },
            miniplanes: {
              fleet: { file: resolve(examples, 'fleet/demo-fleet.yaml') },
              approvers: { group: 'group:default/platform-team' },
            },
          },
        }),
        catalogPlugin,
        catalogScaffolderEntityModel,
        scaffolderPlugin,
        miniplanesScaffolderModule,
        localPublishingModule,
        localDirectoryUrlReaderFactory,
        miniplanesPlugin,
        policyInProcess,
        mockServices.userInfo.mock({
          getUserInfo: async credentials => {
            const { userEntityRef } = credentials.principal as {
              userEntityRef: string;
            };
            return {
              userEntityRef,
              ownershipEntityRefs: [
                userEntityRef,
                ...(memberships[userEntityRef] ?? []),
              ],
            };
          },
        }).factory,
      ],
    });
    const { port } = server.address() as AddressInfo;
    return `http://localhost:${port}/api`;
  }

  let api: string;
  beforeAll(async () => {
    api = await startPortalBackend();
    await eventually('the template in the catalog', async () => {
      const { status } = await call(
        `${api}/catalog/entities/by-name/template/default/federated-service`,
      );
      return status === 200 ? true : undefined;
    });
  });

  async function call(url: string, init: RequestInit = {}, as = KIM) {
    const response = await fetch(url, {
      ...init,
      headers: {
        'Content-Type': 'application/json',
        Authorization: mockCredentials.user.header(as),
        ...init.headers,
      },
    });
    const body = await response.json().catch(() => undefined);
    return { status: response.status, body };
  }

  /** Runs the template as a user, as the scaffolder's form does, to its end. */
  async function runTemplate(
    as: string,
    name: string,
    values: Record<string, unknown> = {},
  ) {
    const created = await call(
      `${api}/scaffolder/v2/tasks`,
      {
        method: 'POST',
        body: JSON.stringify({
          templateRef: TEMPLATE_REF,
          values: {
            name,
            description: 'Tells travellers when fares drop',
            owner: 'group:default/airline-team',
            image: 'ghcr.io/miniplanes/fare-alerts:1.0.0',
            workloadClass: 'standard',
            replicas: 3,
            dataClassification: 'airline-data',
            residency: ['US'],
            repository: 'local',
            ...values,
          },
        }),
      },
      as,
    );
    expect(created.status).toBe(201);
    const task = await eventually('the task to finish', async () => {
      const { body } = await call(
        `${api}/scaffolder/v2/tasks/${created.body.id}`,
        {},
        as,
      );
      return ['completed', 'failed'].includes(body.status) ? body : undefined;
    });
    const { body: events } = await call(
      `${api}/scaffolder/v2/tasks/${created.body.id}/events`,
      {},
      as,
    );
    return {
      status: task.status as string,
      failures: events
        .filter((e: any) => e.body.status === 'failed')
        .map(
          (e: any) => `${e.body.stepId}: ${e.body.message.split('\n')[0]}`,
        ) as string[],
      output: events.find((e: any) => e.type === 'completion')?.body.output,
    };
  }

  async function requestsFor(entityRef: string) {
    const { body } = await call(
      `${api}/miniplanes/requests?entityRef=${encodeURIComponent(entityRef)}`,
    );
    return body.items;
  }

  it('publishes the repository, registers the entity and files a pending request as its initiator', async () => {
    const run = await runTemplate(KIM, 'fare-alerts');
    expect({ status: run.status, failures: run.failures }).toEqual({
      status: 'completed',
      failures: [],
    });

    // The repository on disk, the entity in the catalog from there.
    const published = parse(
      readFileSync(join(repositories, 'fare-alerts/catalog-info.yaml'), 'utf8'),
    );
    expect(published).toMatchObject({
      kind: 'Component',
      metadata: { name: 'fare-alerts' },
      spec: { owner: 'group:default/airline-team' },
    });
    const { body: entity } = await call(
      `${api}/catalog/entities/by-name/component/default/fare-alerts`,
    );
    expect(entity.spec.owner).toBe('group:default/airline-team');
    expect(
      entity.metadata.annotations['backstage.io/managed-by-location'],
    ).toBe(`url:file://${join(repositories, 'fare-alerts/catalog-info.yaml')}`);

    // The first placement request waits for an approver; nothing is placed yet.
    const requests = await requestsFor('component:default/fare-alerts');
    expect(requests).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/fare-alerts',
        status: 'pending',
        requestedBy: KIM,
        reason:
          'New standard service fare-alerts, created from the Federated service template',
        spec: expect.objectContaining({
          spec: expect.objectContaining({
            data: { classification: 'airline-data', residency: ['US'] },
          }),
        }),
      }),
    ]);
    // A local repository has no page to link to.
    expect(run.output.links).toEqual([
      {
        title: 'Open in catalog',
        icon: 'catalog',
        entityRef: 'component:default/fare-alerts',
      },
      {
        title: 'Placement request',
        url: `/miniplanes/requests?request=${requests[0].id}`,
      },
    ]);
    const service = await call(
      `${api}/miniplanes/services/default/component/fare-alerts`,
    );
    expect(service.status).toBe(404);
  });

  it('does not let a template file a request for a team the user is not in', async () => {
    // Bob (data-team) names airline-team as the owner: the entity is created,
    // but miniplanes checks the request with Bob's own permissions.
    const run = await runTemplate(BOB, 'fare-spy');

    expect(run.status).toBe('failed');
    expect(run.failures).toEqual([
      'miniplanes: NotAllowedError: you may not request placement changes for component:default/fare-spy: only its owners may',
    ]);
    expect(await requestsFor('component:default/fare-spy')).toEqual([]);
  });

  it('offers backups to storage services: a US location is filed as a nightly Velero backup, an Irish one for US data is blocked', async () => {
    const storage = { workloadClass: 'storage' };
    const home = await runTemplate(KIM, 'fare-ledger', {
      ...storage,
      backupLocation: 'us-backups',
    });
    expect(home.failures).toEqual([]);
    const [filed] = await requestsFor('component:default/fare-ledger');
    expect(filed.spec.spec.dataOperations).toEqual({
      backups: [
        {
          name: 'nightly',
          schedule: '0 3 * * *',
          retention: '720h',
          storageLocation: 'us-backups',
        },
      ],
    });
    // (No cluster is reachable here, so only the placement check fails.)
    expect(
      filed.checks
        .filter((c: { passed: boolean }) => !c.passed)
        .map((c: { name: string }) => c.name),
    ).toEqual(['placement']);

    // A backup is data: written to Ireland it would leave the US.
    await runTemplate(KIM, 'fare-archive', {
      ...storage,
      backupLocation: 'eu-backups',
    });
    const [blocked] = await requestsFor('component:default/fare-archive');
    expect(
      blocked.checks
        .filter((c: { passed: boolean }) => !c.passed)
        .map((c: { message: string }) => c.message)
        .join('\n'),
    ).toContain('eu-backups');

    // Without a location, or for other workloads, nothing is backed up.
    await runTemplate(KIM, 'fare-cache', { backupLocation: 'us-backups' });
    const [compute] = await requestsFor('component:default/fare-cache');
    expect(compute.spec.spec.dataOperations).toBeUndefined();
  });
});
