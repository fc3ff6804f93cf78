import { evaluatePlacement } from '../placement/evaluatePlacement';
import { demoFleet, demoService } from '../__testUtils__/demoDocuments';
import { parseWithSpec } from '../__testUtils__/serviceVariants';
import { validOrThrow } from '../__testUtils__/validOrThrow';
import {
  actOnRollout,
  advanceRollout,
  RolloutObservation,
  RolloutState,
  startRollout,
} from './advanceRollout';
import { planRollout, RolloutPlan } from './planRollout';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

/** The UI service (placed on four clusters) with a canary-then-rest rollout. */
function uiWithRollout(rollout: unknown) {
  return validOrThrow(parseWithSpec(demoService('ui'), { rollout }));
}

function plan(rollout: unknown): RolloutPlan {
  const service = uiWithRollout(rollout);
  return planRollout(
    service.spec.rollout,
    evaluatePlacement({ service, fleet: demoFleet() }),
  );
}

/** Clusters that took version 2 and are healthy on it. */
function took(...clusters: string[]): Map<string, RolloutObservation> {
  return new Map(clusters.map(c => [c, { specVersion: 2, healthy: true }]));
}

function step(
  p: RolloutPlan,
  state: RolloutState,
  observations: Map<string, RolloutObservation>,
  seconds: number,
) {
  return advanceRollout({ plan: p, state, observations, now: at(seconds) });
}

const onNew = (targets: Map<string, 'new' | 'old'>) =>
  [...targets]
    .filter(([, v]) => v === 'new')
    .map(([c]) => c)
    .sort();

describe('planRollout', () => {
  it('puts each placed cluster in the first stage that selects it, the others last', () => {
    const p = plan({
      stages: [
        { name: 'canary', clusters: { matchLabels: { region: 'eu-west-1' } } },
        {
          name: 'us',
          clusters: { matchLabels: { jurisdiction: 'US' } },
          maxConcurrency: '50%',
          minHealthyTime: '5m',
          approval: true,
        },
      ],
      progressDeadline: '2m',
      onFailure: 'Rollback',
    });
    expect(p).toEqual({
      stages: [
        {
          name: 'canary',
          clusters: ['eu-west'],
          maxConcurrency: 1,
          minHealthyTimeMs: 0,
          approval: false,
        },
        {
          name: 'us',
          clusters: ['us-east', 'us-pet'],
          maxConcurrency: 1,
          minHealthyTimeMs: 300_000,
          approval: true,
        },
        {
          name: 'rest',
          clusters: ['ap-gpu'],
          maxConcurrency: 1,
          minHealthyTimeMs: 0,
          approval: false,
        },
      ],
      progressDeadlineMs: 120_000,
      onFailure: 'Rollback',
    });
  });

  it('changes every cluster at once without a rollout', () => {
    const service = demoService('ui');
    const p = planRollout(
      undefined,
      evaluatePlacement({ service, fleet: demoFleet() }),
    );
    expect(p.stages).toEqual([
      expect.objectContaining({
        name: 'all',
        clusters: ['ap-gpu', 'eu-west', 'us-east', 'us-pet'],
        maxConcurrency: 4,
      }),
    ]);
  });

  it('refuses bad stages with their paths', () => {
    const parsed = parseWithSpec(demoService('ui'), {
      rollout: {
        stages: [
          { name: 'canary', maxConcurrency: '150%' },
          { name: 'canary', minHealthyTime: 'soon' },
        ],
      },
    });
    expect(parsed.ok || parsed.issues.map(i => i.path)).toEqual([
      'spec.rollout.stages[0].maxConcurrency',
      'spec.rollout.stages[1].minHealthyTime',
      'spec.rollout.stages[1].name',
    ]);
  });
});

