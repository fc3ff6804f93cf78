import { FederatedService, Fleet } from '../model/types';
import { evaluatePlacement } from '../placement/evaluatePlacement';
import { renderClusterManifests } from '../render/renderClusterManifests';
import { serviceLabelValue } from '../render/ownershipLabels';
import { demoFleet, demoService } from '../__testUtils__/demoDocuments';
import {
  parseWithSpec,
  resource,
  withResources,
} from '../__testUtils__/serviceVariants';
import { validOrThrow } from '../__testUtils__/validOrThrow';
import { withDataOperations } from './evaluateDataOperations';
import { genericProfile } from './profiles/generic';

/** The demo fleet with Velero and CloudNativePG in the US, and storage in the US and the EU. */
function fleet(): Fleet {
  const base = demoFleet();
  return {
    ...base,
    storageLocations: [
      {
        name: 'us-backups',
        provider: 'aws',
        bucket: 'miniplanes-us-backups',
        prefix: 'airline',
        region: 'us-east-1',
        jurisdiction: 'US',
      },
      {
        name: 'eu-backups',
        provider: 'aws',
        bucket: 'miniplanes-eu-backups',
        region: 'eu-west-1',
        jurisdiction: 'IE',
      },
    ],
    clusters: base.clusters.map(c =>
      c.labels.jurisdiction === 'US'
        ? { ...c, operators: ['velero', 'cnpg'] }
        : c,
    ),
  };
}

/** The storage service with a nightly backup to the given location. */
function storageBackedUpTo(location: string, extra = {}): FederatedService {
  return validOrThrow(
    parseWithSpec(demoService('storage'), {
      dataOperations: {
        backups: [
          {
            name: 'nightly',
            schedule: '0 3 * * *',
            retention: '720h',
            storageLocation: location,
          },
        ],
        ...extra,
      },
    }),
  );
}

function decide(service: FederatedService, f = fleet()) {
  return withDataOperations({
    service,
    fleet: f,
    decision: evaluatePlacement({ service, fleet: f }),
  });
}

