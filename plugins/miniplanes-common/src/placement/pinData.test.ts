import { Fleet } from '../model/types';
import { demoFleet, demoService } from '../__testUtils__/demoDocuments';
import { evaluatePlacement } from './evaluatePlacement';
import { createPlacementEvaluator } from './placementEvaluator';
import { dataClustersOf } from './pinData';

/** The demo fleet with one more US storage cluster, bigger than the others. */
function fleetWithNewcomer(): Fleet {
  const fleet = demoFleet();
  const usEast = fleet.clusters.find(c => c.name === 'us-east')!;
  return {
    ...fleet,
    clusters: [
      ...fleet.clusters,
      {
        ...usEast,
        name: 'us-new',
        labels: { ...usEast.labels, region: 'us-east-2' },
        capacity: { cpu: 512, memory: 4e12, gpu: 0 },
      },
    ].sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
}

describe('pinned data', () => {
  const service = demoService('storage');
  const approved = evaluatePlacement({ service, fleet: demoFleet() });

  it('stays where the approved version put it when the fleet grows, while compute may use the newcomer', () => {
    const fleet = fleetWithNewcomer();
    const free = evaluatePlacement({ service, fleet, previous: approved });
    expect(dataClustersOf(free)).toEqual(['us-east', 'us-new', 'us-pet']);

    const pinned = evaluatePlacement({
      service,
      fleet,
      previous: approved,
      pinnedData: dataClustersOf(approved),
    });
    expect(pinned.satisfiable).toBe(true);
    expect(dataClustersOf(pinned)).toEqual(['us-east', 'us-pet']);
    const newcomer = pinned.clusters.find(c => c.name === 'us-new')!;
    expect(newcomer.replicas.data).toBe(0);
    expect(newcomer.reasons).toContainEqual({
      code: 'Spread',
      role: 'data',
      message:
        'eligible, but data stays where the approved version placed it: moving data takes an approved request',
    });
  });

  it('stays on an unhealthy cluster, but never where its jurisdiction no longer allows it', () => {
    const fleet = demoFleet();
    fleet.clusters = fleet.clusters.map(c => {
      if (c.name === 'us-east')
        return { ...c, health: { healthy: false, status: 'Unknown' as const } };
      if (c.name === 'us-pet')
        return { ...c, labels: { ...c.labels, jurisdiction: 'FR' } };
      return c;
    });
    const pinned = evaluatePlacement({
      service,
      fleet,
      previous: approved,
      pinnedData: ['us-east', 'us-pet'],
    });
    expect(dataClustersOf(pinned)).toEqual(['us-east']);
    expect(
      pinned.clusters.find(c => c.name === 'us-pet')!.reasons,
    ).toContainEqual(expect.objectContaining({ code: 'Governance' }));
  });

  it('gives the same decisions on the bulk path, whatever the pins', () => {
    const fleet = fleetWithNewcomer();
    const evaluator = createPlacementEvaluator({ fleet });
    for (const pin of [['us-east', 'us-pet'], ['us-pet'], undefined]) {
      expect(
        evaluator
          .evaluate(service, approved, { pinnedData: pin })
          .toPlacementDecision(),
      ).toEqual(
        evaluatePlacement({
          service,
          fleet,
          previous: approved,
          pinnedData: pin,
        }),
      );
    }
  });
});
