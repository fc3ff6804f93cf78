import { FederatedService } from '../model/types';
import { evaluatePlacement } from '../placement/evaluatePlacement';
import { demoFleet, demoService } from '../__testUtils__/demoDocuments';
import {
  resource,
  withResources,
  withSpec,
} from '../__testUtils__/serviceVariants';
import { serviceLabelValue, shardBucketOf } from './ownershipLabels';
import { renderClusterManifests } from './renderClusterManifests';

describe('renderClusterManifests', () => {
  const fleet = demoFleet();
  /** What the cluster runs of the service, placed on the demo fleet. */
  const renderedOn = (service: FederatedService, cluster: string) =>
    renderClusterManifests({
      service,
      decision: evaluatePlacement({ service, fleet }),
      cluster,
    });

  it('renders the placed roles with the replica share and the ownership labels, on pods too', () => {
    const rendered = renderedOn(demoService('storage'), 'us-pet');
    expect(
      rendered.map(
        r =>
          `${r.role} ${r.manifest.kind} ${r.manifest.metadata.namespace}/${r.manifest.metadata.name}`,
      ),
    ).toEqual([
      'config ConfigMap miniplanes/storage-config',
      'data StatefulSet miniplanes/mongodb',
      'data Service miniplanes/mongodb',
      'data Cluster miniplanes/ledger',
      'compute Deployment miniplanes/storage',
    ]);
    const deployment = rendered[4].manifest as any;
    expect(deployment.spec.replicas).toBe(3);
    const labels = {
      'app.kubernetes.io/managed-by': 'miniplanes',
      'miniplanes.io/service-hash': serviceLabelValue(
        'component:default/storage',
      ),
      'miniplanes.io/role': 'compute',
      'backstage.io/kubernetes-id': 'storage',
    };
    // The object, not its pods, carries the bucket a sharded sync watches:
    // on pods it would roll them.
    expect(deployment.metadata.labels).toEqual({
      ...labels,
      'miniplanes.io/shard-bucket': String(
        shardBucketOf('component:default/storage'),
      ),
    });
    expect(deployment.metadata.annotations).toEqual({
      'miniplanes.io/service': 'component:default/storage',
    });
    expect(deployment.spec.template.metadata.labels).toEqual({
      app: 'storage',
      ...labels,
    });
    expect((rendered[1].manifest as any).spec.replicas).toBe(3);
  });

  it('renders nothing for a cluster that is not chosen', () => {
    expect(renderedOn(demoService('storage'), 'eu-west')).toEqual([]);
  });

  it('applies the overrides whose selector matches the cluster', () => {
    const base = demoService('ui');
    const service = withSpec(base, {
      overrides: [
        ...(base.spec.overrides ?? []),
        {
          clusters: { matchLabels: { provider: 'gcp' } },
          image: 'ghcr.io/miniplanes/ui:1.4.2-gcp',
          labels: { cost: 'low' },
          patches: [
            {
              op: 'add',
              path: '/spec/template/spec/nodeSelector',
              value: { pool: 'web' },
            },
          ],
        },
      ],
    });
    const [ie] = renderedOn(service, 'eu-west');
    expect((ie.manifest as any).spec.template.spec.containers[0].env).toEqual([
      { name: 'COOKIE_CONSENT', value: 'gdpr' },
    ]);
    expect((ie.manifest as any).spec.template.spec.containers[0].image).toBe(
      'ghcr.io/miniplanes/ui:1.4.2',
    );
    const [jp] = renderedOn(service, 'ap-gpu');
    expect(jp.manifest.metadata.labels!.cost).toBe('low');
    expect((jp.manifest as any).spec.template.spec).toMatchObject({
      nodeSelector: { pool: 'web' },
      containers: [{ image: 'ghcr.io/miniplanes/ui:1.4.2-gcp' }],
    });
    // The template itself is left alone.
    expect(
      (service.spec.resources[0].manifest as any).spec.template.spec
        .nodeSelector,
    ).toBeUndefined();
  });

  it('says which override cannot be applied', () => {
    const service = withSpec(demoService('ui'), {
      overrides: [
        {
          clusters: {},
          patches: [{ op: 'replace', path: '/spec/nothing/here', value: 1 }],
        },
      ],
    });
    const decision = evaluatePlacement({ service, fleet });
    expect(() =>
      renderClusterManifests({ service, decision, cluster: 'us-east' }),
    ).toThrow(
      /^spec\.overrides\[0\]\.patches cannot be applied to Deployment ui in cluster us-east: /,
    );
  });

  it('says which override cannot be applied to containers it cannot read', () => {
    const trainer = {
      apiVersion: 'example.com/v1',
      kind: 'Trainer',
      metadata: { name: 'trainer' },
      spec: { template: { spec: { containers: { image: 'trainer:1' } } } },
    };
    const service = withSpec(demoService('ui'), {
      resources: [{ role: 'compute', manifest: trainer }],
      overrides: [{ clusters: {}, image: 'trainer:2' }],
    });
    // A module's interpreter sizes its replicas, so it is placed.
    const interpreters = [
      {
        name: 'example.com/Trainer',
        matches: ({ kind }: { kind: string }) => kind === 'Trainer',
        replicaRequirements: () => ({ cpu: 1 }),
      },
    ];
    const decision = evaluatePlacement({ service, fleet, interpreters });
    const cluster = decision.clusters.find(c => c.selected)!.name;
    expect(() =>
      renderClusterManifests({ service, decision, cluster, interpreters }),
    ).toThrow(
      `spec.overrides[0] cannot be applied to Trainer trainer in cluster ${cluster}: its pod template's containers are not a list`,
    );
  });

  it('renders a stored version, frozen as the store gives it, whose patch adds a container a later override changes, and leaves it as it was', () => {
    const freeze = <T>(value: T): T => {
      if (value && typeof value === 'object') {
        Object.values(value).forEach(freeze);
        Object.freeze(value);
      }
      return value;
    };
    const service = withSpec(demoService('ui'), {
      overrides: [
        {
          clusters: {},
          patches: [
            {
              op: 'add',
              path: '/spec/template/spec/containers/-',
              value: { name: 'proxy', image: 'envoy:1' },
            },
          ],
        },
        {
          clusters: { matchLabels: { jurisdiction: 'IE' } },
          image: 'ghcr.io/miniplanes/ui:1.5.0',
        },
      ],
    });
    const stored = JSON.stringify(service);
    freeze(service);
    const [ie] = renderedOn(service, 'eu-west');
    expect(
      (ie.manifest as any).spec.template.spec.containers.map(
        (c: { name: string; image: string }) => `${c.name} ${c.image}`,
      ),
    ).toEqual([
      'ui ghcr.io/miniplanes/ui:1.5.0',
      'proxy ghcr.io/miniplanes/ui:1.5.0',
    ]);
    const [us] = renderedOn(service, 'us-east');
    expect(
      (us.manifest as any).spec.template.spec.containers.map(
        (c: { image: string }) => c.image,
      ),
    ).toEqual(['ghcr.io/miniplanes/ui:1.4.2', 'envoy:1']);
    expect(JSON.stringify(service)).toBe(stored);
  });

  it('refuses patches that leave a manifest the sync could not apply, or with secret values', () => {
    const refusalOf = (patches: object[], extra: object[] = []) => {
      const service = withResources(
        withSpec(demoService('ui'), {
          overrides: [{ clusters: {}, patches: patches as never }],
        }),
        ...(extra as never[]),
      );
      const decision = evaluatePlacement({ service, fleet });
      try {
        renderClusterManifests({ service, decision, cluster: 'us-east' });
        return 'rendered';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(refusalOf([{ op: 'add', path: '/spec/template', value: ' ' }])).toBe(
      'spec.overrides[0].patches leave Deployment ui in cluster us-east invalid: spec.template: expected a pod template (an object), got " "',
    );
    expect(
      refusalOf(
        [{ op: 'add', path: '/stringData', value: { password: 'hunter2' } }],
        [resource('compute', 'v1', 'Secret', 'ui-credentials')],
      ),
    ).toMatch(
      /^spec\.overrides\[0\]\.patches leave Secret ui-credentials in cluster us-east invalid: stringData: a FederatedService must not carry secret values/,
    );
  });

  it('puts the ownership labels on last, whatever an override says', () => {
    const service = withSpec(demoService('storage'), {
      overrides: [
        {
          clusters: {},
          labels: { 'miniplanes.io/role': 'compute' },
          patches: [
            {
              op: 'add',
              path: '/metadata/labels/app.kubernetes.io~1managed-by',
              value: 'someone-else',
            },
          ],
        },
      ],
    });
    const mongodb = renderedOn(service, 'us-east').find(
      r => r.manifest.kind === 'StatefulSet',
    )!;
    expect(mongodb.manifest.metadata.labels).toMatchObject({
      'miniplanes.io/role': 'data',
      'app.kubernetes.io/managed-by': 'miniplanes',
    });
  });

  it('gives cluster-scoped kinds no namespace, so they are the objects the cluster holds', () => {
    const service = withResources(
      demoService('storage'),
      resource('config', 'v1', 'Namespace', 'miniplanes'),
    );
    const rendered = renderedOn(service, 'us-east');
    expect(
      rendered.find(r => r.manifest.kind === 'Namespace')!.manifest.metadata,
    ).not.toHaveProperty('namespace');
    expect(
      rendered.find(r => r.manifest.kind === 'ConfigMap')!.manifest.metadata
        .namespace,
    ).toBe('miniplanes');
  });
});

describe('serviceLabelValue', () => {
  it('tells apart services whose references share more than 63 characters', () => {
    const prefix = `component:default/reservations-${'x'.repeat(60)}`;
    const a = serviceLabelValue(`${prefix}-a`);
    const b = serviceLabelValue(`${prefix}-b`);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[0-9a-f]{40}$/);
    // Backstage compares references without regard to case.
    expect(serviceLabelValue('Component:Default/Storage')).toBe(
      serviceLabelValue('component:default/storage'),
    );
  });
});
