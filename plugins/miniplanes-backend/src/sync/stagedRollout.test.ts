import { TestDatabases } from '@backstage/backend-test-utils';
import { FederatedService } from '@miniplanes/plugin-miniplanes-common';
import {
  exampleService,
  startSyncHarness,
  SyncHarness,
} from '../__testUtils__/syncHarness';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const UI = 'component:default/ui';
const OWNER = 'user:default/kim';
const APPROVER = 'user:default/pat';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** The UI at the given image, rolled out with the given rollout. */
function ui(image: string, rollout?: unknown): FederatedService {
  const spec = exampleService('ui');
  (
    spec.spec.resources[0].manifest as any
  ).spec.template.spec.containers[0].image = image;
  if (rollout)
    spec.spec.rollout = rollout as FederatedService['spec']['rollout'];
  return spec;
}

async function approved(h: SyncHarness, spec: FederatedService) {
  const filed = await h.requests.file({
    entityRef: spec.metadata.entityRef,
    reason: 'new image',
    spec,
    requestedBy: OWNER,
  });
  await h.requests.approve(filed.id, APPROVER);
  return filed;
}

async function imageIn(h: SyncHarness, cluster: string, name = 'ui') {
  const d = (await (
    await h.foreignApi(cluster)
  ).read({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'miniplanes' },
  })) as any;
  return d.spec.template.spec.containers[0].image as string;
}

async function images(h: SyncHarness) {
  const clusters = ['ap-gpu', 'eu-west', 'us-east', 'us-pet'];
  return Object.fromEntries(
    await Promise.all(clusters.map(async c => [c, await imageIn(h, c)])),
  );
}

/** Passes until the check holds (or gives up), as the scheduler would run them. */
async function until(h: SyncHarness, check: () => Promise<boolean>, max = 30) {
  for (let i = 0; i < max && !(await check()); i++) {
    await h.sync.syncAll();
    await sleep(100);
  }
}

/** Passes until every cluster of the service holds what it should, ready. */
async function inSync(h: SyncHarness, entityRef: string) {
  await until(h, async () => {
    const records = await h.statusStore.list([entityRef]);
    return records.length > 0 && records.every(r => r.state === 'InSync');
  });
}

async function rolledOutV1(h: SyncHarness) {
  await h.placement.putSpec({ spec: ui('ui:1'), source: 'seed' });
  await inSync(h, UI);
}

