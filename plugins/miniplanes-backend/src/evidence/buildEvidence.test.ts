import { Fleet, PlacementDecision } from '@miniplanes/plugin-miniplanes-common';
import { usDataService } from '../__testUtils__/storeDatabases';
import { buildEvidence } from './buildEvidence';

const spec = usDataService('storage');

const profile = (name: string, jurisdiction: string) => ({
  name,
  labels: { jurisdiction },
  capabilities: [],
  taints: [],
  capacity: { cpu: 8, memory: 1, gpu: 0 },
  health: { healthy: true },
});

/** us-2 was relabelled France after the data went there. */
const fleet: Fleet = {
  jurisdictions: {},
  governance: [
    { classification: 'airline-data', allowedJurisdictions: ['US'] },
  ],
  clusters: [profile('us-1', 'US'), profile('us-2', 'FR')],
};

const dataOn = (...clusters: string[]): PlacementDecision =>
  ({
    satisfiable: true,
    unsatisfied: [],
    summary: [],
    clusters: clusters.map(name => ({
      name,
      selected: true,
      roles: ['data'],
      replicas: { data: 1, compute: 0, config: 0 },
      reasons: [],
      labels: { jurisdiction: 'US' },
    })),
  } as unknown as PlacementDecision);

describe('buildEvidence', () => {
  it('follows data placed by a seed, left behind by a fleet change and a version, and says where it is held against its residency now', () => {
    const evidence = buildEvidence({
      entityRef: 'component:default/storage',
      versions: [
        { specVersion: 1, spec, createdAt: '2030-01-01T00:00:00.000Z' },
        {
          specVersion: 2,
          spec,
          decision: dataOn('us-1'),
          createdBy: 'user:default/pat',
          requestId: 'r-2',
          createdAt: '2030-01-03T00:00:00.000Z',
        },
      ],
      requests: [
        {
          id: 'r-2',
          entityRef: 'component:default/storage',
          status: 'applied',
          requestedBy: 'user:default/amy',
          decidedBy: 'user:default/pat',
          reason: 'one copy is enough',
          spec,
          decision: dataOn('us-1'),
          diff: { changes: [], dataMoves: [], unchanged: true },
          checks: [],
          createdAt: '2030-01-02T00:00:00.000Z',
          updatedAt: '2030-01-03T00:00:00.000Z',
        },
      ],
      events: [
        {
          id: 1,
          entityRef: 'component:default/storage',
          type: 'spec.changed',
          message: 'spec version 1 from seed',
          details: {
            diff: {
              changes: [],
              unchanged: false,
              dataMoves: [
                { cluster: 'us-1', kind: 'added' },
                { cluster: 'us-2', kind: 'added' },
              ],
            },
          },
          createdAt: '2030-01-01T00:00:00.000Z',
        },
        {
          id: 2,
          entityRef: 'component:default/storage',
          type: 'decision.changed',
          message: 'placement changed after a fleet change: data on us-2 1→0',
          details: {
            diff: {
              changes: [],
              unchanged: false,
              dataMoves: [{ cluster: 'us-2', kind: 'removed' }],
            },
          },
          createdAt: '2030-01-02T00:00:00.000Z',
        },
      ],
      releases: [],
      inventory: [],
      fleet,
      now: new Date('2030-01-04T00:00:00.000Z'),
    });

    expect(
      evidence.versions.map(v => [
        v.specVersion,
        v.source,
        v.approvedBy,
        v.dataClusters,
      ]),
    ).toEqual([
      [1, 'seed', undefined, ['us-1', 'us-2']],
      [2, 'request', 'user:default/pat', ['us-1']],
    ]);
    expect(evidence.dataResidency).toEqual([
      {
        cluster: 'us-1',
        intervals: [
          {
            state: 'placed',
            from: '2030-01-01T00:00:00.000Z',
            by: { type: 'version', specVersion: 1 },
            residency: {
              jurisdiction: 'US',
              passed: true,
              message:
                'jurisdiction US is within residency [US] and airline-data governance [US]',
            },
          },
        ],
        now: expect.objectContaining({ jurisdiction: 'US', passed: true }),
      },
      {
        cluster: 'us-2',
        intervals: [
          expect.objectContaining({
            state: 'placed',
            until: '2030-01-02T00:00:00.000Z',
            endedBy: {
              type: 'fleet',
              message:
                'placement changed after a fleet change: data on us-2 1→0',
            },
            // The seed recorded no labels: the cluster's are all there is.
            residency: expect.objectContaining({
              jurisdiction: 'FR',
              passed: false,
            }),
          }),
          {
            state: 'retained',
            from: '2030-01-02T00:00:00.000Z',
            by: expect.objectContaining({ type: 'fleet' }),
          },
        ],
        now: {
          jurisdiction: 'FR',
          passed: false,
          message:
            'jurisdiction FR not in residency [US]; airline-data data may only be stored in [US], not in jurisdiction FR',
        },
      },
    ]);
  });
});