describe('advanceRollout', () => {
  const canaryThenRest = plan({
    stages: [
      {
        name: 'canary',
        clusters: { matchLabels: { region: 'eu-west-1' } },
        minHealthyTime: '1m',
      },
      { name: 'rest', maxConcurrency: 2 },
    ],
    progressDeadline: '2m',
  });

  it('goes stage by stage: the canary, healthy for its minimum time, then the rest two at a time', () => {
    let state = startRollout(canaryThenRest, 2, at(0));
    let result = step(canaryThenRest, state, new Map(), 0);
    expect(onNew(result.targets)).toEqual(['eu-west']);

    // Healthy on the new version: soaks for a minute.
    result = step(canaryThenRest, result.state, took('eu-west'), 10);
    expect(result.state.stages[0]).toMatchObject({ state: 'Soaking' });
    expect(onNew(result.targets)).toEqual(['eu-west']);
    result = step(canaryThenRest, result.state, took('eu-west'), 71);
    expect(result.state.stages[0].state).toBe('Completed');
    // The rest starts, at most two clusters at a time.
    expect(onNew(result.targets)).toEqual(['ap-gpu', 'eu-west', 'us-east']);
    result = step(
      canaryThenRest,
      result.state,
      took('eu-west', 'ap-gpu', 'us-east'),
      80,
    );
    expect(onNew(result.targets)).toEqual([
      'ap-gpu',
      'eu-west',
      'us-east',
      'us-pet',
    ]);
    state = step(
      canaryThenRest,
      result.state,
      took('eu-west', 'ap-gpu', 'us-east', 'us-pet'),
      90,
    ).state;
    expect(state.phase).toBe('Completed');
  });

  it('starts the soak over when a stage turns unhealthy', () => {
    let result = step(
      canaryThenRest,
      startRollout(canaryThenRest, 2, at(0)),
      took('eu-west'),
      0,
    );
    result = step(canaryThenRest, result.state, took('eu-west'), 10);
    expect(result.state.stages[0].state).toBe('Soaking');
    result = step(
      canaryThenRest,
      result.state,
      new Map([['eu-west', { specVersion: 2, healthy: false }]]),
      40,
    );
    expect(result.state.stages[0].state).toBe('Progressing');
    result = step(canaryThenRest, result.state, took('eu-west'), 50);
    result = step(canaryThenRest, result.state, took('eu-west'), 100);
    expect(result.state.stages[0].state).toBe('Soaking');
  });

  it('pauses where a cluster misses the deadline, and resumes when told', () => {
    let result = step(
      canaryThenRest,
      startRollout(canaryThenRest, 2, at(0)),
      new Map(),
      0,
    );
    const stuck = new Map([
      ['eu-west', { specVersion: 1, healthy: true, error: 'ImagePullBackOff' }],
    ]);
    result = step(canaryThenRest, result.state, stuck, 121);
    expect(result.state.phase).toBe('Paused');
    expect(result.state.message).toMatch(
      /^stage canary failed: eu-west: ImagePullBackOff; resume/,
    );
    // Paused: nothing else starts; the failed cluster keeps trying.
    result = step(canaryThenRest, result.state, stuck, 200);
    expect(onNew(result.targets)).toEqual(['eu-west']);

    const resumed = actOnRollout(
      result.state,
      { type: 'resume', actor: 'user:default/pat' },
      at(300),
    );
    result = step(canaryThenRest, resumed, took('eu-west'), 310);
    expect(result.state.phase).toBe('Progressing');
    expect(result.state.clusters['eu-west'].state).toBe('Updated');
  });

  it('pauses when the decision moves off every cluster of a started stage, and goes on without it only when resumed', () => {
    // Failover moved the service off the canary mid-stage: nothing proved the version.
    const withoutCanary: RolloutPlan = {
      ...canaryThenRest,
      stages: canaryThenRest.stages.map(s => ({
        ...s,
        clusters: s.clusters.filter(c => c !== 'eu-west'),
      })),
    };
    let result = step(
      canaryThenRest,
      startRollout(canaryThenRest, 2, at(0)),
      new Map(),
      0,
    );
    expect(onNew(result.targets)).toEqual(['eu-west']);
    result = step(withoutCanary, result.state, new Map(), 30);
    expect(result.state.phase).toBe('Paused');
    expect(result.state.stages[0].state).toBe('Failed');
    expect(result.state.message).toMatch(
      /^stage canary lost every cluster it was proving version 2 on/,
    );
    expect(onNew(result.targets)).toEqual([]);
    // Still paused at the next pass, even with Rollback: no version failed.
    result = step(withoutCanary, result.state, new Map(), 60);
    expect(result.state.phase).toBe('Paused');

    const resumed = actOnRollout(
      result.state,
      { type: 'resume', actor: 'user:default/pat' },
      at(90),
    );
    result = step(withoutCanary, resumed, new Map(), 100);
    expect(result.state.stages[0]).toMatchObject({
      state: 'Completed',
      message: 'resumed by user:default/pat without a cluster to prove it on',
    });
    expect(onNew(result.targets)).toEqual(['ap-gpu', 'us-east']);
  });

  it('rolls every changed cluster back to the last good version on failure when told to', () => {
    const rollback = plan({
      stages: [
        { name: 'canary', clusters: { matchLabels: { jurisdiction: 'US' } } },
      ],
      progressDeadline: '1m',
      onFailure: 'Rollback',
    });
    let result = step(rollback, startRollout(rollback, 2, at(0)), new Map(), 0);
    expect(onNew(result.targets)).toEqual(['us-east', 'us-pet']);
    result = step(rollback, result.state, took('us-east'), 61);
    expect(result.state.phase).toBe('RolledBack');
    expect(onNew(result.targets)).toEqual([]);
  });

  it('waits at an approval gate until an approver opens it', () => {
    const gated = plan({
      stages: [
        { name: 'canary', clusters: { matchLabels: { region: 'eu-west-1' } } },
        { name: 'rest', approval: true },
      ],
    });
    let result = step(gated, startRollout(gated, 2, at(0)), took('eu-west'), 0);
    result = step(gated, result.state, took('eu-west'), 10);
    expect(result.state.phase).toBe('WaitingApproval');
    expect(result.state.message).toBe('stage rest waits for an approver');
    expect(onNew(result.targets)).toEqual(['eu-west']);
    const opened = actOnRollout(
      result.state,
      { type: 'approveStage', stage: 'rest', actor: 'user:default/pat' },
      at(20),
    );
    result = step(gated, opened, took('eu-west'), 30);
    expect(onNew(result.targets)).toEqual([
      'ap-gpu',
      'eu-west',
      'us-east',
      'us-pet',
    ]);
    expect(result.state.stages[1].approvedBy).toBe('user:default/pat');
  });
});
