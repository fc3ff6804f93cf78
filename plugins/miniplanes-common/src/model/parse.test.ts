import { parseFederatedService, parseFleetFile } from './parse';
import { formatValidationIssues } from './issues';

/** A workload as small as Kubernetes takes it. */
const workload = (kind: string, name: string, metadata = `{ name: ${name} }`) =>
  `{ apiVersion: apps/v1, kind: ${kind}, metadata: ${metadata}, spec: { selector: { matchLabels: { app: ${name} } }, template: { metadata: { labels: { app: ${name} } }, spec: { containers: [{ name: ${name}, image: '${name}:1' }] } } } }`;
const deployment = (name: string, metadata?: string) =>
  workload('Deployment', name, metadata);

const API_DEPLOYMENT = `
    - role: compute
      manifest: ${deployment('api')}`;

const service = (placement: string, extra = '', resources = API_DEPLOYMENT) => `
apiVersion: miniplanes.io/v1alpha1
kind: FederatedService
metadata: { name: storage, entityRef: component:default/storage }
spec:
  placement: ${placement}
  resources:${resources}
${extra}`;

/** A service that places anywhere, with the given resources (YAML list items) and more of its spec. */
const serviceWithResources = (resources: string, extra = '') =>
  service('{}', extra, resources);

/** The problems of a service with the given resources (YAML list items), one per line; none when valid. */
const problemsOf = (resources: string, extra = '') => {
  const result = parseFederatedService(serviceWithResources(resources, extra));
  return result.ok ? 'none' : formatValidationIssues(result.issues);
};

