import { stringify } from 'yaml';
import { SimulatedCluster } from '../SimulatedCluster';
import { json, rawRequest } from '../__testUtils__/rawRequest';
import { Kubectl, startKubectlCluster } from '../__testUtils__/kubectl';
import * as manifests from '../__testUtils__/operatorManifests';
import { writeManifest } from '../__testUtils__/testFleet';

/** The operator profiles' kinds as kubectl 1.32 sees them: apply (Strict), get with their columns, wait. */
jest.setTimeout(120_000);

describe('kubectl against a cluster running every operator profile', () => {
  let cluster: SimulatedCluster;
  let dir: string;
  let k: Kubectl;
  /** The header and the rows of `kubectl get`, split into columns. */
  const table = async (...args: string[]) => {
    const result = await k('get', ...args);
    expect(result.stderr).toBe('');
    return result.stdout
      .trim()
      .split('\n')
      .map(line => line.split(/\s{2,}/));
  };

  beforeAll(async () => {
    ({
      cluster,
      dir,
      kubectl: k,
    } = await startKubectlCluster('operators', {
      operators: ['velero', 'cnpg', 'mcs', 'istio', 'prometheus', 'spire'],
      operatorStepMs: 50,
    }));
  });

  afterAll(() => cluster?.stop());

  it('lists the operators’ resources in api-resources', async () => {
    const result = await k('api-resources', '--api-group=velero.io');
    expect(result.stdout).toMatch(
      /^backupstoragelocations\s+bsl\s+velero.io\/v1\s+true\s+BackupStorageLocation$/m,
    );
    expect(result.stdout).toMatch(
      /^schedules\s+velero.io\/v1\s+true\s+Schedule$/m,
    );
    const spire = await k('api-resources', '--api-group=spire.spiffe.io');
    expect(spire.stdout).toMatch(
      /^clusterspiffeids\s+spire.spiffe.io\/v1alpha1\s+false\s+ClusterSPIFFEID$/m,
    );
  });

  it('applies a manifest of every kind with strict validation', async () => {
    const all = Object.values(manifests).flatMap(group => Object.values(group));
    const file = await writeManifest(
      dir,
      'operators.yaml',
      all.map(m => stringify(m)).join('---\n'),
    );

    const result = await k('apply', '-f', file);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('schedule.velero.io/storage-daily created');
    expect(result.stdout).toContain(
      'cluster.postgresql.cnpg.io/airline-db created',
    );
    expect(result.stdout).toContain(
      'clusterfederatedtrustdomain.spire.spiffe.io/us-pet created',
    );
    expect(result.stdout.trim().split('\n')).toHaveLength(all.length);
  });

  it('refuses a misspelt field as the real API server does', async () => {
    const file = await writeManifest(
      dir,
      'typo.yaml',
      stringify({
        ...manifests.istio.serviceEntry,
        metadata: { name: 'typo', namespace: 'default' },
        spec: { ...manifests.istio.serviceEntry.spec, resolutoin: 'DNS' },
      }),
    );

    const result = await k('apply', '-f', file);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown field "spec.resolutoin"');
  });

  it('shows Velero’s columns, and waits for a Backup triggered through /_sim to complete', async () => {
    const [header, row] = await table('schedules.velero.io', '-n', 'velero');
    expect(header).toEqual([
      'NAME',
      'STATUS',
      'SCHEDULE',
      'LASTBACKUP',
      'AGE',
      'PAUSED',
    ]);
    expect(row.slice(0, 3)).toEqual(['storage-daily', 'Enabled', '0 2 * * *']);
    const [, location] = await table('bsl', '-n', 'velero');
    expect(location.slice(0, 2)).toEqual(['us-backups', 'Available']);

    const started = await rawRequest(
      cluster,
      'POST',
      '/_sim/velero/namespaces/velero/schedules/storage-daily/backup',
    );
    const { name } = json(started).metadata;
    const waited = await k(
      'wait',
      '--for=jsonpath={.status.phase}=Completed',
      `backups.velero.io/${name}`,
      '-n',
      'velero',
      '--timeout=30s',
    );
    expect(waited.stdout.trim()).toBe(`backup.velero.io/${name} condition met`);
  });

  it('shows a CloudNativePG Cluster’s instances and primary', async () => {
    await k(
      'wait',
      '--for=condition=Ready',
      'clusters.postgresql.cnpg.io/airline-db',
      '--timeout=30s',
    );
    const [header, row] = await table(
      'clusters.postgresql.cnpg.io',
      'airline-db',
    );
    expect(header).toEqual([
      'NAME',
      'AGE',
      'INSTANCES',
      'READY',
      'STATUS',
      'PRIMARY',
    ]);
    expect([row[0], ...row.slice(2)]).toEqual([
      'airline-db',
      '3',
      '3',
      'Cluster in healthy state',
      'airline-db-1',
    ]);
  });

  it('reads the connection kinds by their short names, cluster-scoped SPIRE kinds included', async () => {
    expect((await table('svcex', 'storage'))[1][0]).toBe('storage');
    const [seHeader, se] = await table('se', 'storage-us-pet');
    expect(seHeader).toEqual([
      'NAME',
      'HOSTS',
      'LOCATION',
      'RESOLUTION',
      'AGE',
    ]);
    expect(se.slice(0, 4)).toEqual([
      'storage-us-pet',
      '["storage.default.global"]',
      'MESH_INTERNAL',
      'STATIC',
    ]);
    expect((await table('smon'))[1][0]).toBe('storage');
    expect((await table('scfg'))[1][0]).toBe('federate-us-pet');
    const [cftdHeader, cftd] = await table('clusterfederatedtrustdomains');
    expect(cftdHeader).toEqual(['NAME', 'TRUST DOMAIN', 'ENDPOINT URL']);
    expect(cftd).toEqual([
      'us-pet',
      'us-pet.miniplanes.example',
      'https://spire.us-pet.example:8443',
    ]);
    expect((await table('clusterspiffeids'))[1][0]).toBe('storage');
  });

  it('shows a LoadBalancer Service’s address as EXTERNAL-IP', async () => {
    const file = await writeManifest(
      dir,
      'lb.yaml',
      stringify({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'storage-lb', namespace: 'default' },
        spec: {
          type: 'LoadBalancer',
          selector: { app: 'storage' },
          ports: [{ port: 8080 }],
        },
      }),
    );
    expect((await k('apply', '-f', file)).code).toBe(0);

    await k(
      'wait',
      '--for=jsonpath={.status.loadBalancer.ingress[0].ip}',
      'service/storage-lb',
      '--timeout=30s',
    );
    const [header, row] = await table('service', 'storage-lb');
    expect(header.slice(0, 4)).toEqual([
      'NAME',
      'TYPE',
      'CLUSTER-IP',
      'EXTERNAL-IP',
    ]);
    expect(row[1]).toBe('LoadBalancer');
    expect(row[3]).toMatch(/^172\.16\.0\.\d+$/);
  });
});
