import { KubeObject } from '../kube/types';
import { validateCustomResource } from '../operations/fieldValidation';
import * as manifests from '../__testUtils__/operatorManifests';
import { profileCrds } from './crdManifests';
import { SIMULATED_OPERATORS } from './SimulatedOperator';

type Obj = Record<string, any>;

const crds = SIMULATED_OPERATORS.flatMap(profileCrds);
const crdOfKind = (kind: string) =>
  crds.find(c => (c.spec as Obj).names.kind === kind)!;
const schemaOf = (kind: string) =>
  (crdOfKind(kind).spec as Obj).versions[0].schema.openAPIV3Schema;

/** The schema node at `spec.a.b[].c`, or undefined. */
function nodeAt(schema: Obj, path: string): Obj | undefined {
  let node: Obj | undefined = schema;
  for (const part of path.split('.')) {
    const [name, list] = part.split('[]');
    node = node?.properties?.[name];
    if (list !== undefined) node = node?.items;
  }
  return node;
}

/** Where a schema breaks the rules of structural schemas, which the real API server enforces. */
function structuralProblems(node: Obj, path: string): string[] {
  const problems: string[] = [];
  const typed =
    node.type ||
    node['x-kubernetes-int-or-string'] ||
    node['x-kubernetes-preserve-unknown-fields'];
  if (!typed) problems.push(`${path}: no type`);
  if (node.properties && node.type !== 'object')
    problems.push(`${path}: properties on a ${node.type}`);
  if (node.properties && node.additionalProperties)
    problems.push(`${path}: both properties and additionalProperties`);
  if (node.items && node.type !== 'array')
    problems.push(`${path}: items on a ${node.type}`);
  if (node.type === 'array' && !node.items)
    problems.push(`${path}: an array without items`);
  for (const required of node.required ?? []) {
    if (!node.properties?.[required])
      problems.push(`${path}: requires undeclared ${required}`);
  }
  for (const value of node.enum ?? []) {
    if (typeof value !== node.type)
      problems.push(`${path}: enum value ${value} is not a ${node.type}`);
  }
  for (const [key, child] of Object.entries(node.properties ?? {}))
    problems.push(...structuralProblems(child as Obj, `${path}.${key}`));
  if (node.items) problems.push(...structuralProblems(node.items, `${path}[]`));
  if (typeof node.additionalProperties === 'object')
    problems.push(
      ...structuralProblems(node.additionalProperties, `${path}{}`),
    );
  return problems;
}

