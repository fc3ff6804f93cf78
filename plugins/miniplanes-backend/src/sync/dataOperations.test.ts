import Ajv from 'ajv';
import {
  FederatedService,
  parseFederatedService,
} from '@miniplanes/plugin-miniplanes-common';
import { exampleService, SyncHarness } from '../__testUtils__/syncHarness';
import { syncHarnessPerTest } from '../__testUtils__/sync/harnessPerTest';
import { readLive } from '../__testUtils__/sync/liveObjects';
import { serviceStatusOf } from '../__testUtils__/sync/serviceStatusOf';
import { syncPasses } from '../__testUtils__/sync/syncPasses';
import { spec } from '../schema/openapi.generated';

jest.setTimeout(90_000);

const STORAGE = 'component:default/storage';

/**
 * The demo's storage service, whose data clusters (the US ones, running
 * Velero and CloudNativePG) back up nightly and replicate its ledger, with
 * the given backup location and replication primary.
 */
function storage(location: string, primary = 'us-pet'): FederatedService {
  const base = exampleService('storage');
  const parsed = parseFederatedService({
    ...base,
    spec: {
      ...base.spec,
      dataOperations: {
        backups: [
          {
            name: 'nightly',
            schedule: '0 3 * * *',
            retention: '720h',
            storageLocation: location,
          },
        ],
        replication: { primary, resources: ['ledger'] },
      },
    },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

const passes = (h: SyncHarness, count: number) =>
  syncPasses(h.sync, count, 150);

/** The ledger's CloudNativePG Cluster in that cluster. */
const ledger = (h: SyncHarness, cluster: string) =>
  readLive(h, cluster, {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    name: 'ledger',
    namespace: 'miniplanes',
  });

describe('data operations carried out by the data clusters’ operators', () => {
  const startHarness = syncHarnessPerTest();

  it('backs up to the US bucket, replicates from the pet cluster, and shows the operators’ status', async () => {
    const h = await startHarness();
    await h.placement.putSpec({ spec: storage('us-backups'), source: 'seed' });
    await passes(h, 3);

    // Velero's objects, with its own field names, in each data cluster.
    const schedule = await readLive(h, 'us-east', {
      apiVersion: 'velero.io/v1',
      kind: 'Schedule',
      name: 'storage-nightly',
      namespace: 'velero',
    });
    expect(schedule.spec.template.storageLocation).toBe(
      'miniplanes-us-backups',
    );

    // A distributed CloudNativePG topology: us-pet primary, us-east its replica.
    expect((await ledger(h, 'us-pet')).status.replica.role).toBe('primary');
    expect((await ledger(h, 'us-east')).status.replica.role).toBe('replica');

    h.sim.cluster('us-east').runSchedule('velero', 'storage-nightly');
    await passes(h, 4);
    const usEast = (await h.statusStore.list([STORAGE])).find(
      r => r.cluster === 'us-east',
    )!;
    expect(usEast.operations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'backup:nightly',
          operator: 'velero',
          stale: false,
          lastBackup: expect.objectContaining({
            phase: 'Completed',
            location: 'us-backups',
            jurisdiction: 'US',
          }),
        }),
        expect.objectContaining({
          name: 'replication',
          operator: 'cnpg',
          replication: expect.objectContaining({ role: 'replica' }),
        }),
      ]),
    );
    // No backup yet on us-pet: flagged.
    const usPet = (await h.statusStore.list([STORAGE])).find(
      r => r.cluster === 'us-pet',
    )!;
    expect(
      usPet.operations?.find(o => o.name === 'backup:nightly')?.stale,
    ).toBe(true);

    // GET /services/... serves them per data cluster, as the OpenAPI document says.
    const served = await serviceStatusOf(h, STORAGE);
    const operationsOf = (cluster: string) =>
      served.clusters.find(c => c.cluster === cluster)?.operations;
    expect(operationsOf('us-east')).toEqual(usEast.operations);
    expect(operationsOf('us-pet')).toEqual(usPet.operations);
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addSchema(
      JSON.parse(
        JSON.stringify(spec).replace(
          /"#\/components\//g,
          '"miniplanes#/components/',
        ),
      ),
      'miniplanes',
    );
    const schema = (spec as any).components.schemas.DataOperationStatus;
    const validate = ajv.compile({
      type: 'array',
      items: { $ref: 'miniplanes#/components/schemas/DataOperationStatus' },
    });
    for (const cluster of ['us-east', 'us-pet']) {
      const operations = operationsOf(cluster)!;
      expect(validate(operations) ? null : validate.errors).toBeNull();
      // Every field served is documented, nested ones included.
      for (const operation of operations) {
        const undocumented = (object: object | undefined, properties: object) =>
          Object.keys(object ?? {}).filter(key => !(key in properties));
        expect([
          ...undocumented(operation, schema.properties),
          ...undocumented(
            operation.lastBackup,
            schema.properties.lastBackup.properties,
          ),
          ...undocumented(
            operation.replication,
            schema.properties.replication.properties,
          ),
        ]).toEqual([]);
      }
    }
    expect(
      (spec as any).components.schemas.ClusterSyncStatus.properties.operations
        .items,
    ).toEqual({ $ref: '#/components/schemas/DataOperationStatus' });
  });

  it('blocks a request to back up to a European bucket, and moves the primary only by request', async () => {
    const h = await startHarness();
    await h.placement.putSpec({ spec: storage('us-backups'), source: 'seed' });
    await passes(h, 2);

    const abroad = await h.requests.file({
      entityRef: STORAGE,
      reason: 'cheaper bucket',
      spec: storage('eu-backups'),
      requestedBy: 'user:default/kim',
    });
    expect(abroad.checks.find(c => c.name === 'governance')).toMatchObject({
      passed: false,
      message: expect.stringMatching(/eu-backups is in jurisdiction IE/),
    });
    await expect(
      h.requests.approve(abroad.id, 'user:default/pat'),
    ).rejects.toThrow(/fails its policy checks/);
    const writes = h.sim.clusters.flatMap(c => c.writes());
    expect(
      writes.filter(
        w => w.kind === 'BackupStorageLocation' && w.name.includes('eu'),
      ),
    ).toEqual([]);

    const moved = await h.requests.file({
      entityRef: STORAGE,
      reason: 'us-east becomes the primary',
      spec: storage('us-backups', 'us-east'),
      requestedBy: 'user:default/kim',
    });
    // The approver is shown what approving deletes: nothing, Velero's objects stay.
    expect(moved.impact?.deletes).toEqual([]);
    await h.requests.approve(moved.id, 'user:default/pat');
    await passes(h, 3);
    expect((await ledger(h, 'us-east')).status.replica.role).toBe('primary');
    expect((await ledger(h, 'us-pet')).spec.replica.primary).toBe(
      'ledger-us-east',
    );
  });
});
