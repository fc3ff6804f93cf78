import {
  ClusterProfile,
  PlacementContext,
  PlacementDecision,
} from '@miniplanes/plugin-miniplanes-common';
import { failoverHealthFilter } from './failoverHealthFilter';

const NOW = Date.parse('2026-11-25T12:00:00Z');

function cluster(healthy: boolean, sinceMinutesAgo = 1): ClusterProfile {
  return {
    name: 'us-east',
    labels: {},
    capabilities: [],
    taints: [],
    capacity: { cpu: 16, memory: 64e9, gpu: 0 },
    health: healthy
      ? { healthy: true }
      : {
          healthy: false,
          since: new Date(NOW - sinceMinutesAgo * 60_000).toISOString(),
          message: 'connection refused',
        },
  };
}

function context(
  role: 'data' | 'compute',
  placedRoles: ('data' | 'compute')[],
): PlacementContext {
  const previous = {
    clusters: [{ name: 'us-east', roles: placedRoles }],
  } as unknown as PlacementDecision;
  return { role, previous } as unknown as PlacementContext;
}

describe('failoverHealthFilter', () => {
  const filter = failoverHealthFilter({
    gracePeriodMs: 2 * 60_000,
    now: () => new Date(NOW),
  }).filter!;

  it('passes healthy clusters', () => {
    expect(filter(cluster(true), context('compute', []))).toEqual([]);
  });

  it('gives an unhealthy cluster nothing new', () => {
    expect(filter(cluster(false), context('compute', ['data']))).toEqual([
      expect.objectContaining({ code: 'Health' }),
    ]);
  });

  it('keeps compute on an unhealthy cluster during the grace period only', () => {
    expect(filter(cluster(false, 1), context('compute', ['compute']))).toEqual(
      [],
    );
    expect(filter(cluster(false, 3), context('compute', ['compute']))).toEqual([
      expect.objectContaining({
        code: 'Health',
        message: expect.stringMatching(
          /connection refused; failed over after the 120 s grace period$/,
        ),
      }),
    ]);
  });

  it('never moves data off an unhealthy cluster', () => {
    expect(filter(cluster(false, 600), context('data', ['data']))).toEqual([]);
  });
});
