import { ClusterProfile, FederatedService } from '../model/types';
import { crdResource } from '../__testUtils__/crdResource';
import {
  capabilityFilter,
  capacityFilter,
  capacityScorer,
  failoverHealthFilter,
  healthFilter,
  preferNoScheduleScorer,
  residencyFilter,
  resourceServedFilter,
  selectorFilter,
  stabilityScorer,
  taintFilter,
} from './builtinPlugins';
import { PlacementContext } from './types';

const cluster = (overrides: Partial<ClusterProfile> = {}): ClusterProfile => ({
  name: 'c1',
  labels: { jurisdiction: 'FR', region: 'eu-west-3', provider: 'aws' },
  capabilities: ['storage'],
  taints: [],
  capacity: { cpu: 16, memory: 64 * 2 ** 30, gpu: 0 },
  health: { healthy: true },
  ...overrides,
});

const service = (
  placement: FederatedService['spec']['placement'] = {},
  data?: FederatedService['spec']['data'],
): FederatedService => ({
  apiVersion: 'miniplanes.io/v1alpha1',
  kind: 'FederatedService',
  metadata: { name: 's', entityRef: 'component:default/s' },
  spec: {
    ...(data ? { data } : {}),
    placement,
    resources: [
      {
        role: 'data',
        manifest: {
          apiVersion: 'mongodbcommunity.mongodb.com/v1',
          kind: 'MongoDBCommunity',
          metadata: { name: 'db' },
        },
      },
    ],
  },
});

// Each test builds a new context: filter results are cached per context.
const context = (
  overrides: Partial<PlacementContext> = {},
): PlacementContext => ({
  service: service(),
  fleet: { jurisdictions: {}, governance: [], clusters: [] },
  role: 'compute',
  requests: { cpu: 0, memory: 0, gpu: 0 },
  ...overrides,
});