describe('the operator profiles’ CRDs (crds/*.yaml)', () => {
  it('are well-formed CRDs: named plural.group, one served storage version, structural schemas, printer columns on declared fields', () => {
    const problems: string[] = [];
    for (const crd of crds) {
      const spec = crd.spec as Obj;
      const name = crd.metadata.name;
      if (crd.apiVersion !== 'apiextensions.k8s.io/v1')
        problems.push(`${name}: apiVersion ${crd.apiVersion}`);
      if (name !== `${spec.names.plural}.${spec.group}`)
        problems.push(`${name}: not named ${spec.names.plural}.${spec.group}`);
      const storage = spec.versions.filter((v: Obj) => v.storage && v.served);
      if (storage.length !== 1)
        problems.push(`${name}: ${storage.length} served storage versions`);
      for (const version of spec.versions) {
        const schema = version.schema.openAPIV3Schema;
        problems.push(...structuralProblems(schema, `${name} ${version.name}`));
        for (const column of version.additionalPrinterColumns ?? []) {
          const path = column.jsonPath.replace(/^\./, '');
          if (path !== 'metadata.creationTimestamp' && !nodeAt(schema, path))
            problems.push(`${name}: column ${column.name} reads ${path}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it.each([
    [
      'BackupStorageLocation',
      'velero.io/v1',
      'backupstoragelocations',
      'Namespaced',
      'spec.provider spec.objectStorage.bucket spec.objectStorage.prefix spec.config spec.credential.name spec.credential.key status.phase status.lastValidationTime status.message',
    ],
    [
      'Schedule',
      'velero.io/v1',
      'schedules',
      'Namespaced',
      'spec.schedule spec.paused spec.template.includedNamespaces spec.template.labelSelector spec.template.storageLocation spec.template.volumeSnapshotLocations spec.template.ttl status.phase status.lastBackup status.validationErrors',
    ],
    [
      'Backup',
      'velero.io/v1',
      'backups',
      'Namespaced',
      'spec.includedNamespaces spec.labelSelector spec.storageLocation spec.volumeSnapshotLocations spec.ttl status.phase status.startTimestamp status.completionTimestamp status.expiration status.validationErrors status.failureReason',
    ],
    [
      'Cluster',
      'postgresql.cnpg.io/v1',
      'clusters',
      'Namespaced',
      'spec.instances spec.replica.enabled spec.replica.source spec.replica.primary spec.replica.self spec.replica.promotionToken spec.replica.minApplyDelay spec.externalClusters[].name spec.externalClusters[].connectionParameters spec.externalClusters[].barmanObjectStore.destinationPath spec.backup spec.plugins[].name status.phase status.currentPrimary status.instances status.readyInstances status.replica.role status.replica.lagSeconds status.demotionToken',
    ],
    [
      'ObjectStore',
      'barmancloud.cnpg.io/v1',
      'objectstores',
      'Namespaced',
      'spec.configuration.destinationPath spec.configuration.endpointURL spec.configuration.s3Credentials.accessKeyId spec.retentionPolicy',
    ],
    [
      'ServiceExport',
      'multicluster.x-k8s.io/v1alpha1',
      'serviceexports',
      'Namespaced',
      'spec.exportedLabels spec.exportedAnnotations status.conditions[].type status.conditions[].status status.conditions[].reason',
    ],
    [
      'ServiceImport',
      'multicluster.x-k8s.io/v1alpha1',
      'serviceimports',
      'Namespaced',
      'spec.ports[].port spec.ports[].name spec.ips spec.type spec.sessionAffinity',
    ],
    [
      'ServiceEntry',
      'networking.istio.io/v1',
      'serviceentries',
      'Namespaced',
      'spec.hosts spec.addresses spec.ports[].number spec.ports[].name spec.location spec.resolution spec.workloadSelector.labels spec.exportTo',
    ],
    [
      'WorkloadEntry',
      'networking.istio.io/v1',
      'workloadentries',
      'Namespaced',
      'spec.address spec.ports spec.labels spec.network spec.locality spec.weight spec.serviceAccount',
    ],
    [
      'ServiceMonitor',
      'monitoring.coreos.com/v1',
      'servicemonitors',
      'Namespaced',
      'spec.selector spec.namespaceSelector.matchNames spec.endpoints[].port spec.endpoints[].path spec.endpoints[].interval spec.endpoints[].relabelings spec.endpoints[].metricRelabelings',
    ],
    [
      'ScrapeConfig',
      'monitoring.coreos.com/v1alpha1',
      'scrapeconfigs',
      'Namespaced',
      'spec.staticConfigs[].targets spec.staticConfigs[].labels spec.metricsPath spec.params spec.honorLabels',
    ],
    [
      'PrometheusAgent',
      'monitoring.coreos.com/v1alpha1',
      'prometheusagents',
      'Namespaced',
      'spec.serviceMonitorSelector.matchLabels spec.serviceMonitorNamespaceSelector spec.externalLabels spec.remoteWrite[].url spec.remoteWrite[].writeRelabelConfigs[].sourceLabels spec.remoteWrite[].writeRelabelConfigs[].regex spec.remoteWrite[].writeRelabelConfigs[].action spec.remoteWrite[].queueConfig',
    ],
    [
      'ClusterFederatedTrustDomain',
      'spire.spiffe.io/v1alpha1',
      'clusterfederatedtrustdomains',
      'Cluster',
      'spec.trustDomain spec.bundleEndpointURL spec.bundleEndpointProfile.type spec.bundleEndpointProfile.endpointSPIFFEID spec.trustDomainBundle',
    ],
    [
      'ClusterSPIFFEID',
      'spire.spiffe.io/v1alpha1',
      'clusterspiffeids',
      'Cluster',
      'spec.spiffeIDTemplate spec.podSelector spec.namespaceSelector spec.federatesWith spec.dnsNameTemplates spec.ttl',
    ],
  ])(
    '%s is served as %s %s (%s) with the upstream fields',
    (kind, apiVersion, plural, scope, paths) => {
      const spec = crdOfKind(kind).spec as Obj;
      expect(`${spec.group}/${spec.versions[0].name}`).toBe(apiVersion);
      expect(spec.versions).toHaveLength(1);
      expect(spec.names.plural).toBe(plural);
      expect(spec.scope).toBe(scope);
      const missing = paths
        .split(' ')
        .filter(path => !nodeAt(schemaOf(kind), path));
      expect(missing).toEqual([]);
    },
  );

  it('keeps the upstream enums miniplanes writes', () => {
    expect(nodeAt(schemaOf('ServiceImport'), 'spec.type')!.enum).toEqual([
      'ClusterSetIP',
      'Headless',
    ]);
    expect(nodeAt(schemaOf('ServiceEntry'), 'spec.location')!.enum).toEqual([
      'MESH_EXTERNAL',
      'MESH_INTERNAL',
    ]);
    expect(
      nodeAt(
        schemaOf('ClusterFederatedTrustDomain'),
        'spec.bundleEndpointProfile.type',
      )!.enum,
    ).toEqual(['https_spiffe', 'https_web']);
    expect(nodeAt(schemaOf('Backup'), 'status.phase')!.enum).toEqual(
      expect.arrayContaining([
        'New',
        'InProgress',
        'Completed',
        'Failed',
        'FailedValidation',
      ]),
    );
  });

  it('accept manifests written for the real operators as they are (nothing pruned or refused)', () => {
    const samples: KubeObject[] = Object.values(manifests)
      .flatMap(group => Object.values(group) as KubeObject[])
      .filter(m => crds.some(c => (c.spec as Obj).names.kind === m.kind));
    expect(samples.length).toBe(15);
    for (const sample of samples) {
      const copy = JSON.parse(JSON.stringify(sample));
      expect({
        kind: sample.kind,
        ...validateCustomResource(schemaOf(sample.kind!), copy),
      }).toEqual({ kind: sample.kind, invalid: [], unknown: [] });
      expect(copy).toEqual(sample);
    }
  });

  it('refuse what the real operators refuse: a misspelt field, a wrong type, a missing required field', () => {
    const { invalid, unknown } = validateCustomResource(schemaOf('Schedule'), {
      spec: {
        schedule: 5,
        template: { storageLocaton: 'us-backups' },
      },
    });
    expect(unknown).toEqual(['spec.template.storageLocaton']);
    expect(invalid.map(i => i.field)).toEqual(['spec.schedule']);
    expect(
      validateCustomResource(schemaOf('ServiceEntry'), {
        spec: { ports: [{ number: 80 }] },
      }).invalid.map(i => i.field),
    ).toEqual(['spec.hosts', 'spec.ports[0].name']);
  });
});
