import { SimulatedCluster } from '../../SimulatedCluster';
import { ObjectApi, startWithObjectApi } from '../../__testUtils__/clientNode';
import { velero } from '../../__testUtils__/operatorManifests';
import { json, rawRequest } from '../../__testUtils__/rawRequest';
import { waitFor } from '../../__testUtils__/waitFor';

jest.setTimeout(60_000);

const V1 = 'velero.io/v1';

/**
 * A copy of the manifest `manifest` as the object `name` of namespace velero,
 * with `spec` in place of its spec when given.
 */
const inVelero = <T extends object>(
  manifest: T,
  name: string,
  spec?: object,
) => ({
  ...manifest,
  metadata: { name, namespace: 'velero' },
  ...(spec ? { spec } : {}),
});

/** inVelero with `changes` over the manifest's spec. */
const changedInVelero = <T extends { spec: object }>(
  manifest: T,
  name: string,
  changes: object,
) => inVelero(manifest, name, { ...manifest.spec, ...changes });

/** Asks /_sim to run the Schedule `name` of namespace velero now; the answer carries its Backup. */
const backupFromSchedule = (on: SimulatedCluster, name: string) =>
  rawRequest(
    on,
    'POST',
    `/_sim/velero/namespaces/velero/schedules/${name}/backup`,
  );

