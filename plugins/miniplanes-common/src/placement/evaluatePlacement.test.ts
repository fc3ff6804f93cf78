import { crdResource } from '../__testUtils__/crdResource';
import { demoFleet, demoService } from '../__testUtils__/demoDocuments';
import {
  resource,
  withPlacement,
  withSpec,
} from '../__testUtils__/serviceVariants';
import { defaultPlacementPlugins, selectorFilter } from './builtinPlugins';
import { evaluatePlacement } from './evaluatePlacement';
import { PlacementDecision, PlacementPlugin } from './types';

const cluster = (decision: PlacementDecision, name: string) =>
  decision.clusters.find(c => c.name === name)!;

describe('evaluatePlacement on the use cases', () => {
  const fleet = demoFleet();

  it('keeps American airlines data in US clusters with storage, and says why not elsewhere', () => {
    const decision = evaluatePlacement({
      service: demoService('storage'),
      fleet,
    });
    expect(decision.satisfiable).toBe(true);
    expect(decision.summary).toEqual([
      { role: 'data', clusters: ['us-east', 'us-pet'], replicas: 6 },
      { role: 'compute', clusters: ['us-east', 'us-pet'], replicas: 4 },
      { role: 'config', clusters: ['us-east', 'us-pet'], replicas: 0 },
    ]);
    expect(cluster(decision, 'eu-west').reasons).toEqual(
      expect.arrayContaining([
        { code: 'Residency', message: 'jurisdiction IE not in residency [US]' },
        {
          code: 'Governance',
          role: 'data',
          message:
            'airline-data data may only be stored in [US], not in jurisdiction IE',
        },
      ]),
    );
    expect(cluster(decision, 'eu-spot').reasons).toContainEqual({
      code: 'Taint',
      message: 'taint spot=true:NoSchedule not tolerated',
    });
  });

  it('asks the filters that do not depend on the role once per cluster for all roles, and says the same', () => {
    const service = withPlacement(demoService('storage'), {
      clusterSelector: { matchLabels: { provider: 'aws' } },
      requires: ['storage'],
    });
    // A plugin of its own turns the fleet-wide screen off: every filter is
    // asked about every cluster.
    const own: PlacementPlugin = { name: 'Own', filter: () => [] };
    const plugins = [...defaultPlacementPlugins, own];
    // A copy of the selector filter is a plugin like any other, asked per role.
    const perRole = evaluatePlacement({
      service,
      fleet,
      plugins: plugins.map(p => (p === selectorFilter ? { ...p } : p)),
    });
    const asked = jest.spyOn(selectorFilter, 'filter');
    try {
      const decision = evaluatePlacement({ service, fleet, plugins });
      expect(asked).toHaveBeenCalledTimes(fleet.clusters.length);
      expect(decision).toEqual(perRole);
      expect(cluster(decision, 'ap-gpu').reasons).toContainEqual({
        code: 'Selector',
        message: expect.stringContaining('does not match the cluster selector'),
      });
    } finally {
      asked.mockRestore();
    }
  });

  it('states once a reason every role gives, the others once per role, in role order', () => {
    const decision = evaluatePlacement({
      service: withPlacement(demoService('storage'), {
        computeOutsideResidency: true,
        tolerations: [],
      }),
      fleet,
    });
    expect(cluster(decision, 'eu-spot')).toMatchObject({
      selected: false,
      roles: [],
      replicas: { data: 0, compute: 0, config: 0 },
      reasons: [
        { code: 'Capability', message: 'missing capability storage' },
        { code: 'Taint', message: 'taint spot=true:NoSchedule not tolerated' },
        {
          code: 'Residency',
          message: 'jurisdiction DE not in residency [US]',
          role: 'data',
        },
        {
          code: 'Governance',
          message:
            'airline-data data may only be stored in [US], not in jurisdiction DE',
          role: 'data',
        },
      ],
    });
    expect(cluster(decision, 'us-pet')).toMatchObject({
      selected: true,
      roles: ['data', 'compute', 'config'],
      replicas: { data: 3, compute: 3, config: 0 },
      reasons: [
        {
          code: 'Selected',
          message:
            'holds data: StatefulSet mongodb, Service mongodb, Cluster ledger (3 replicas)',
          role: 'data',
        },
        {
          code: 'Selected',
          message: 'runs compute: Deployment storage (3 replicas)',
          role: 'compute',
        },
        {
          code: 'Selected',
          message: 'receives config: ConfigMap storage-config',
          role: 'config',
        },
      ],
    });
  });

  it('runs the UI worldwide, spread over regions, but not on spot capacity', () => {
    const decision = evaluatePlacement({ service: demoService('ui'), fleet });
    expect(decision.summary[0]).toEqual({
      role: 'compute',
      clusters: ['ap-gpu', 'eu-west', 'us-east', 'us-pet'],
      replicas: 6,
    });
    expect(cluster(decision, 'eu-spot')).toMatchObject({
      selected: false,
      replicas: { compute: 0 },
    });
  });

  it('keeps compute off clusters that do not serve its kind, unless the service brings the CRD', () => {
    const custom = withSpec(demoService('ui'), {
      resources: [
        resource('compute', 'example.com/v1', 'Widget', 'w', { replicas: 1 }),
      ],
    });
    // Discovery found the kind on us-east and us-pet only.
    const served = {
      ...fleet,
      clusters: fleet.clusters.map(c => ({
        ...c,
        servedResources: ['apps/v1/Deployment', 'v1/ConfigMap'].concat(
          ['us-east', 'us-pet'].includes(c.name)
            ? ['example.com/v1/Widget']
            : [],
        ),
      })),
    };
    const only = evaluatePlacement({ service: custom, fleet: served });
    expect(only.summary[0].clusters).toEqual(['us-east', 'us-pet']);
    expect(cluster(only, 'eu-west').reasons).toContainEqual({
      code: 'ResourceNotServed',
      message: 'does not serve example.com/v1 Widget',
    });

    custom.spec.resources.unshift(
      crdResource('example.com', 'Widget', 'widgets'),
    );
    const everywhere = evaluatePlacement({ service: custom, fleet: served });
    expect(cluster(everywhere, 'eu-west').reasons ?? []).not.toContainEqual(
      expect.objectContaining({ code: 'ResourceNotServed' }),
    );
  });

  it('sends GPU work only to GPU clusters', () => {
    const decision = evaluatePlacement({
      service: demoService('fare-model'),
      fleet,
    });
    expect(decision.summary[0].clusters).toEqual(['ap-gpu']);
    expect(cluster(decision, 'us-pet').reasons).toEqual([
      { code: 'Capability', message: 'missing capability gpu' },
      {
        code: 'Capacity',
        message: 'insufficient capacity: no GPUs (needs 1 per replica)',
      },
    ]);
  });

  it('lets volatile work that tolerates spot use the spot cluster, by static weights', () => {
    const decision = evaluatePlacement({
      service: demoService('price-watcher'),
      fleet,
    });
    expect(
      Object.fromEntries(
        decision.clusters.map(c => [c.name, c.replicas.compute]),
      ),
    ).toEqual({
      'ap-gpu': 3,
      'eu-spot': 2,
      'eu-west': 1,
      'us-east': 1,
      'us-pet': 1,
    });
  });

  it('keeps data on the pet cluster while compute runs elsewhere when allowed', () => {
    const service = withSpec(demoService('storage'), {
      placement: {
        computeOutsideResidency: true,
        replicas: { total: 2, mode: 'Duplicated' },
      },
      data: { classification: 'airline-data', residency: ['US'] },
    });
    const decision = evaluatePlacement({ service, fleet });
    expect(decision.summary.find(s => s.role === 'data')!.clusters).toEqual([
      'us-east',
      'us-pet',
    ]);
    expect(decision.summary.find(s => s.role === 'compute')!.clusters).toEqual([
      'ap-gpu',
      'eu-west',
      'us-east',
      'us-pet',
    ]);
  });

  it('explains an unsatisfiable policy instead of failing', () => {
    const service = withSpec(demoService('storage'), {
      data: { classification: 'airline-data', residency: ['EU'] },
    });
    const decision = evaluatePlacement({ service, fleet });
    expect(decision.satisfiable).toBe(false);
    expect(decision.unsatisfied).toContainEqual({
      code: 'Governance',
      role: 'data',
      message:
        'no cluster can take data: of 5 clusters, rejected by 3 Governance, 3 Residency, 3 Capability, 1 Taint',
    });
    expect(decision.clusters.every(c => !c.roles.includes('data'))).toBe(true);
  });

  it('places nothing new on an unhealthy cluster and says since when', () => {
    const sick = {
      ...fleet,
      clusters: fleet.clusters.map(c =>
        c.name === 'us-east'
          ? {
              ...c,
              health: {
                healthy: false,
                since: '2026-11-23T10:00:00Z',
                message: '3 failed probes',
              },
            }
          : c,
      ),
    };
    const decision = evaluatePlacement({
      service: demoService('itineraries'),
      fleet: sick,
    });
    expect(cluster(decision, 'us-east').reasons).toEqual([
      {
        code: 'Health',
        message:
          'cluster unhealthy since 2026-11-23T10:00:00Z: 3 failed probes',
      },
    ]);
    expect(cluster(decision, 'us-pet').replicas.compute).toBe(3);
  });

  it('explains a spread it cannot honour', () => {
    const service = withPlacement(demoService('itineraries'), {
      spread: { by: 'jurisdiction', min: 2 },
    });
    const decision = evaluatePlacement({ service, fleet });
    expect(decision.satisfiable).toBe(false);
    expect(cluster(decision, 'us-east').reasons).toContainEqual({
      code: 'Spread',
      message:
        'eligible, but spread by jurisdiction needs at least 2 groups and only 1 qualify (US)',
    });
  });

  it('is deterministic, whatever the order of the fleet', () => {
    const service = demoService('ui');
    const once = JSON.stringify(evaluatePlacement({ service, fleet }));
    const reversed = { ...fleet, clusters: [...fleet.clusters].reverse() };
    expect(
      JSON.stringify(evaluatePlacement({ service, fleet: reversed })),
    ).toBe(once);
  });

  it('keeps a division that still fits when the fleet grows (stability)', () => {
    const service = demoService('itineraries');
    const previous = evaluatePlacement({ service, fleet });
    const bigger = {
      ...fleet,
      clusters: [
        ...fleet.clusters,
        {
          name: 'us-central',
          labels: { jurisdiction: 'US', region: 'us-central1' },
          capabilities: [],
          taints: [],
          capacity: { cpu: 500, memory: 2 ** 40, gpu: 0 },
          health: { healthy: true },
        },
      ],
    };
    const next = evaluatePlacement({ service, fleet: bigger, previous });
    expect(cluster(next, 'us-east').replicas.compute).toBe(
      cluster(previous, 'us-east').replicas.compute,
    );
    expect(cluster(next, 'us-pet').replicas.compute).toBe(
      cluster(previous, 'us-pet').replicas.compute,
    );
    expect(cluster(next, 'us-central').reasons).toContainEqual({
      code: 'Spread',
      message: 'eligible, but the 3 replicas stay where they run (stability)',
    });
  });

  it('divides by free cpu: what already runs on a cluster counts against it', () => {
    const service = withPlacement(demoService('itineraries'), {
      replicas: { total: 4, mode: 'Divided', weighting: 'Capacity' },
    });
    const twins = {
      ...fleet,
      clusters: fleet.clusters.map(c =>
        c.name === 'us-east' || c.name === 'us-pet'
          ? { ...c, capacity: { ...c.capacity, cpu: 48 } }
          : c,
      ),
    };
    const even = evaluatePlacement({ service, fleet: twins });
    expect(cluster(even, 'us-east').replicas.compute).toBe(
      cluster(even, 'us-pet').replicas.compute,
    );
    const busy = evaluatePlacement({
      service,
      fleet: {
        ...twins,
        clusters: twins.clusters.map(c =>
          c.name === 'us-east'
            ? { ...c, allocated: { cpu: 40, memory: 0, gpu: 0 } }
            : c,
        ),
      },
    });
    expect(cluster(busy, 'us-east').replicas.compute).toBeLessThan(
      cluster(busy, 'us-pet').replicas.compute,
    );
  });
});
