import { FederatedService } from '@miniplanes/plugin-miniplanes-common';
import { exampleService, SyncHarness } from '../__testUtils__/syncHarness';
import {
  approvedRequest,
  APPROVER,
  OWNER,
} from '../__testUtils__/sync/approvedRequest';
import { deletesOf, writesFromNow } from '../__testUtils__/sync/clusterWrites';
import { syncHarnessPerTest } from '../__testUtils__/sync/harnessPerTest';
import { readLive } from '../__testUtils__/sync/liveObjects';
import { sleep } from '../__testUtils__/sync/syncPasses';

jest.setTimeout(120_000);

const UI = 'component:default/ui';

type Rollout = FederatedService['spec']['rollout'];

/** The service at the given image (in its first Deployment), rolled out with the given rollout. */
function atImage(name: string, image: string, rollout?: unknown) {
  const spec = exampleService(name);
  const deployment = spec.spec.resources.find(
    r => r.manifest.kind === 'Deployment',
  )!;
  (deployment.manifest as any).spec.template.spec.containers[0].image = image;
  if (rollout) spec.spec.rollout = rollout as Rollout;
  return spec;
}

const ui = (image: string, rollout?: unknown) => atImage('ui', image, rollout);

/** The canary in eu-west first, then a stage for the rest as given. */
function canaryThen(rest: { approval?: boolean; maxConcurrency?: number }) {
  return {
    stages: [
      { name: 'canary', clusters: { matchLabels: { region: 'eu-west-1' } } },
      { name: 'rest', ...rest },
    ],
  };
}

const approved = (h: SyncHarness, spec: FederatedService) =>
  approvedRequest(h.requests, spec, { reason: 'new image' });

async function imageIn(h: SyncHarness, cluster: string, name = 'ui') {
  const d = await readLive(h, cluster, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name,
    namespace: 'miniplanes',
  });
  return d.spec.template.spec.containers[0].image as string;
}

/** Every one of the clusters runs the ui at that image. */
async function expectImage(h: SyncHarness, clusters: string[], image: string) {
  expect(await Promise.all(clusters.map(c => imageIn(h, c)))).toEqual(
    clusters.map(() => image),
  );
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

const rolloutOfUi = async (h: SyncHarness) =>
  (await h.rollouts.list([UI])).get(UI);

async function untilWaitingApproval(h: SyncHarness) {
  await until(
    h,
    async () => (await rolloutOfUi(h))?.phase === 'WaitingApproval',
  );
}

/** ui:2 approved after ui:1 rolled out, passed until it waits at the gate before the rest. */
async function waitingAtTheGate(h: SyncHarness) {
  await rolledOutV1(h);
  const request = await approved(h, ui('ui:2', canaryThen({ approval: true })));
  await untilWaitingApproval(h);
  return request;
}

/** Opens the gate of the rest stage as the approver. */
async function approveRest(h: SyncHarness) {
  await h.rolloutControl.act({
    entityRef: UI,
    action: 'approveStage',
    stage: 'rest',
    actor: APPROVER,
  });
}

/** Passes until the request is settled; it must be applied. */
async function expectApplied(h: SyncHarness, requestId: string) {
  await until(
    h,
    async () => (await h.requests.get(requestId)).status !== 'approved',
  );
  expect((await h.requests.get(requestId)).status).toBe('applied');
}

describe('staged rollouts across clusters', () => {
  const startHarness = syncHarnessPerTest();

  it('goes to the canary first, then to the rest, and the request is applied only at the end', async () => {
    const h = await startHarness();
    await rolledOutV1(h);
    const request = await approved(
      h,
      ui('ui:2', canaryThen({ maxConcurrency: 1 })),
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
    await expectApplied(h, request.id);
    expect((await rolloutOfUi(h))!.phase).toBe('Completed');
  });

  it('pauses at a cluster that misses the deadline, and waits at a gate a second person opens', async () => {
    const h = await startHarness();
    await rolledOutV1(h);
    await approved(
      h,
      ui('ui:2-imagepullbackoff', {
        ...canaryThen({ approval: true }),
        progressDeadline: '2m',
      }),
    );
    await h.sync.syncAll();
    await h.sync.syncAll();
    h.advanceClock(3 * 60_000);
    await h.sync.syncAll();
    let state = (await rolloutOfUi(h))!;
    expect(state.phase).toBe('Paused');
    expect(state.message).toMatch(/^stage canary failed: eu-west/);
    expect((await images(h))['us-east']).toBe('ui:1');

    // A fixed version, gated: only someone else than its requester opens the gate.
    await approved(h, ui('ui:3', canaryThen({ approval: true })));
    await untilWaitingApproval(h);
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
    await approveRest(h);
    await until(h, async () =>
      Object.values(await images(h)).every(i => i === 'ui:3'),
    );
    state = (await rolloutOfUi(h))!;
    expect(state.stages[1].approvedBy).toBe(APPROVER);
  });

  it('does not fail a request whose rollout waits for people past the deadline: it escalates it, and applies it once the gate opens', async () => {
    const h = await startHarness();
    const request = await waitingAtTheGate(h);
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

    await approveRest(h);
    await expectApplied(h, request.id);
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
    const h = await startHarness();
    const request = await waitingAtTheGate(h);

    await outage(h, 'us-east');
    expect(await placedIn(h)).toEqual(['ap-gpu', 'eu-west', 'us-pet']);
    const since = writesFromNow(h.sim);
    await h.sync.syncAll();
    await h.sync.syncAll();
    // The gate holds: the clusters that take over the compute stay on the last good version.
    expect((await rolloutOfUi(h))!.phase).toBe('WaitingApproval');
    await expectImage(h, ['ap-gpu', 'us-pet'], 'ui:1');
    const newWrites = since();
    expect(newWrites.filter(w => w.cluster === 'us-east')).toEqual([]);
    expect(
      newWrites.filter(w => w.verb === 'delete' && w.cluster !== 'us-east'),
    ).toEqual([]);

    await approveRest(h);
    await expectApplied(h, request.id);
    await expectImage(h, ['ap-gpu', 'eu-west', 'us-pet'], 'ui:2');
  });

  it('pauses, and sends the version nowhere else, when failover moves compute off the canary before it proved the version', async () => {
    const h = await startHarness();
    await rolledOutV1(h);
    const request = await approved(h, ui('ui:2', canaryThen({})));
    await h.sync.syncAll();
    expect((await images(h))['eu-west']).toBe('ui:2');
    await outage(h, 'eu-west');
    await h.sync.syncAll();
    await h.sync.syncAll();

    const state = (await rolloutOfUi(h))!;
    expect(state.phase).toBe('Paused');
    expect(state.message).toMatch(
      /^stage canary lost every cluster it was proving version \d+ on/,
    );
    await expectImage(h, ['ap-gpu', 'us-east', 'us-pet'], 'ui:1');
    expect((await h.requests.get(request.id)).status).toBe('approved');

    // An approver decides to go on without the canary.
    await h.rolloutControl.act({
      entityRef: UI,
      action: 'resume',
      actor: APPROVER,
    });
    await expectApplied(h, request.id);
    await expectImage(h, ['ap-gpu', 'us-east', 'us-pet'], 'ui:2');
  });

  it('rolls back every changed cluster to the last good version on failure, and never deletes data', async () => {
    const h = await startHarness();
    const storage = (image: string, rollout?: unknown) =>
      atImage('storage', image, rollout);
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
    expect(deletesOf(h.sim)).toEqual([]);
  });
});
