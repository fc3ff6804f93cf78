import { mockCredentials } from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  demoFleetForFile,
  startDemoBackend,
} from '../__testUtils__/demoBackend';
import { isEntityOwnerDecision } from '../__testUtils__/isEntityOwnerDecision';
import { exampleText } from '../__testUtils__/syncHarness';

jest.setTimeout(60_000);

const yamlOf = (name: string) => exampleText(`services/${name}.yaml`);
const BASE = '/api/miniplanes';
const STORAGE = 'component:default/storage';
const UI = 'component:default/ui';

const amy = 'user:default/amy'; // data-team: reads storage only
const kim = 'user:default/kim'; // airline-team: reads the UI only
const pat = 'user:default/pat'; // platform-team: reads everything, approves

/**
 * What the catalog lets each user read, as a catalog policy with
 * conditions would answer for each entity once resolved.
 */
const reads: Record<string, (ref: string) => boolean> = {
  [amy]: ref => ref === STORAGE,
  [kim]: ref => ref === UI,
  [pat]: () => true,
};

const permissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory(): PermissionsService {
    const userOf = (credentials: any) =>
      credentials.principal?.userEntityRef as string;
    return {
      async authorize(requests, { credentials }) {
        const user = userOf(credentials);
        return requests.map(r => {
          if (r.permission.name === 'catalog.entity.read') {
            const ref = (r as { resourceRef?: string }).resourceRef ?? '';
            return {
              result: reads[user]?.(ref)
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
            };
          }
          if (r.permission.name === 'miniplanes.request.decide') {
            return {
              result:
                user === pat ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
            };
          }
          return { result: AuthorizeResult.ALLOW };
        });
      },
      // As a policy answers for a resource permission without a resource:
      // conditions where what may be read depends on the entity, a plain
      // ALLOW for whoever reads everything.
      async authorizeConditional(requests, { credentials }) {
        const user = userOf(credentials);
        return requests.map(r =>
          r.permission.name === 'catalog.entity.read' && user !== pat
            ? isEntityOwnerDecision([user])
            : { result: AuthorizeResult.ALLOW },
        );
      },
    } as PermissionsService;
  },
});

const fleet = demoFleetForFile();

const component = (name: string, owner: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner },
});

async function start() {
  const server = await startDemoBackend({
    sim: fleet(),
    entities: [
      component('storage', 'data-team'),
      component('ui', 'airline-team'),
    ],
    features: [permissionsFactory],
  });
  const as = (user: string) => ({
    Authorization: mockCredentials.user.header(user),
  });
  const get = (user: string, path: string) =>
    request(server).get(`${BASE}${path}`).set(as(user));
  const file = async (user: string, entityRef: string, name: string) =>
    (
      await request(server)
        .post(`${BASE}/requests`)
        .set(as(user))
        .send({ entityRef, reason: `more ${name}`, spec: yamlOf(name) })
    ).body;
  return { get, file };
}

describe('reads scoped by the catalog read permission', () => {
  it("lists only the services, and the clusters' services, the caller may read", async () => {
    const { get } = await start();
    const refs = async (user: string) =>
      (await get(user, '/services')).body.items.map((s: any) => s.entityRef);
    expect(await refs(amy)).toEqual([STORAGE]);
    expect(await refs(kim)).toEqual([UI]);
    // A page at a time: each page holds only what amy may read.
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (
        await get(
          amy,
          `/services?limit=2${
            cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
          }`,
        )
      ).body;
      paged.push(...page.items.map((s: any) => s.entityRef));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual([STORAGE]);
    // The platform team reads every seeded service.
    const all = await refs(pat);
    expect(all).toEqual(expect.arrayContaining([STORAGE, UI]));
    expect(all.length).toBeGreaterThan(2);

    const placedFor = async (user: string) =>
      new Set(
        (await get(user, '/clusters')).body.items.flatMap(
          (c: any) => c.services,
        ),
      );
    expect(await placedFor(amy)).toEqual(new Set([STORAGE]));
    expect([...(await placedFor(pat))]).toEqual(
      expect.arrayContaining([STORAGE, UI]),
    );
    expect((await placedFor(pat)).size).toBeGreaterThan(2);
  });

  it('answers 404 for a service the caller may not read, its evidence and history too, as for one that does not exist', async () => {
    const { get } = await start();
    for (const path of [
      '/services/default/component/ui',
      '/services/default/component/ui/evidence',
      '/services/default/component/ui/history',
    ]) {
      const hidden = await get(amy, path);
      expect(hidden.status).toBe(404);
      expect(hidden.body.error.message).toBe(`no federated service for ${UI}`);
      expect((await get(kim, path)).status).toBe(200);
    }
    const missing = await get(amy, '/services/default/component/nope');
    expect(missing.body.error.message).toBe(
      'no federated service for component:default/nope',
    );
  });

  it('shows requests to those who may read their entity, and every request to approvers', async () => {
    const { get, file } = await start();
    const forStorage = await file(amy, STORAGE, 'storage');
    const forUi = await file(kim, UI, 'ui');
    const listed = async (user: string) =>
      (await get(user, '/requests')).body.items.map((r: any) => r.id).sort();
    expect(await listed(amy)).toEqual([forStorage.id]);
    expect(await listed(kim)).toEqual([forUi.id]);
    expect(await listed(pat)).toEqual([forStorage.id, forUi.id].sort());
    // A page holds only what the caller may read; the cursor goes on past the rest.
    const firstPage = (await get(amy, '/requests?limit=1')).body;
    const secondPage = (
      await get(
        amy,
        `/requests?limit=1&cursor=${encodeURIComponent(firstPage.nextCursor)}`,
      )
    ).body;
    expect(
      [...firstPage.items, ...secondPage.items].map((r: any) => r.id),
    ).toEqual([forStorage.id]);
    expect(secondPage.nextCursor).toBeUndefined();

    expect((await get(amy, `/requests/${forUi.id}`)).status).toBe(404);
    expect((await get(kim, `/requests/${forUi.id}`)).status).toBe(200);
    expect((await get(pat, `/requests/${forUi.id}`)).status).toBe(200);
  });
});