describe('data operations', () => {
  it('backs up to a US location with Velero in every data cluster, with Velero’s own field names', () => {
    const service = storageBackedUpTo('us-backups');
    const decision = decide(service);
    expect(decision.satisfiable).toBe(true);
    expect(decision.dataOperations).toEqual([
      {
        name: 'backup:nightly',
        allowed: true,
        location: { name: 'us-backups', jurisdiction: 'US' },
        clusters: [
          { name: 'us-east', operator: 'velero' },
          { name: 'us-pet', operator: 'velero' },
        ],
        reasons: [],
      },
    ]);
    const rendered = renderClusterManifests({
      service,
      decision,
      cluster: 'us-pet',
      fleet: fleet(),
    });
    const byKind = (kind: string) =>
      rendered.find(r => r.manifest.kind === kind)!.manifest as any;
    expect(byKind('BackupStorageLocation')).toMatchObject({
      apiVersion: 'velero.io/v1',
      metadata: { name: 'miniplanes-us-backups', namespace: 'velero' },
      spec: {
        provider: 'aws',
        objectStorage: { bucket: 'miniplanes-us-backups', prefix: 'airline' },
        config: { region: 'us-east-1' },
      },
    });
    expect(byKind('Schedule')).toMatchObject({
      apiVersion: 'velero.io/v1',
      metadata: {
        name: 'storage-nightly',
        namespace: 'velero',
        annotations: { 'miniplanes.io/data-operation': 'backup:nightly' },
        labels: { 'miniplanes.io/role': 'config' },
      },
      spec: {
        schedule: '0 3 * * *',
        template: {
          includedNamespaces: ['miniplanes'],
          labelSelector: {
            matchLabels: {
              'miniplanes.io/service-hash': serviceLabelValue(
                'component:default/storage',
              ),
              'miniplanes.io/role': 'data',
            },
          },
          storageLocation: 'miniplanes-us-backups',
          ttl: '720h0m0s',
        },
      },
    });
  });

  it('refuses a backup of American airline data to a European bucket, and never renders it', () => {
    const service = storageBackedUpTo('eu-backups');
    const decision = decide(service);
    expect(decision.satisfiable).toBe(false);
    expect(decision.unsatisfied).toEqual(
      expect.arrayContaining([
        {
          code: 'Residency',
          message:
            'backup:nightly: storage location eu-backups is in jurisdiction IE: jurisdiction IE not in residency [US]',
        },
        expect.objectContaining({
          code: 'Governance',
          message: expect.stringMatching(
            /^backup:nightly: storage location eu-backups is in jurisdiction IE: airline-data data may only be stored in \[US\]/,
          ),
        }),
      ]),
    );
    // Even given a decision that says otherwise, nothing goes to the bucket.
    const rendered = renderClusterManifests({
      service,
      decision: { ...decision, satisfiable: true },
      cluster: 'us-pet',
      fleet: fleet(),
    });
    expect(rendered.map(r => r.manifest.kind)).not.toContain('Schedule');
  });

  it('needs an operator that can carry the operation out in every data cluster', () => {
    const withoutVelero = fleet();
    withoutVelero.clusters = withoutVelero.clusters.map(c =>
      c.name === 'us-east' ? { ...c, operators: [] } : c,
    );
    const decision = decide(storageBackedUpTo('us-backups'), withoutVelero);
    expect(decision.unsatisfied).toContainEqual({
      code: 'Capability',
      message:
        'backup:nightly: data cluster us-east runs no operator that takes backups',
    });
  });

  it('replicates a CloudNativePG cluster from the primary to the other data clusters', () => {
    const withFares = withResources(
      demoService('storage'),
      resource('data', 'postgresql.cnpg.io/v1', 'Cluster', 'fares', {
        instances: 3,
      }),
    );
    const service = validOrThrow(
      parseWithSpec(withFares, {
        dataOperations: {
          replication: { primary: 'us-pet', resources: ['fares'] },
        },
      }),
    );
    const decision = decide(service);
    expect(decision.dataOperations?.[0]).toMatchObject({
      name: 'replication',
      allowed: true,
      clusters: [
        { name: 'us-east', operator: 'cnpg', role: 'replica' },
        { name: 'us-pet', operator: 'cnpg', role: 'primary' },
      ],
    });
    const fares = (cluster: string) =>
      renderClusterManifests({
        service,
        decision,
        cluster,
        fleet: fleet(),
      }).find(
        r =>
          r.manifest.kind === 'Cluster' && r.manifest.metadata.name === 'fares',
      )!.manifest as any;
    expect(fares('us-east').spec).toEqual({
      instances: 3,
      replica: {
        primary: 'fares-us-pet',
        self: 'fares-us-east',
        source: 'fares-us-pet',
      },
      externalClusters: [
        expect.objectContaining({
          name: 'fares-us-east',
          connectionParameters: expect.objectContaining({
            host: 'fares-rw.miniplanes.svc.clusterset.local',
          }),
        }),
        expect.objectContaining({ name: 'fares-us-pet' }),
      ],
    });
    expect(fares('us-pet').spec.replica.self).toBe('fares-us-pet');
  });

  it('refuses operations on resources that are not data, with paths', () => {
    const parsed = parseWithSpec(demoService('storage'), {
      dataOperations: {
        backups: [
          {
            name: 'nightly',
            schedule: 'every night',
            storageLocation: 'us-backups',
            resources: ['storage'],
          },
        ],
      },
    });
    expect(parsed.ok || parsed.issues.map(i => i.path)).toEqual([
      'spec.dataOperations.backups[0].schedule',
      'spec.dataOperations.backups[0].resources[0]',
    ]);
  });
});

describe('genericProfile', () => {
  it('renders any operator’s custom resource from a template with the backup and its location', () => {
    const profile = genericProfile({
      name: 'percona',
      backup: {
        templates: [
          {
            apiVersion: 'psmdb.percona.com/v1',
            kind: 'PerconaServerMongoDBBackup',
            metadata: {
              name: '${service}-${backup}',
              namespace: '${namespace}',
            },
            spec: {
              storageName: '${location.name}',
              note: 'bucket ${location.bucket} in ${location.jurisdiction}',
            },
          },
        ],
        records: {
          apiVersion: 'psmdb.percona.com/v1',
          kind: 'PerconaServerMongoDBBackup',
          labelSelector: 'backup=${service}-${backup}',
        },
      },
      status: { lastBackupPhase: '$.status.state' },
    });
    const f = fleet();
    f.clusters = f.clusters.map(c =>
      c.labels.jurisdiction === 'US' ? { ...c, operators: ['percona'] } : c,
    );
    const service = storageBackedUpTo('us-backups');
    const decision = withDataOperations({
      service,
      fleet: f,
      profiles: [profile],
      decision: evaluatePlacement({ service, fleet: f }),
    });
    expect(decision.satisfiable).toBe(true);
    const rendered = renderClusterManifests({
      service,
      decision,
      cluster: 'us-east',
      fleet: f,
      profiles: [profile],
    }).find(r => r.manifest.kind === 'PerconaServerMongoDBBackup')!;
    expect(rendered.manifest).toMatchObject({
      metadata: { name: 'storage-nightly', namespace: 'miniplanes' },
      spec: {
        storageName: 'us-backups',
        note: 'bucket miniplanes-us-backups in US',
      },
    });
    expect(
      profile.backupRecords!({
        service,
        backup: service.spec.dataOperations!.backups![0],
      }),
    ).toMatchObject({ labelSelector: 'backup=storage-nightly' });
  });
});
