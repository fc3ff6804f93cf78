import { evaluatePlacement } from '../placement/evaluatePlacement';
import { demoFleet, demoService } from '../testUtils';
import { renderClusterManifests } from './renderClusterManifests';

describe('renderClusterManifests', () => {
  const fleet = demoFleet();

  it('renders the placed roles with the replica share and the ownership labels, on pods too', () => {
    const service = demoService('storage');
    const decision = evaluatePlacement({ service, fleet });
    const rendered = renderClusterManifests({
      service,
      decision,
      cluster: 'us-pet',
    });
    expect(
      rendered.map(
        r =>
          `${r.role} ${r.manifest.kind} ${r.manifest.metadata.namespace}/${r.manifest.metadata.name}`,
      ),
    ).toEqual([
      'config ConfigMap miniplanes/storage-config',
      'data StatefulSet miniplanes/mongodb',
      'data Service miniplanes/mongodb',
      'compute Deployment miniplanes/storage',
    ]);
    const deployment = rendered[3].manifest as any;
    expect(deployment.spec.replicas).toBe(3);
    const labels = {
      'app.kubernetes.io/managed-by': 'miniplanes',
      'miniplanes.io/service': 'component.default.storage',
      'miniplanes.io/role': 'compute',
      'backstage.io/kubernetes-id': 'storage',
    };
    expect(deployment.metadata.labels).toEqual(labels);
    expect(deployment.spec.template.metadata.labels).toEqual({
      app: 'storage',
      ...labels,
    });
    expect((rendered[1].manifest as any).spec.replicas).toBe(3);
  });

  it('renders nothing for a cluster that is not chosen', () => {
    const service = demoService('storage');
    const decision = evaluatePlacement({ service, fleet });
    expect(
      renderClusterManifests({ service, decision, cluster: 'eu-west' }),
    ).toEqual([]);
  });

  it('applies the overrides whose selector matches the cluster', () => {
    const base = demoService('ui');
    const service = {
      ...base,
      spec: {
        ...base.spec,
        overrides: [
          ...(base.spec.overrides ?? []),
          {
            clusters: { matchLabels: { provider: 'gcp' } },
            image: 'ghcr.io/miniplanes/ui:1.4.2-gcp',
            labels: { cost: 'low' },
            patches: [
              {
                op: 'add' as const,
                path: '/spec/template/spec/nodeSelector',
                value: { pool: 'web' },
              },
            ],
          },
        ],
      },
    };
    const decision = evaluatePlacement({ service, fleet });
    const [ie] = renderClusterManifests({
      service,
      decision,
      cluster: 'eu-west',
    });
    expect((ie.manifest as any).spec.template.spec.containers[0].env).toEqual([
      { name: 'COOKIE_CONSENT', value: 'gdpr' },
    ]);
    expect((ie.manifest as any).spec.template.spec.containers[0].image).toBe(
      'ghcr.io/miniplanes/ui:1.4.2',
    );
    const [jp] = renderClusterManifests({
      service,
      decision,
      cluster: 'ap-gpu',
    });
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
    const base = demoService('ui');
    const service = {
      ...base,
      spec: {
        ...base.spec,
        overrides: [
          {
            clusters: {},
            patches: [
              { op: 'replace' as const, path: '/spec/nothing/here', value: 1 },
            ],
          },
        ],
      },
    };
    const decision = evaluatePlacement({ service, fleet });
    expect(() =>
      renderClusterManifests({ service, decision, cluster: 'us-east' }),
    ).toThrow(
      /^spec\.overrides\[0\]\.patches cannot be applied to Deployment ui: /,
    );
  });
});