describe('staged rollouts across clusters', () => {
  let h: SyncHarness;
  afterEach(() => h?.stop());

  it('goes to the canary first, then to the rest, and the request is applied only at the end', async () => {
    h = await startSyncHarness({ databases });
    await rolledOutV1(h);
    const request = await approved(
      h,
      ui('ui:2', {
        stages: [
          {
            name: 'canary',
            clusters: { matchLabels: { region: 'eu-west-1' } },
          },
          { name: 'rest', maxConcurrency: 1 },
        ],
      }),
    );
    await h.sync.syncAll();
    expect(await images(h)).toEqual({
      'ap-gpu': 'ui:1',
      'eu-west': 'ui:2',
      'us-east': 'ui:1',
      'us-pet': 'ui:1',
    });
    expect((await h.requests.get(request.id)).status).toBe('approved');
    const seen: string[] = [];
    await until(h, async () => {
      const now = await images(h);
      seen.push(
        Object.values(now)
          .filter(i => i === 'ui:2')
          .length.toString(),
      );
      return Object.values(now).every(i => i === 'ui:2');
    });
    // One more cluster at a time after the canary.
    expect([...new Set(seen)]).toEqual(['1', '2', '3', '4']);
    await until(
      h,
      async () => (await h.requests.get(request.id)).status !== 'approved',
    );
    expect((await h.requests.get(request.id)).status).toBe('applied');
    const state = (await h.rollouts.list([UI])).get(UI)!;
    expect(state.phase).toBe('Completed');
  });

  it('pauses at a cluster that misses the deadline, and waits at a gate a second person opens', async () => {
    h = await startSyncHarness({ databases });
    await rolledOutV1(h);
    await approved(
      h,
      ui('ui:2-imagepullbackoff', {
        stages: [
          {
            name: 'canary',
            clusters: { matchLabels: { region: 'eu-west-1' } },
          },
          { name: 'rest', approval: true },
        ],
        progressDeadline: '2m',
      }),
    );
    await h.sync.syncAll();
    await h.sync.syncAll();
    h.advanceClock(3 * 60_000);
    await h.sync.syncAll();
    let state = (await h.rollouts.list([UI])).get(UI)!;
    expect(state.phase).toBe('Paused');
    expect(state.message).toMatch(/^stage canary failed: eu-west/);
    expect((await images(h))['us-east']).toBe('ui:1');

    // A fixed version, gated: only someone else than its requester opens the gate.
    await approved(
      h,
      ui('ui:3', {
        stages: [
          {
            name: 'canary',
            clusters: { matchLabels: { region: 'eu-west-1' } },
          },
          { name: 'rest', approval: true },
        ],
      }),
    );
    await until(
      h,
      async () =>
        (await h.rollouts.list([UI])).get(UI)?.phase === 'WaitingApproval',
    );
    expect((await images(h))['us-east']).not.toBe('ui:3');
    // The approvers are asked once, not at every pass; the requester is not.
    await h.sync.syncAll();
    expect(
      h.notifications.filter(n => n.payload.topic === 'miniplanes-rollout'),
    ).toEqual([
      expect.objectContaining({
        recipients: {
          type: 'entity',
          entityRef: 'group:default/platform-team',
          excludeEntityRef: OWNER,
        },
        payload: expect.objectContaining({
          title: 'Rollout of component:default/ui waits at stage rest',
          link: '/catalog/default/component/ui/placement',
        }),
      }),
    ]);
    await expect(
      h.rolloutControl.act({
        entityRef: UI,
        action: 'approveStage',
        stage: 'rest',
        actor: OWNER,
      }),
    ).rejects.toThrow(/another approver must open its gates/);
    await h.rolloutControl.act({
      entityRef: UI,
      action: 'approveStage',
      stage: 'rest',
      actor: APPROVER,
    });
    await until(h, async () =>
      Object.values(await images(h)).every(i => i === 'ui:3'),
    );
    state = (await h.rollouts.list([UI])).get(UI)!;
    expect(state.stages[1].approvedBy).toBe(APPROVER);
  });

  it('does not fail a request whose rollout waits for people past the deadline: it escalates it, and applies it once the gate opens', async () => {
    h = await startSyncHarness({ databases });
    await rolledOutV1(h);
    const request = await approved(
      h,
      ui('ui:2', {
        stages: [
          {
            name: 'canary',
            clusters: { matchLabels: { region: 'eu-west-1' } },
          },
          { name: 'rest', approval: true },
        ],
      }),
    );
    await until(
      h,
      async () =>
        (await h.rollouts.list([UI])).get(UI)?.phase === 'WaitingApproval',
    );
    // A weekend passes with nobody at the gate.
    h.advanceClock(48 * 3600_000);
    await h.requests.escalateOverdue();
    await h.sync.syncAll();
    const waiting = await h.requests.get(request.id);
    expect(waiting.status).toBe('approved');
    expect(waiting.escalatedAt).toBeDefined();
    const escalated = (await h.store.listEvents({ entityRef: UI })).filter(
      e => e.type === 'request.escalated',
    );
    expect(escalated).toHaveLength(1);
    expect(escalated[0].message).toMatch(/stage rest waits for an approver/);

    await h.rolloutControl.act({
      entityRef: UI,
      action: 'approveStage',
      stage: 'rest',
      actor: APPROVER,
    });
    await until(
      h,
      async () => (await h.requests.get(request.id)).status !== 'approved',
    );
    expect((await h.requests.get(request.id)).status).toBe('applied');
  });

  /** Takes a cluster down for longer than the grace period, as failover sees it. */
  async function outage(harness: SyncHarness, cluster: string) {
    harness.sim.cluster(cluster).setOutage('refuse');
    await harness.fleet.refresh();
    harness.advanceClock(61_000);
    await harness.fleet.refresh();
    await harness.placement.reevaluateAll();
  }

  const placedIn = async (harness: SyncHarness) =>
    (await harness.store.getService(UI))!
      .decision!.clusters.filter(c => c.selected)
      .map(c => c.name)
      .sort();

  it('keeps a gate closed while failover moves compute off a cluster of the gated stage, and completes on the clusters placed now', async () => {
    h = await startSyncHarness({ databases });
    await rolledOutV1(h);
    const request = await approved(
      h,
      ui('ui:2', {
        stages: [
          {
            name: 'canary',
            clusters: { matchLabels: { region: 'eu-west-1' } },
          },
          { name: 'rest', approval: true },
        ],
      }),
    );
    await until(
      h,
      async () =>
        (await h.rollouts.list([UI])).get(UI)?.phase === 'WaitingApproval',
    );

    await outage(h, 'us-east');
    expect(await placedIn(h)).toEqual(['ap-gpu', 'eu-west', 'us-pet']);
    const writesBefore = new Map(
      h.sim.clusters.map(c => [c.name, c.writes().length]),
    );
    await h.sync.syncAll();
    await h.sync.syncAll();
    // The gate holds: the clusters that take over the compute stay on the last good version.
    expect((await h.rollouts.list([UI])).get(UI)!.phase).toBe(
      'WaitingApproval',
    );
    expect(
      await Promise.all(['ap-gpu', 'us-pet'].map(c => imageIn(h, c))),
    ).toEqual(['ui:1', 'ui:1']);
    const newWrites = h.sim.clusters.flatMap(c =>
      c
        .writes()
        .slice(writesBefore.get(c.name))
        .map(w => ({ ...w, cluster: c.name })),
    );
    expect(newWrites.filter(w => w.cluster === 'us-east')).toEqual([]);
    expect(
      newWrites.filter(w => w.verb === 'delete' && w.cluster !== 'us-east'),
    ).toEqual([]);

    await h.rolloutControl.act({
      entityRef: UI,
      action: 'approveStage',
      stage: 'rest',
      actor: APPROVER,
    });
    await until(
      h,
      async () => (await h.requests.get(request.id)).status !== 'approved',
    );
    expect((await h.requests.get(request.id)).status).toBe('applied');
    expect(
      await Promise.all(
        ['ap-gpu', 'eu-west', 'us-pet'].map(c => imageIn(h, c)),
      ),
    ).toEqual(['ui:2', 'ui:2', 'ui:2']);
  });

  it('pauses, and sends the version nowhere else, when failover moves compute off the canary before it proved the version', async () => {
    h = await startSyncHarness({ databases });
    await rolledOutV1(h);
    const request = await approved(
      h,
      ui('ui:2', {
        stages: [
          {
            name: 'canary',
            clusters: { matchLabels: { region: 'eu-west-1' } },
          },
          { name: 'rest' },
        ],
      }),
    );
    await h.sync.syncAll();
    expect((await images(h))['eu-west']).toBe('ui:2');
    await outage(h, 'eu-west');
    await h.sync.syncAll();
    await h.sync.syncAll();

    const state = (await h.rollouts.list([UI])).get(UI)!;
    expect(state.phase).toBe('Paused');
    expect(state.message).toMatch(
      /^stage canary lost every cluster it was proving version \d+ on/,
    );
    expect(
      await Promise.all(
        ['ap-gpu', 'us-east', 'us-pet'].map(c => imageIn(h, c)),
      ),
    ).toEqual(['ui:1', 'ui:1', 'ui:1']);
    expect((await h.requests.get(request.id)).status).toBe('approved');

    // An approver decides to go on without the canary.
    await h.rolloutControl.act({
      entityRef: UI,
      action: 'resume',
      actor: APPROVER,
    });
    await until(
      h,
      async () => (await h.requests.get(request.id)).status !== 'approved',
    );
    expect((await h.requests.get(request.id)).status).toBe('applied');
    expect(
      await Promise.all(
        ['ap-gpu', 'us-east', 'us-pet'].map(c => imageIn(h, c)),
      ),
    ).toEqual(['ui:2', 'ui:2', 'ui:2']);
  });

  it('rolls back every changed cluster to the last good version on failure, and never deletes data', async () => {
    h = await startSyncHarness({ databases });
    const storage = (image: string, rollout?: unknown) => {
      const spec = exampleService('storage');
      const api = spec.spec.resources.find(
        r => r.manifest.kind === 'Deployment',
      )!;
      (api.manifest as any).spec.template.spec.containers[0].image = image;
      if (rollout)
        spec.spec.rollout = rollout as FederatedService['spec']['rollout'];
      return spec;
    };
    await h.placement.putSpec({ spec: storage('storage:1'), source: 'seed' });
    await inSync(h, 'component:default/storage');
    const request = await approved(
      h,
      storage('storage:2-imagepullbackoff', {
        stages: [
          {
            name: 'canary',
            clusters: { matchLabels: { region: 'us-west-2' } },
          },
        ],
        progressDeadline: '1m',
        onFailure: 'Rollback',
      }),
    );
    await h.sync.syncAll();
    expect(await imageIn(h, 'us-pet', 'storage')).toBe(
      'storage:2-imagepullbackoff',
    );
    h.advanceClock(2 * 60_000);
    await h.sync.syncAll();
    await h.sync.syncAll();
    expect(await imageIn(h, 'us-pet', 'storage')).toBe('storage:1');
    expect((await h.requests.get(request.id)).status).toBe('failed');
    expect((await h.requests.get(request.id)).failure).toMatch(
      /^rolled back: stage canary failed/,
    );
    const deletes = h.sim.clusters.flatMap(c =>
      c.writes().filter(w => w.verb === 'delete' && !w.subresource),
    );
    expect(deletes).toEqual([]);
  });
});
