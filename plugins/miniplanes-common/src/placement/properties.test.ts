/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "assertProperty"] }] */
import fc from 'fast-check';
import { assertProperty } from '../__testUtils__/assertProperty';
import { expandJurisdictions } from '../model/jurisdictions';
import { ClusterProfile, FederatedService, Fleet } from '../model/types';
import {
  fleetArb as richFleetArb,
  NOW,
  serviceArb as richServiceArb,
} from './__testUtils__/arbitraries';
import { evaluatePlacement } from './evaluatePlacement';

const JURISDICTIONS = ['US', 'FR', 'DE', 'JP', 'IE'];
const GROUPS = { EU: ['FR', 'DE', 'IE'] };

const clusterArb = (name: string) =>
  fc
    .record({
      jurisdiction: fc.constantFrom(...JURISDICTIONS),
      region: fc.constantFrom('r1', 'r2', 'r3', 'r4'),
      storage: fc.boolean(),
      spot: fc.boolean(),
      healthy: fc.boolean(),
      cpu: fc.integer({ min: 0, max: 64 }),
    })
    .map(
      (c): ClusterProfile => ({
        name,
        labels: { jurisdiction: c.jurisdiction, region: c.region },
        capabilities: c.storage ? ['storage'] : [],
        taints: c.spot
          ? [{ key: 'spot', value: 'true', effect: 'NoSchedule' }]
          : [],
        capacity: { cpu: c.cpu, memory: 2 ** 36, gpu: 0 },
        health: { healthy: c.healthy },
      }),
    );

const fleetArb: fc.Arbitrary<Fleet> = fc
  .integer({ min: 0, max: 12 })
  .chain(n =>
    fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        clusterArb(`c${String(i).padStart(2, '0')}`),
      ),
    ),
  )
  .chain(clusters =>
    fc.constantFrom('US', 'EU', 'JP').map(allowed => ({
      jurisdictions: GROUPS,
      governance: [
        { classification: 'regulated', allowedJurisdictions: [allowed] },
      ],
      clusters,
    })),
  );

const serviceArb: fc.Arbitrary<FederatedService> = fc
  .record({
    residency: fc.subarray(['US', 'EU', 'JP', 'FR'], { minLength: 1 }),
    requiresStorage: fc.boolean(),
    toleratesSpot: fc.boolean(),
    total: fc.integer({ min: 0, max: 20 }),
    mode: fc.constantFrom('Duplicated' as const, 'Divided' as const),
    spreadMin: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  })
  .map(s => ({
    apiVersion: 'miniplanes.io/v1alpha1' as const,
    kind: 'FederatedService' as const,
    metadata: { name: 'svc', entityRef: 'component:default/svc' },
    spec: {
      data: { classification: 'regulated', residency: s.residency },
      placement: {
        requires: s.requiresStorage ? ['storage'] : [],
        tolerations: s.toleratesSpot
          ? [{ key: 'spot', operator: 'Exists' as const }]
          : [],
        replicas: { total: s.total, mode: s.mode },
        ...(s.spreadMin ? { spread: { by: 'region', min: s.spreadMin } } : {}),
      },
      resources: [
        {
          role: 'data' as const,
          manifest: {
            apiVersion: 'apps/v1',
            kind: 'StatefulSet',
            metadata: { name: 'db' },
            spec: { replicas: 1, template: { spec: { containers: [] } } },
          },
        },
        {
          role: 'compute' as const,
          manifest: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'api' },
            spec: { template: { spec: { containers: [] } } },
          },
        },
      ],
    },
  }));

const RUNS = { numRuns: 150, seed: 42 };