describe('built-in filters', () => {
  it('Selector explains the label that does not match', () => {
    const ctx = context({
      service: service({
        clusterSelector: {
          matchExpressions: [
            { key: 'provider', operator: 'In', values: ['gcp'] },
          ],
        },
      }),
    });
    expect(selectorFilter.filter!(cluster(), ctx)).toEqual([
      {
        code: 'Selector',
        message:
          'does not match the cluster selector: label provider=aws not in [gcp]',
      },
    ]);
    expect(
      selectorFilter.filter!(cluster({ labels: { provider: 'gcp' } }), ctx),
    ).toEqual([]);
  });

  it('Selector names the first requirement a cluster fails, whatever clusters came before', () => {
    const ctx = context({
      service: service({
        clusterSelector: {
          matchLabels: { provider: 'aws' },
          matchExpressions: [
            { key: 'region', operator: 'In', values: ['eu-west-1'] },
            { key: 'tier', operator: 'Exists' },
          ],
        },
      }),
    });
    const labels = (provider: string, region?: string, tier?: string) =>
      cluster({
        labels: {
          provider,
          ...(region ? { region } : {}),
          ...(tier ? { tier } : {}),
        },
      });
    const why = (message: string) => [
      {
        code: 'Selector',
        message: `does not match the cluster selector: ${message}`,
      },
    ];
    const asked = [
      [
        labels('aws', 'eu-west-3', 'gold'),
        'label region=eu-west-3 not in [eu-west-1]',
      ],
      [
        labels('gcp', 'eu-west-3', 'gold'),
        'label provider=gcp (selector wants aws)',
      ],
      [labels('aws', 'eu-west-1'), 'label tier missing'],
      [labels('aws'), 'label region=(none) not in [eu-west-1]'],
      [labels('gcp', 'eu-west-1'), 'label provider=gcp (selector wants aws)'],
      [labels('aws', 'eu-west-3'), 'label region=eu-west-3 not in [eu-west-1]'],
    ] as const;
    for (const [c, message] of asked)
      expect(selectorFilter.filter!(c, ctx)).toEqual(why(message));
    expect(
      selectorFilter.filter!(labels('aws', 'eu-west-1', 'gold'), ctx),
    ).toEqual([]);
  });

  it('Capability names each missing capability', () => {
    const ctx = context({ service: service({ requires: ['storage', 'gpu'] }) });
    expect(capabilityFilter.filter!(cluster(), ctx)).toEqual([
      { code: 'Capability', message: 'missing capability gpu' },
    ]);
  });

  it('Capability names, in the order required, what each cluster lacks', () => {
    const ctx = context({
      service: service({ requires: ['ssd', 'gpu', 'storage'] }),
    });
    const missing = (...capabilities: string[]) =>
      capabilities.map(c => ({
        code: 'Capability',
        message: `missing capability ${c}`,
      }));
    const asked = [
      [['storage'], missing('ssd', 'gpu')],
      [['gpu', 'fips'], missing('ssd', 'storage')],
      [[], missing('ssd', 'gpu', 'storage')],
      [['storage', 'fips'], missing('ssd', 'gpu')],
      [['storage', 'gpu', 'ssd'], []],
      [['ssd'], missing('gpu', 'storage')],
    ] as const;
    for (const [capabilities, reasons] of asked)
      expect(
        capabilityFilter.filter!(
          cluster({ capabilities: [...capabilities] }),
          ctx,
        ),
      ).toEqual(reasons);
  });

  it('Taint rejects NoSchedule taints not tolerated, and ignores PreferNoSchedule', () => {
    const spot = cluster({
      taints: [
        { key: 'spot', value: 'true', effect: 'NoSchedule' },
        { key: 'old', effect: 'PreferNoSchedule' },
      ],
    });
    expect(taintFilter.filter!(spot, context())).toEqual([
      { code: 'Taint', message: 'taint spot=true:NoSchedule not tolerated' },
    ]);
    const tolerant = context({
      service: service({ tolerations: [{ key: 'spot', operator: 'Exists' }] }),
    });
    expect(taintFilter.filter!(spot, tolerant)).toEqual([]);
    expect(preferNoScheduleScorer.score!(spot, tolerant)).toBe(0);
    expect(preferNoScheduleScorer.score!(cluster(), tolerant)).toBe(100);
  });

  it('Residency and Governance keep data where it may live; compute follows unless allowed out', () => {
    const data = { classification: 'airline-data', residency: ['US'] };
    const governance = [
      {
        policy: {
          classification: 'airline-data',
          allowedJurisdictions: ['US'],
        },
        countries: new Set(['US']),
      },
    ];
    const ctx = (role: 'data' | 'compute', outside = false) =>
      context({
        role,
        service: service(
          outside ? { computeOutsideResidency: true } : {},
          data,
        ),
        residencyCountries: new Set(['US']),
        governance,
      });
    expect(residencyFilter.filter!(cluster(), ctx('data'))).toEqual([
      { code: 'Residency', message: 'jurisdiction FR not in residency [US]' },
      {
        code: 'Governance',
        message:
          'airline-data data may only be stored in [US], not in jurisdiction FR',
      },
    ]);
    expect(residencyFilter.filter!(cluster(), ctx('compute'))).toEqual([
      { code: 'Residency', message: 'jurisdiction FR not in residency [US]' },
    ]);
    expect(residencyFilter.filter!(cluster(), ctx('compute', true))).toEqual(
      [],
    );
    expect(
      residencyFilter.filter!(
        cluster({ labels: { jurisdiction: 'US' } }),
        ctx('data'),
      ),
    ).toEqual([]);
  });

  it('remembers reasons per context and label values, whatever order contexts come in', () => {
    const gcpOnly = context({
      role: 'data',
      service: service(
        { clusterSelector: { matchLabels: { provider: 'gcp' } } },
        { classification: 'pii' },
      ),
      governance: [
        {
          policy: { classification: 'pii', allowedJurisdictions: ['DE'] },
          countries: new Set(['DE']),
        },
      ],
    });
    const teamOnly = context({
      service: service({
        clusterSelector: {
          matchExpressions: [{ key: 'team', operator: 'Exists' }],
        },
      }),
    });
    const fr = cluster();
    const unlabelled = cluster({ labels: { jurisdiction: 'FR' } });
    const unmatched = (why: string) => [
      {
        code: 'Selector',
        message: `does not match the cluster selector: ${why}`,
      },
    ];
    for (let round = 0; round < 2; round++) {
      expect(selectorFilter.filter!(fr, gcpOnly)).toEqual(
        unmatched('label provider=aws (selector wants gcp)'),
      );
      expect(selectorFilter.filter!(fr, teamOnly)).toEqual(
        unmatched('label team missing'),
      );
      expect(selectorFilter.filter!(unlabelled, gcpOnly)).toEqual(
        unmatched('label provider missing (selector wants provider=gcp)'),
      );
      expect(residencyFilter.filter!(fr, gcpOnly)).toEqual([
        {
          code: 'Governance',
          message:
            'pii data may only be stored in [DE], not in jurisdiction FR',
        },
      ]);
      expect(residencyFilter.filter!(fr, teamOnly)).toEqual([]);
    }
  });

  it('Health says since when a cluster is unhealthy', () => {
    expect(
      healthFilter.filter!(
        cluster({ health: { healthy: false, since: '2026-11-23T10:00:00Z' } }),
        context(),
      ),
    ).toEqual([
      {
        code: 'Health',
        message: 'cluster unhealthy since 2026-11-23T10:00:00Z',
      },
    ]);
  });

  describe('Health with failover', () => {
    const NOW = Date.parse('2026-11-25T12:00:00Z');
    const filter = failoverHealthFilter({
      gracePeriodMs: 2 * 60_000,
      now: new Date(NOW),
    }).filter!;
    const down = (minutes: number) =>
      cluster({
        health: {
          healthy: false,
          since: new Date(NOW - minutes * 60_000).toISOString(),
          message: 'connection refused',
        },
      });
    const ran = (
      role: 'data' | 'compute',
      roles: ('data' | 'compute')[],
    ): PlacementContext =>
      context({
        role,
        previous: {
          clusters: [
            { name: 'c1', roles, replicas: { data: 1, compute: 1, config: 0 } },
          ],
        },
      });

    it('passes healthy clusters and gives an unhealthy one nothing new', () => {
      expect(filter(cluster(), ran('compute', []))).toEqual([]);
      expect(filter(down(1), ran('compute', ['data']))).toEqual([
        {
          code: 'Health',
          message: `cluster unhealthy since ${new Date(
            NOW - 60_000,
          ).toISOString()}: connection refused`,
        },
      ]);
    });

    it('keeps compute during the grace period only, and says when it failed over', () => {
      expect(filter(down(1), ran('compute', ['compute']))).toEqual([]);
      expect(filter(down(3), ran('compute', ['compute']))).toEqual([
        {
          code: 'Health',
          message: `cluster unhealthy since ${new Date(
            NOW - 3 * 60_000,
          ).toISOString()}: connection refused; failed over after the 120 s grace period`,
        },
      ]);
    });

    it('never moves data off an unhealthy cluster', () => {
      expect(filter(down(600), ran('data', ['data']))).toEqual([]);
    });
  });

  it('Capacity compares one replica with what is free', () => {
    const busy = cluster({ allocated: { cpu: 15, memory: 0, gpu: 0 } });
    expect(
      capacityFilter.filter!(
        busy,
        context({ requests: { cpu: 2, memory: 0, gpu: 0 } }),
      ),
    ).toEqual([
      {
        code: 'Capacity',
        message: 'insufficient capacity: needs 2 cpu per replica, 1 free',
      },
    ]);
    expect(
      capacityFilter.filter!(
        busy,
        context({ requests: { cpu: 1, memory: 2 ** 30, gpu: 0 } }),
      ),
    ).toEqual([]);
  });

  it('ResourceNotServed rejects clusters without the CRD, and trusts clusters that did not say', () => {
    const ctx = context({ role: 'data' });
    expect(
      resourceServedFilter.filter!(
        cluster({ servedResources: ['apps/v1/StatefulSet'] }),
        ctx,
      ),
    ).toEqual([
      {
        code: 'ResourceNotServed',
        message:
          'does not serve mongodbcommunity.mongodb.com/v1 MongoDBCommunity',
      },
    ]);
    expect(resourceServedFilter.filter!(cluster(), ctx)).toEqual([]);
  });

  it('ResourceNotServed counts the kinds the service’s own CRDs bring as served', () => {
    const withCrd = service();
    withCrd.spec.resources.unshift(
      crdResource(
        'mongodbcommunity.mongodb.com',
        'MongoDBCommunity',
        'mongodbcommunity',
      ),
    );
    const served = cluster({
      servedResources: [
        'apps/v1/StatefulSet',
        'apiextensions.k8s.io/v1/CustomResourceDefinition',
      ],
    });
    expect(
      resourceServedFilter.filter!(
        served,
        context({ role: 'data', service: withCrd }),
      ),
    ).toEqual([]);
    // Another group's CRD brings nothing for this kind.
    (withCrd.spec.resources[0].manifest.spec as { group: string }).group =
      'example.com';
    expect(
      resourceServedFilter.filter!(
        served,
        context({ role: 'data', service: withCrd }),
      ),
    ).toHaveLength(1);
  });
});

describe('built-in scorers', () => {
  it('capacity prefers free cpu; stability prefers clusters already running the role', () => {
    expect(
      capacityScorer.score!(
        cluster({ allocated: { cpu: 4, memory: 0, gpu: 0 } }),
        context(),
      ),
    ).toBe(75);
    const previous = {
      satisfiable: true,
      unsatisfied: [],
      summary: [],
      clusters: [
        {
          name: 'c1',
          selected: true,
          roles: ['compute' as const],
          replicas: { data: 0, compute: 2, config: 0 },
          reasons: [],
          score: { total: 0, breakdown: {} },
          labels: {},
        },
      ],
    };
    expect(stabilityScorer.score!(cluster(), context({ previous }))).toBe(100);
    expect(
      stabilityScorer.score!(cluster(), context({ previous, role: 'data' })),
    ).toBe(0);
  });
});