describe('parseFederatedService', () => {
  it('accepts a valid document and converts taint strings', () => {
    const result = parseFleetFile(`
clusters:
  - name: eu-spot
    taints: ['spot=true:NoSchedule', 'maintenance:NoExecute']
    nodes: { count: 2, cpu: '8', memory: 32Gi }
`);
    expect(result).toEqual({
      ok: true,
      value: {
        clusters: [
          {
            name: 'eu-spot',
            taints: [
              { key: 'spot', value: 'true', effect: 'NoSchedule' },
              { key: 'maintenance', effect: 'NoExecute' },
            ],
            nodes: { count: 2, cpu: '8', memory: '32Gi' },
          },
        ],
      },
    });
  });

  it('names the exact path and what was expected', () => {
    const result = parseFederatedService(
      service('{ replicas: { total: six, mode: Divided } }'),
    );
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          path: 'spec.placement.replicas.total',
          message: 'expected a non-negative integer, got "six"',
        },
      ],
    });
  });

  it('takes the clusters whose retained data a version releases, by name', () => {
    const ok = parseFederatedService(
      service(
        '{}',
        '  data: { classification: airline-data, release: [us-east] }',
      ),
    );
    expect(ok.ok ? ok.value.spec.data?.release : ok.issues).toEqual([
      'us-east',
    ]);

    const bad = parseFederatedService(
      service(
        '{}',
        "  data: { classification: airline-data, release: [us-east, ''] }",
      ),
    );
    expect(bad).toEqual({
      ok: false,
      issues: [
        { path: 'spec.data.release[1]', message: 'expected a cluster name' },
      ],
    });
  });

  it("refuses overrides that set miniplanes' own labels or annotations", () => {
    const result = parseFederatedService(
      service(
        '{}',
        `  overrides:
    - clusters: { matchLabels: { jurisdiction: US } }
      labels: { miniplanes.io/role: compute, team: air }
      patches:
        - { op: add, path: /metadata/labels/app.kubernetes.io~1managed-by, value: x }
        - { op: remove, path: /metadata/annotations }
        - { op: add, path: /metadata/labels/team, value: air }`,
      ),
    );
    expect(result.ok).toBe(false);
    expect(result.ok || result.issues.map(i => i.path)).toEqual([
      'spec.overrides[0].labels',
      'spec.overrides[0].patches[0].path',
      'spec.overrides[0].patches[1].path',
    ]);
    expect(result.ok || result.issues[0].message).toMatch(
      /^miniplanes\.io\/role is miniplanes' own label/,
    );
  });

  it('refuses secret values in a Secret, pointing to references and ExternalSecrets', () => {
    const result = parseFederatedService(
      serviceWithResources(
        `
    - role: config
      manifest:
        apiVersion: v1
        kind: Secret
        metadata: { name: mongo-credentials }
        stringData: { password: hunter2 }
    - role: config
      manifest:
        apiVersion: external-secrets.io/v1beta1
        kind: ExternalSecret
        metadata: { name: mongo-credentials-ext }
        spec: { secretStoreRef: { name: vault, kind: ClusterSecretStore } }`,
      ),
    );
    expect(result.ok).toBe(false);
    expect(result.ok || result.issues).toEqual([
      {
        path: 'spec.resources[0].manifest.stringData',
        message: expect.stringMatching(
          /^a FederatedService must not carry secret values: .*ExternalSecret/,
        ),
      },
    ]);
  });

  it('refuses pod templates whose containers or their requests placement cannot read, where they are', () => {
    expect(
      problemsOf(`
    - role: compute
      manifest:
        apiVersion: batch/v1
        kind: Job
        metadata: { name: training }
        spec:
          template:
            spec:
              containers:
                image: ghcr.io/miniplanes/fare-model:0.9.0
    - role: compute
      manifest:
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: web }
        spec:
          selector: { matchLabels: { app: web } }
          template:
            metadata: { labels: { app: web } }
            spec:
              containers:
                - name: web
                  image: web:1
                  resources: { requests: { cpu: 4 cores, memory: [1Gi] } }
                - sidecar
    - role: compute
      manifest:
        apiVersion: batch/v1
        kind: CronJob
        metadata: { name: nightly }
        spec: { jobTemplate: { spec: { template: { spec: [] } } } }
    - role: compute
      manifest:
        apiVersion: v1
        kind: Pod
        metadata: { name: debug }
        spec: { containers: [{ name: debug, image: debug:1, resources: { limits: 2 } }] }
    - role: compute
      manifest:
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: { name: db }
        spec:
          selector: { matchLabels: { app: db } }
          template:
            metadata: { labels: { app: db } }
            spec:
              containers:
                - { name: db, image: db:1, env: { LOG: debug } }
                - name: backup
                  image: backup:1
                  env: [{ name: LOG, value: debug }, LOG=info]`),
    ).toBe(
      [
        'spec.resources[0].manifest.spec.template.spec.containers: expected a list of containers, got an object',
        'spec.resources[1].manifest.spec.template.spec.containers[0].resources.requests.cpu: expected a quantity such as 500m, 2 or 64Gi, got "4 cores"',
        'spec.resources[1].manifest.spec.template.spec.containers[0].resources.requests.memory: expected a quantity such as 500m, 2 or 64Gi, got a list',
        'spec.resources[1].manifest.spec.template.spec.containers[1]: expected a container (an object), got "sidecar"',
        'spec.resources[2].manifest.spec.jobTemplate.spec.template.spec: expected a pod spec (an object), got a list',
        'spec.resources[3].manifest.spec.containers[0].resources.limits: expected an object of quantities by resource name, got 2',
        'spec.resources[4].manifest.spec.template.spec.containers[0].env: expected a list of environment variables ({ name, value }), got an object',
        'spec.resources[4].manifest.spec.template.spec.containers[1].env[1]: expected an environment variable ({ name, value }), got "LOG=info"',
      ].join('\n'),
    );
  });

  it('refuses built-in workloads every Kubernetes API server refuses, where they are', () => {
    expect(
      problemsOf(`
    - role: compute
      manifest:
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: no-template }
        spec: { selector: { matchLabels: { app: a } } }
    - role: compute
      manifest:
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: web }
        spec:
          replicas: -1
          selector: { matchLabels: { app: web } }
          template:
            metadata: { labels: { app: api } }
            spec: { containers: [{ image: web:1 }, { name: sidecar }] }
    - role: compute
      manifest:
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: { name: db }
        spec:
          template:
            metadata: { labels: { app: db } }
            spec: { containers: [] }
    - role: compute
      manifest:
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: { name: agent }
        spec:
          selector: { matchLabels: {} }
          template:
            metadata: { labels: { app: agent } }
            spec: { containers: [{ name: agent, image: agent:1 }] }
    - role: compute
      manifest:
        apiVersion: batch/v1
        kind: Job
        metadata: { name: once }
        spec: { template: { spec: { restartPolicy: Never, containers: [{ name: once, image: once:1 }] } } }`),
    ).toBe(
      [
        'spec.resources[0].manifest.spec.template: required: expected a pod template',
        'spec.resources[1].manifest.spec.replicas: expected an integer of at least 0, got -1',
        'spec.resources[1].manifest.spec.template.metadata.labels: spec.selector does not select the pods of this template (Kubernetes refuses it): label app=api (selector wants web)',
        'spec.resources[1].manifest.spec.template.spec.containers[0].name: required: expected a container name',
        'spec.resources[1].manifest.spec.template.spec.containers[1].image: required: expected an image',
        'spec.resources[2].manifest.spec.selector: required: expected a label selector of the pods',
        'spec.resources[2].manifest.spec.template.spec.containers: expected at least one container',
        'spec.resources[3].manifest.spec.selector: expected a selector of at least one label or expression (Kubernetes refuses an empty one: it would select every pod)',
      ].join('\n'),
    );
  });

  it('reports several problems at once, unknown fields included', () => {
    const result = parseFederatedService(
      service(
        '{ spread: { by: region, min: 0 }, requires: [GPU], replicas: { total: 2, mode: Split }, affinity: {} }',
      ),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatValidationIssues(result.issues)).toBe(
      [
        'spec.placement.requires[0]: expected a DNS label (lowercase letters, digits and \'-\', starting and ending with a letter or digit), got "GPU"',
        'spec.placement.spread.min: expected a positive integer, got 0',
        'spec.placement.replicas.mode: expected one of "Duplicated", "Divided", got "Split"',
        'spec.placement.affinity: unknown field',
      ].join('\n'),
    );
  });

  it('requires a data policy for resources that hold data', () => {
    const result = parseFederatedService(
      serviceWithResources(
        `
    - role: data
      manifest: ${workload('StatefulSet', 'db')}`,
      ),
    );
    expect(result.ok || result.issues).toEqual([
      {
        path: 'spec.data',
        message:
          'resources with role data need spec.data: a classification and/or a residency, so their location can be checked',
      },
    ]);
  });

  it('quotes label keys with dots and slashes in paths', () => {
    const result = parseFederatedService(
      service(
        "{ clusterSelector: { matchLabels: { 'topology.kubernetes.io/region': 'not ok!' } } }",
      ),
    );
    expect(result.ok || result.issues[0].path).toBe(
      'spec.placement.clusterSelector.matchLabels["topology.kubernetes.io/region"]',
    );
  });

  it('refuses a YAML alias bomb quickly', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from({ length: 9 }, (_, i) => {
        const ref = String.fromCharCode(97 + i);
        const next = String.fromCharCode(98 + i);
        return `${next}: &${next} [*${ref},*${ref},*${ref},*${ref},*${ref},*${ref},*${ref},*${ref},*${ref}]`;
      }),
    ].join('\n');
    const started = Date.now();
    const result = parseFederatedService(bomb);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result.ok || result.issues[0].message).toMatch(
      /too many YAML aliases/,
    );
  });

  it('refuses deep nesting and huge documents', () => {
    const deep = `${'['.repeat(100)}${']'.repeat(100)}`;
    expect(
      parseFederatedService(deep).ok ||
        (parseFederatedService(deep) as any).issues[0].message,
    ).toMatch(/nested deeper than 64 levels/);
    const huge = `# ${'x'.repeat(2_000_001)}`;
    expect((parseFederatedService(huge) as any).issues[0].message).toMatch(
      /the limit is 2000000/,
    );
  });

  it('reports broken YAML and multi-document input', () => {
    expect((parseFleetFile('clusters: [') as any).issues[0].message).toMatch(
      /^invalid YAML/,
    );
    expect(
      (parseFleetFile('clusters: []\n---\nclusters: []') as any).issues[0]
        .message,
    ).toBe('expected one YAML document, found 2');
  });

  it('reports duplicate resources and storage locations, where the repeat is', () => {
    const resources = parseFederatedService(
      serviceWithResources(
        `${API_DEPLOYMENT}
    - role: compute
      manifest: ${deployment(
        'api',
        '{ name: api, namespace: other }',
      )}${API_DEPLOYMENT}`,
      ),
    );
    expect(resources.ok || resources.issues).toEqual([
      {
        path: 'spec.resources[2].manifest.metadata.name',
        message: 'duplicate resource Deployment api (also spec.resources[0])',
      },
    ]);
    const location = { provider: 'aws', bucket: 'b', jurisdiction: 'US' };
    const fleet = parseFleetFile({
      storageLocations: [
        { name: 'x', ...location },
        { name: 'x', ...location },
      ],
      clusters: [],
    });
    expect(fleet.ok || fleet.issues).toEqual([
      {
        path: 'storageLocations[1].name',
        message: 'duplicate storage location "x" (also storageLocations[0])',
      },
    ]);
  });

  it('reports duplicate cluster names', () => {
    const result = parseFleetFile({ clusters: [{ name: 'a' }, { name: 'a' }] });
    expect(result.ok || result.issues).toEqual([
      {
        path: 'clusters[1].name',
        message: 'duplicate cluster name "a" (also clusters[0])',
      },
    ]);
  });

  it('refuses a StatefulSet whose claims hold data unless it is declared data, and a retention policy that deletes its claims', () => {
    const database = (role: string, policy = '') => `
    - role: ${role}
      manifest:
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: { name: orders }
        spec:
          serviceName: orders
          selector: { matchLabels: { app: orders } }
          template:
            metadata: { labels: { app: orders } }
            spec: { containers: [{ name: postgres, image: 'postgres:16' }] }
          volumeClaimTemplates:
            - metadata: { name: data }
              spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } } }${policy}`;
    // Data needs a residency or a classification.
    const problemsWithData = (resources: string) =>
      problemsOf(resources, '  data: { residency: [US] }');
    expect(problemsWithData(database('compute'))).toMatch(
      /^spec\.resources\[0\]\.role: a StatefulSet with volumeClaimTemplates makes PersistentVolumeClaims that hold data: declare it role data \(not compute\)/,
    );
    expect(problemsWithData(database('data'))).toBe('none');
    expect(
      problemsWithData(
        database(
          'data',
          `
          persistentVolumeClaimRetentionPolicy: { whenScaled: Delete, whenDeleted: Retain }`,
        ),
      ),
    ).toMatch(
      /^spec\.resources\[0\]\.manifest\.spec\.persistentVolumeClaimRetentionPolicy\.whenScaled: Delete lets the StatefulSet controller delete the claims, and their data, of the replicas a scale-down removes/,
    );
  });
});