describe('placement invariants', () => {
  it('never places data outside its residency or against governance', () => {
    assertProperty(
      fc.property(fleetArb, serviceArb, (fleet, service) => {
        const decision = evaluatePlacement({ service, fleet });
        const residency = expandJurisdictions(
          service.spec.data!.residency!,
          fleet.jurisdictions,
        ).countries;
        const allowed = expandJurisdictions(
          fleet.governance[0].allowedJurisdictions,
          fleet.jurisdictions,
        ).countries;
        for (const c of decision.clusters.filter(d =>
          d.roles.includes('data'),
        )) {
          const jurisdiction = c.labels.jurisdiction;
          if (!residency.has(jurisdiction) || !allowed.has(jurisdiction))
            return false;
        }
        return true;
      }),
      RUNS,
    );
  });

  it('divides exactly the total replicas whenever compute is placed', () => {
    assertProperty(
      fc.property(fleetArb, serviceArb, (fleet, service) => {
        const decision = evaluatePlacement({ service, fleet });
        const placed = decision.clusters.filter(c =>
          c.roles.includes('compute'),
        );
        if (
          placed.length === 0 ||
          service.spec.placement.replicas!.mode !== 'Divided'
        )
          return true;
        return (
          placed.reduce((s, c) => s + c.replicas.compute, 0) ===
          service.spec.placement.replicas!.total
        );
      }),
      RUNS,
    );
  });

  it('is deterministic', () => {
    assertProperty(
      fc.property(fleetArb, serviceArb, (fleet, service) => {
        const shuffled = { ...fleet, clusters: [...fleet.clusters].reverse() };
        return (
          JSON.stringify(evaluatePlacement({ service, fleet })) ===
          JSON.stringify(evaluatePlacement({ service, fleet: shuffled }))
        );
      }),
      RUNS,
    );
  });

  it('moves no replica when an unrelated cluster joins', () => {
    assertProperty(
      fc.property(
        fleetArb,
        serviceArb,
        clusterArb('z-new'),
        (fleet, service, newcomer) => {
          const previous = evaluatePlacement({ service, fleet });
          if (!previous.satisfiable) return true;
          const next = evaluatePlacement({
            service,
            fleet: { ...fleet, clusters: [...fleet.clusters, newcomer] },
            previous,
          });
          return previous.clusters.every(before => {
            const after = next.clusters.find(c => c.name === before.name)!;
            // Duplicated adds the newcomer without touching others; Divided keeps its division.
            return (
              after.replicas.compute === before.replicas.compute &&
              after.replicas.data === before.replicas.data
            );
          });
        },
      ),
      RUNS,
    );
  });

  it('reads nothing of a previous decision but where roles ran, with their replicas', () => {
    assertProperty(
      fc.property(
        richFleetArb,
        richFleetArb,
        richServiceArb,
        (before, after, service) => {
          const previous = evaluatePlacement({ service, fleet: before });
          const placed = {
            clusters: previous.clusters
              .filter(c => c.selected)
              .map(({ name, roles, replicas }) => ({ name, roles, replicas })),
          };
          return (
            JSON.stringify(
              evaluatePlacement({ service, fleet: after, previous }),
            ) ===
            JSON.stringify(
              evaluatePlacement({ service, fleet: after, previous: placed }),
            )
          );
        },
      ),
      RUNS,
    );
  });
});

describe('failover', () => {
  const GRACE_MS = 5 * 60_000;
  /** The fleet healthy, then some clusters down for some minutes. */
  const outageArb = richFleetArb.chain(fleet =>
    fc.record({
      healthy: fc.constant({
        ...fleet,
        clusters: fleet.clusters.map(c => ({
          ...c,
          health: { healthy: true },
        })),
      }),
      downFor: fc.tuple(
        ...fleet.clusters.map(() =>
          fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
        ),
      ),
    }),
  );
  const afterOutage = (
    healthy: Fleet,
    downFor: (number | undefined)[],
  ): Fleet => ({
    ...healthy,
    clusters: healthy.clusters.map((c, i) =>
      downFor[i] === undefined
        ? c
        : {
            ...c,
            health: {
              healthy: false,
              status: 'Unhealthy' as const,
              since: new Date(
                NOW.getTime() - downFor[i]! * 60_000,
              ).toISOString(),
            },
          },
    ),
  });
  /** The service placed on the healthy fleet, then again after the outage, under failover. */
  const placedThroughOutage = (
    service: FederatedService,
    healthy: Fleet,
    downFor: (number | undefined)[],
  ) => {
    const previous = evaluatePlacement({ service, fleet: healthy });
    const fleet = afterOutage(healthy, downFor);
    const next = evaluatePlacement({
      service,
      fleet,
      previous,
      failover: { gracePeriodMs: GRACE_MS, now: NOW },
    });
    return { previous, fleet, next };
  };

  it('places nothing new on an unhealthy cluster, and no compute past the grace period', () => {
    assertProperty(
      fc.property(
        outageArb,
        richServiceArb,
        ({ healthy, downFor }, service) => {
          const { previous, fleet, next } = placedThroughOutage(
            service,
            healthy,
            downFor,
          );
          return fleet.clusters.every((cluster, i) => {
            if (cluster.health.healthy) return true;
            const before = previous.clusters.find(
              c => c.name === cluster.name,
            )!;
            const after = next.clusters.find(c => c.name === cluster.name)!;
            const pastGrace = downFor[i]! * 60_000 >= GRACE_MS;
            return (
              after.roles.every(role => before.roles.includes(role)) &&
              !(pastGrace && after.replicas.compute > 0)
            );
          });
        },
      ),
      RUNS,
    );
  });

  it('moves nothing within the grace period when only health changed', () => {
    assertProperty(
      fc.property(
        outageArb,
        richServiceArb,
        ({ healthy, downFor }, service) => {
          const within = downFor.map(minutes =>
            minutes === undefined ? undefined : Math.min(minutes, 4),
          );
          const { previous, next } = placedThroughOutage(
            service,
            healthy,
            within,
          );
          return previous.clusters.every((before, i) => {
            const after = next.clusters[i];
            return (
              after.replicas.compute === before.replicas.compute &&
              after.replicas.data === before.replicas.data
            );
          });
        },
      ),
      RUNS,
    );
  });
});