describe('the Velero test controller', () => {
  let cluster: SimulatedCluster;
  let k: ObjectApi;
  const backup = (name: string) => k.read(V1, 'Backup', 'velero', name);
  /** Waits until the `kind` named `name` reports `phase`. */
  const phaseReached = (kind: string, name: string, phase: string) =>
    waitFor(
      async () =>
        (await k.read(V1, kind, 'velero', name))?.status?.phase === phase,
    );

  beforeAll(async () => {
    // Backups stay InProgress long enough for a test to act meanwhile.
    ({ cluster, k } = await startWithObjectApi({
      name: 'velero',
      operators: ['velero'],
      operatorStepMs: 300,
    }));
    await k.api.create(velero.namespace);
    await k.api.create(velero.credentials);
    await k.api.create(velero.location);
    // What the storage Schedule backs up: two labelled objects of its namespace.
    await k.api.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'storage' },
    });
    for (const [name, app] of [
      ['one', 'storage'],
      ['two', 'storage'],
      ['other', 'ui'],
    ]) {
      await k.api.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: 'storage', labels: { app } },
      });
    }
  });

  afterAll(() => cluster?.stop());

  it('makes a BackupStorageLocation Available once validated', async () => {
    await phaseReached('BackupStorageLocation', 'us-backups', 'Available');
    const location = await k.read(
      V1,
      'BackupStorageLocation',
      'velero',
      'us-backups',
    );
    expect(location.status.lastValidationTime).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    expect(location.status.message).toBeUndefined();
  });

  it('runs a Schedule on demand through /_sim; its Backup runs and completes', async () => {
    await k.api.create({
      ...velero.schedule,
      metadata: { ...velero.schedule.metadata, labels: { team: 'storage' } },
    });
    await phaseReached('Schedule', 'storage-daily', 'Enabled');

    const started = await backupFromSchedule(cluster, 'storage-daily');

    expect(started.status).toBe(201);
    const { name } = json(started).metadata;
    expect(name).toMatch(/^storage-daily-\d{14}$/);
    await phaseReached('Backup', name, 'InProgress');
    await phaseReached('Backup', name, 'Completed');
    const done = await backup(name);
    expect(done.metadata.labels).toEqual({
      team: 'storage',
      'velero.io/schedule-name': 'storage-daily',
      'velero.io/storage-location': 'us-backups',
    });
    expect(done.spec).toMatchObject(velero.schedule.spec.template);
    const { startTimestamp, completionTimestamp, expiration } = done.status;
    expect(Date.parse(completionTimestamp)).toBeGreaterThanOrEqual(
      Date.parse(startTimestamp),
    );
    expect(Date.parse(expiration) - Date.parse(startTimestamp)).toBe(
      168 * 3_600_000,
    );
    expect(done.status.progress).toEqual({ totalItems: 2, itemsBackedUp: 2 });
    const schedule = await k.read(V1, 'Schedule', 'velero', 'storage-daily');
    expect(Date.parse(schedule.status.lastBackup)).toBeLessThanOrEqual(
      Date.parse(startTimestamp),
    );
  });

  it('keeps its status when a client server-side applies the Schedule again (Velero kinds have no status subresource)', async () => {
    const apply = (ttl: string) =>
      k.api.patch(
        changedInVelero(velero.schedule, 'applied', {
          template: { ...velero.schedule.spec.template, ttl },
        }),
        undefined,
        undefined,
        'miniplanes',
        true,
        k.client.PatchStrategy.ServerSideApply,
      );
    await apply('24h0m0s');
    await phaseReached('Schedule', 'applied', 'Enabled');
    cluster.runSchedule('velero', 'applied');
    const before = await k.read(V1, 'Schedule', 'velero', 'applied');

    await apply('48h0m0s');

    const after = await k.read(V1, 'Schedule', 'velero', 'applied');
    expect(after.spec.template.ttl).toBe('48h0m0s');
    expect(after.status).toEqual(before.status);
  });

  it('fails a Backup whose location does not exist, with Velero’s validation error', async () => {
    await k.api.create(
      inVelero(velero.backup, 'to-nowhere', { storageLocation: 'nowhere' }),
    );

    await phaseReached('Backup', 'to-nowhere', 'FailedValidation');
    const failed = await backup('to-nowhere');
    expect(failed.status.validationErrors).toEqual([
      'an existing backup storage location was not specified at backup creation time and the default nowhere was not found. Please address this issue (see `velero backup-location -h` for options) and create a new backup. Error: backupstoragelocations.velero.io "nowhere" not found',
    ]);
    expect(failed.status.startTimestamp).toBeUndefined();
  });

  it('uses the location marked default when a Backup names none', async () => {
    await k.api.create(
      inVelero(velero.backup, 'unnamed-location', {
        includedNamespaces: ['storage'],
      }),
    );

    await phaseReached('Backup', 'unnamed-location', 'Completed');
    const done = await backup('unnamed-location');
    expect(done.spec.storageLocation).toBe('us-backups');
    expect(done.spec.ttl).toBe('720h0m0s');
    expect(done.status.progress.totalItems).toBe(3);
  });

  it('makes a location Unavailable while its credentials Secret is missing, and fails Backups to it', async () => {
    await k.api.create(
      changedInVelero(velero.location, 'eu-backups', {
        default: false,
        objectStorage: { bucket: 'airline-backups-eu' },
        credential: { name: 'eu-credentials', key: 'cloud' },
      }),
    );
    await phaseReached('BackupStorageLocation', 'eu-backups', 'Unavailable');
    expect(
      (await k.read(V1, 'BackupStorageLocation', 'velero', 'eu-backups')).status
        .message,
    ).toBe('unable to get credentials: secret velero/eu-credentials not found');
    await k.api.create(
      inVelero(velero.backup, 'to-eu', { storageLocation: 'eu-backups' }),
    );
    await phaseReached('Backup', 'to-eu', 'FailedValidation');
    expect((await backup('to-eu')).status.validationErrors).toEqual([
      "backup can't be created because BackupStorageLocation eu-backups is in Unavailable status.",
    ]);

    await k.api.create(inVelero(velero.credentials, 'eu-credentials'));

    await phaseReached('BackupStorageLocation', 'eu-backups', 'Available');
  });

  it('follows the object storage: an unreachable bucket makes its location Unavailable, then Available again', async () => {
    cluster.applyFaultSpec({
      bucketReachable: { bucket: 'airline-backups-us', reachable: false },
    });
    await phaseReached('BackupStorageLocation', 'us-backups', 'Unavailable');
    expect(
      (await k.read(V1, 'BackupStorageLocation', 'velero', 'us-backups')).status
        .message,
    ).toBe(
      'BackupStorageLocation "us-backups" is unavailable: bucket airline-backups-us is unreachable',
    );

    // Clearing every fault gives the bucket back.
    expect((await rawRequest(cluster, 'DELETE', '/_sim/faults')).status).toBe(
      200,
    );

    await phaseReached('BackupStorageLocation', 'us-backups', 'Available');
  });

  it('fails a running Backup whose location becomes unavailable before it is written', async () => {
    await k.api.create(inVelero(velero.backup, 'interrupted'));
    await phaseReached('Backup', 'interrupted', 'InProgress');

    cluster.setBucketReachable('airline-backups-us', false);

    await phaseReached('Backup', 'interrupted', 'Failed');
    const failed = await backup('interrupted');
    expect(failed.status.failureReason).toBe(
      'BackupStorageLocation "us-backups" is unavailable: bucket airline-backups-us is unreachable',
    );
    expect(failed.status.completionTimestamp).toBeDefined();
    cluster.setBucketReachable('airline-backups-us', true);
    await phaseReached('BackupStorageLocation', 'us-backups', 'Available');
  });

  it('deletes a Backup once it expires, as Velero’s garbage collection does', async () => {
    await k.api.create(
      changedInVelero(velero.backup, 'short-lived', { ttl: '3s' }),
    );
    await phaseReached('Backup', 'short-lived', 'Completed');

    const completed = Date.now();

    await waitFor(
      async () => (await backup('short-lived')) === undefined,
      5000,
    );
    // Gone when its TTL ran out (expiration is to the second), not at once.
    expect(Date.now() - completed).toBeGreaterThan(1000);
  });

  it('refuses an invalid cron expression as Velero does', async () => {
    await k.api.create(
      changedInVelero(velero.schedule, 'bad-cron', {
        schedule: 'every night',
      }),
    );

    await phaseReached('Schedule', 'bad-cron', 'FailedValidation');
    expect(
      (await k.read(V1, 'Schedule', 'velero', 'bad-cron')).status
        .validationErrors,
    ).toEqual([
      'invalid schedule: expected exactly 5 fields, found 2: [every night]',
    ]);
    const run = await backupFromSchedule(cluster, 'bad-cron');
    expect(run.status).toBe(409);
  });

  it('answers 404 for a Schedule that does not exist, 400 on a cluster without Velero', async () => {
    const missing = await backupFromSchedule(cluster, 'nope');
    expect(missing.status).toBe(404);
    expect(json(missing).message).toBe(
      'schedules.velero.io "nope" not found in namespace velero',
    );

    const plain = await SimulatedCluster.start({ name: 'plain' });
    try {
      const refused = await backupFromSchedule(plain, 'x');
      expect(refused.status).toBe(400);
      expect(json(refused).message).toBe(
        "cluster plain does not run velero: start it with operators: ['velero']",
      );
    } finally {
      await plain.stop();
    }
  });
});

describe('Velero Schedules on the clock', () => {
  let cluster: SimulatedCluster;

  afterEach(() => cluster?.stop());

  it('takes a Backup every backupIntervalMs, none while paused', async () => {
    const started = await startWithObjectApi({
      name: 'velero-clock',
      operators: ['velero'],
      operatorStepMs: 20,
      backupIntervalMs: 300,
    });
    cluster = started.cluster;
    const { k } = started;
    await k.api.create(velero.namespace);
    await k.api.create(velero.credentials);
    await k.api.create(velero.location);
    await k.api.create(velero.schedule);
    await k.api.create(
      changedInVelero(velero.schedule, 'paused', { paused: true }),
    );
    const completed = async (schedule: string) =>
      (await k.list(V1, 'Backup', 'velero')).filter(
        b =>
          b.metadata.labels['velero.io/schedule-name'] === schedule &&
          b.status?.phase === 'Completed',
      );

    await waitFor(
      async () => (await completed('storage-daily')).length >= 3,
      10_000,
    );

    const names = (await completed('storage-daily')).map(b => b.metadata.name);
    expect(new Set(names).size).toBe(names.length);
    expect(await completed('paused')).toEqual([]);
  });
});
