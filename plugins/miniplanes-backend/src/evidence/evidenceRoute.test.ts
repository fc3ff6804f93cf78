import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  demoFleetForFile,
  startDemoBackend,
} from '../__testUtils__/demoBackend';
import { exampleService } from '../__testUtils__/syncHarness';

jest.setTimeout(120_000);

const BASE = '/api/miniplanes';
const EVIDENCE = `${BASE}/services/default/component/storage/evidence`;
const owner = mockCredentials.user('user:default/amy');
const approver = mockCredentials.user('user:default/pat');
const as = (credentials: typeof owner) => ({
  Authorization: mockCredentials.user.header(
    credentials.principal.userEntityRef,
  ),
});

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** The storage service with its data on us-pet only, releasing what it left on the given clusters. */
function onUsPet(release: string[] = []) {
  const spec = exampleService('storage');
  spec.spec.placement.clusterSelector = {
    matchLabels: { region: 'us-west-2' },
  };
  spec.spec.data = {
    ...spec.spec.data,
    ...(release.length ? { release } : {}),
  };
  return spec;
}

const fleet = demoFleetForFile();

const start = () =>
  startDemoBackend({
    sim: fleet(),
    miniplanes: { sync: { frequency: { seconds: 1 } } },
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'storage', namespace: 'default' },
        spec: { type: 'service', lifecycle: 'production', owner: 'amy' },
      },
    ],
  });

describe('GET /services/:namespace/:kind/:name/evidence', () => {
  it('exports where the data lived, who approved each move, every release and the residency checks', async () => {
    const server = await start();
    const until = async (what: string, ok: () => Promise<boolean>) => {
      for (const deadline = Date.now() + 60_000; !(await ok()); ) {
        if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
        await sleep(250);
      }
    };
    const fileAndApprove = async (spec: object, reason: string) => {
      const filed = await request(server)
        .post(`${BASE}/requests`)
        .set(as(owner))
        .send({ entityRef: 'component:default/storage', reason, spec });
      expect(filed.status).toBe(201);
      const approved = await request(server)
        .post(`${BASE}/requests/${filed.body.id}/approve`)
        .set(as(approver))
        .send({ comment: 'ok' });
      expect(approved.status).toBe(200);
      await until(`${reason} applied`, async () => {
        const r = await request(server)
          .get(`${BASE}/requests/${filed.body.id}`)
          .set(as(owner));
        return r.body.status === 'applied';
      });
      return filed.body.id as string;
    };

    const move = await fileAndApprove(onUsPet(), 'keep the data in Oregon');
    const release = await fileAndApprove(
      onUsPet(['us-east']),
      'delete the copy left in Virginia',
    );
    await until('the release carried out', async () => {
      const r = await request(server).get(EVIDENCE).set(as(owner));
      return r.body.releases?.every((x: any) => x.executedAt);
    });

    const res = await request(server).get(EVIDENCE).set(as(owner));
    expect(res.status).toBe(200);
    const evidence = res.body;
    expect(evidence).toMatchObject({
      entityRef: 'component:default/storage',
      classification: 'airline-data',
      residency: ['US'],
      governance: [
        { classification: 'airline-data', allowedJurisdictions: ['US'] },
      ],
    });
    expect(
      evidence.versions.map((v: any) => [
        v.specVersion,
        v.source,
        v.requestedBy,
        v.approvedBy,
        v.outcome,
        v.dataClusters,
        v.releases,
      ]),
    ).toEqual([
      [1, 'seed', undefined, undefined, undefined, ['us-east', 'us-pet'], []],
      [
        2,
        'request',
        'user:default/amy',
        'user:default/pat',
        'applied',
        ['us-pet'],
        [],
      ],
      [
        3,
        'request',
        'user:default/amy',
        'user:default/pat',
        'applied',
        ['us-pet'],
        ['us-east'],
      ],
    ]);

    const east = evidence.dataResidency.find(
      (r: any) => r.cluster === 'us-east',
    );
    expect(east.intervals).toEqual([
      expect.objectContaining({
        state: 'placed',
        by: { type: 'version', specVersion: 1 },
        endedBy: expect.objectContaining({
          specVersion: 2,
          requestId: move,
          approvedBy: 'user:default/pat',
        }),
        residency: {
          jurisdiction: 'US',
          passed: true,
          message:
            'jurisdiction US is within residency [US] and airline-data governance [US]',
        },
      }),
      expect.objectContaining({
        state: 'retained',
        endedBy: expect.objectContaining({
          specVersion: 3,
          requestId: release,
          released: true,
        }),
      }),
    ]);
    expect(east.now).toBeUndefined();
    const pet = evidence.dataResidency.find((r: any) => r.cluster === 'us-pet');
    expect(pet.intervals).toEqual([
      expect.objectContaining({
        state: 'placed',
        by: { type: 'version', specVersion: 1 },
      }),
    ]);
    expect(pet.intervals[0].until).toBeUndefined();
    expect(pet.now).toMatchObject({ jurisdiction: 'US', passed: true });

    expect(
      [...evidence.releases].sort((a: any, b: any) =>
        a.kind < b.kind ? -1 : 1,
      ),
    ).toEqual([
      expect.objectContaining({
        cluster: 'us-east',
        kind: 'Cluster',
        name: 'ledger',
        specVersion: 3,
      }),
      expect.objectContaining({
        cluster: 'us-east',
        kind: 'Service',
        name: 'mongodb',
        specVersion: 3,
      }),
      expect.objectContaining({
        cluster: 'us-east',
        kind: 'StatefulSet',
        namespace: 'miniplanes',
        name: 'mongodb',
        specVersion: 3,
        requestId: release,
        approvedBy: 'user:default/pat',
        executedAt: expect.any(String),
      }),
    ]);
    expect(
      evidence.currentData
        .map((d: any) => `${d.cluster} ${d.kind} ${d.name} ${d.state}`)
        .sort(),
    ).toEqual([
      'us-pet Cluster ledger applied',
      'us-pet Service mongodb applied',
      'us-pet StatefulSet mongodb applied',
    ]);
  });

  it('answers 404 for an entity without a federated service, and 401 without credentials', async () => {
    const server = await start();
    const missing = await request(server)
      .get(`${BASE}/services/default/component/nothing/evidence`)
      .set(as(owner));
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      'no federated service for component:default/nothing',
    );
    const anonymous = await request(server)
      .get(EVIDENCE)
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });
});
