import { FederatedService } from '@miniplanes/plugin-miniplanes-common';
import {
  demoFleetText,
  exampleService,
  SyncHarness,
} from '../__testUtils__/syncHarness';
import { approvedRequest, OWNER } from '../__testUtils__/sync/approvedRequest';
import {
  allWrites,
  deletesOf,
  writesFromNow,
} from '../__testUtils__/sync/clusterWrites';
import { customResourceDefinition } from '../__testUtils__/sync/customResourceDefinition';
import { syncHarnessPerTest } from '../__testUtils__/sync/harnessPerTest';
import { persistentVolumeClaimManifest } from '../__testUtils__/sync/persistentVolumeClaimManifest';
import {
  deleteLive,
  existsLive,
  mergePatchLive,
} from '../__testUtils__/sync/liveObjects';
import { sleep, syncPasses } from '../__testUtils__/sync/syncPasses';
import {
  deploymentManifest,
  statefulSetManifest,
} from '../__testUtils__/sync/workloadManifests';

/**
 * The data-safety invariants (PRODUCT.md), each through the scenario that
 * broke it, checked against what the simulated clusters received (their
 * write logs), not against miniplanes' own records.
 */

jest.setTimeout(90_000);

const STORAGE = 'component:default/storage';

/** The demo fleet plus a US storage cluster that no locator finds at first. */
const fleetWithSpare = `${demoFleetText()}
  - name: us-new
    labels: { jurisdiction: US, region: us-east-2, zone: us-east-2a, provider: aws }
    capabilities: [storage]
    nodes: { count: 3, cpu: '64', memory: 256Gi }
    # Serves the kinds storage's data uses (its ledger is a CloudNativePG Cluster).
    operators: [velero, cnpg]
`;
const DEMO_CLUSTERS = ['ap-gpu', 'eu-spot', 'eu-west', 'us-east', 'us-pet'];

/** Storage's database: the data most scenarios watch over. */
const MONGODB = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  namespace: 'miniplanes',
  name: 'mongodb',
};

function dataClustersOfStorage(
  service:
    | { decision?: { clusters: { name: string; roles: string[] }[] } }
    | undefined,
): string[] {
  return (service?.decision?.clusters ?? [])
    .filter(c => c.roles.includes('data'))
    .map(c => c.name);
}

const passes = (h: SyncHarness, count: number) => syncPasses(h.sync, count, 50);

const approved = (h: SyncHarness, spec: FederatedService) =>
  approvedRequest(h.requests, spec);

function storageWith(
  extra: FederatedService['spec']['resources'],
  change: (spec: FederatedService) => void = () => {},
): FederatedService {
  const spec = exampleService('storage');
  spec.spec.resources.push(...extra);
  change(spec);
  return spec;
}

/** Storage as the demo declares it, placed. */
async function storagePlaced(h: SyncHarness) {
  await h.placement.putSpec({
    spec: exampleService('storage'),
    source: 'seed',
  });
}

/** Storage as the demo declares it, placed and synced. */
async function storageSynced(h: SyncHarness) {
  await storagePlaced(h);
  await passes(h, 2);
}

const namespaceResource = {
  role: 'config' as const,
  manifest: {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'miniplanes' },
  },
};

/** Data stays on us-pet only: it moves off us-east. */
function onlyPet(spec: FederatedService) {
  spec.spec.placement.clusterSelector = {
    matchLabels: { region: 'us-west-2' },
  };
}

/** The version no longer declares the database. */
function withoutMongodb(spec: FederatedService) {
  spec.spec.resources = spec.spec.resources.filter(
    r => r.manifest.kind !== 'StatefulSet',
  );
}

/** Six replicas divided by capacity: a version that changes every storage cluster. */
function sixByCapacity(spec: FederatedService) {
  spec.spec.placement.replicas = {
    total: 6,
    mode: 'Divided',
    weighting: 'Capacity',
  };
}

/** Patches the Deployments in a region no cluster has at first: it renders until one joins it. */
const patchInUsEast9 = () => [
  {
    clusters: { matchLabels: { region: 'us-east-9' } },
    resource: { kind: 'Deployment' },
    patches: [{ op: 'replace' as const, path: '/spec/nothing/here', value: 1 }],
  },
];

/**
 * Approves version 2, which runs compute on every eligible cluster and
 * patches those of a region no cluster has yet; before the sync takes it, a
 * cluster joins whose catalog entity puts it in that region, so the version
 * does not render there. Two passes later; gives the request.
 */
async function approveVersionThatStopsRendering(h: SyncHarness) {
  const request = await approved(
    h,
    storageWith([], spec => {
      spec.spec.placement.replicas = { total: 2, mode: 'Duplicated' };
      spec.spec.overrides = patchInUsEast9();
    }),
  );
  h.setLocated('us-new', true, { region: 'us-east-9' });
  await h.fleetChanged();
  await passes(h, 2);
  return request;
}

describe('the data-safety invariants', () => {
  const startHarness = syncHarnessPerTest();
  const startWithSpare = () =>
    startHarness({ fleetText: fleetWithSpare, located: DEMO_CLUSTERS });

  describe('1. no data is deleted without a release', () => {
    it('never deletes a Namespace declared as config, a minute after start or ever', async () => {
      const h = await startHarness();
      await h.placement.putSpec({
        spec: storageWith([namespaceResource]),
        source: 'seed',
      });
      await passes(h, 4);
      expect(deletesOf(h.sim)).toEqual([]);
      for (const cluster of ['us-east', 'us-pet']) {
        expect(await existsLive(h, cluster, MONGODB)).toBe(true);
      }
    });

    it('keeps the Namespace, PersistentVolumeClaim and CustomResourceDefinition that would take moved-off data with them', async () => {
      const h = await startHarness();
      const crd = customResourceDefinition({
        group: 'example.com',
        kind: 'Backup',
        plural: 'backups',
        scope: 'Namespaced',
      });
      const extra: FederatedService['spec']['resources'] = [
        namespaceResource,
        { role: 'config', manifest: crd },
        {
          // Storage is data: filing refuses a claim declared otherwise.
          role: 'data',
          manifest: persistentVolumeClaimManifest('mongodb-dump', '10Gi'),
        },
        {
          role: 'data',
          manifest: {
            apiVersion: 'example.com/v1',
            kind: 'Backup',
            metadata: { name: 'nightly' },
            spec: { schedule: '0 3 * * *' },
          },
        },
      ];
      await h.placement.putSpec({ spec: storageWith(extra), source: 'seed' });
      await passes(h, 4);
      for (const kind of [
        'Namespace',
        'CustomResourceDefinition',
        'PersistentVolumeClaim',
        'Backup',
      ]) {
        expect(
          `${kind} ${allWrites(h.sim).some(
            w => w.cluster === 'us-east' && w.kind === kind,
          )}`,
        ).toBe(`${kind} true`);
      }

      await approved(h, storageWith(extra, onlyPet));
      await passes(h, 4);

      // Data left us-east: it and whatever would take it along stay there.
      // Only compute and configuration that take nothing along may go: the
      // backup schedule and its location too (the backups stay in the bucket).
      expect(
        deletesOf(h.sim)
          .map(d => `${d.cluster} ${d.kind} ${d.name}`)
          .sort(),
      ).toEqual([
        'us-east BackupStorageLocation miniplanes-us-backups',
        'us-east ConfigMap storage-config',
        'us-east Deployment storage',
        'us-east Schedule storage-nightly',
      ]);
      for (const ref of [
        { apiVersion: 'v1', kind: 'Namespace', name: 'miniplanes' },
        crd && {
          apiVersion: crd.apiVersion,
          kind: crd.kind,
          name: crd.metadata.name,
        },
        {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          namespace: 'miniplanes',
          name: 'mongodb-dump',
        },
        MONGODB,
        {
          apiVersion: 'example.com/v1',
          kind: 'Backup',
          namespace: 'miniplanes',
          name: 'nightly',
        },
      ]) {
        expect(`${ref.kind} ${await existsLive(h, 'us-east', ref)}`).toBe(
          `${ref.kind} true`,
        );
      }
    });
  });

  describe('the role that protects data is the store’s, not a live label', () => {
    it('keeps data whose role a later version changes to compute, then removes', async () => {
      const h = await startHarness();
      await storageSynced(h);
      await approved(
        h,
        storageWith([], spec => {
          spec.spec.resources.find(
            r => r.manifest.kind === 'StatefulSet',
          )!.role = 'compute';
        }),
      );
      await passes(h, 2);
      await approved(h, storageWith([], withoutMongodb));
      await passes(h, 2);
      expect(deletesOf(h.sim, 'StatefulSet')).toEqual([]);
      expect(await existsLive(h, 'us-east', MONGODB)).toBe(true);
    });

    it('refuses an override that relabels ownership, and keeps data relabelled in the cluster', async () => {
      const h = await startHarness();
      await storageSynced(h);
      const relabel = storageWith([], spec => {
        spec.spec.overrides = [
          {
            clusters: { matchLabels: { jurisdiction: 'US' } },
            labels: { 'miniplanes.io/role': 'compute' },
          },
        ];
      });
      await expect(
        h.requests.file({
          entityRef: STORAGE,
          reason: 'relabel',
          spec: relabel,
          requestedBy: OWNER,
        }),
      ).rejects.toThrow(/spec\.overrides\[0\]\.labels.*miniplanes\.io\/role/);

      // Someone relabels the live StatefulSet by hand; it is still data.
      await mergePatchLive(h, 'us-east', 'kubectl-label', {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: {
          name: 'mongodb',
          namespace: 'miniplanes',
          labels: { 'miniplanes.io/role': 'compute' },
        },
      });
      await approved(h, storageWith([], withoutMongodb));
      await passes(h, 2);
      expect(deletesOf(h.sim, 'StatefulSet')).toEqual([]);
    });
  });

  describe('4. only its own objects', () => {
    const longName = (suffix: string) =>
      `reservations-${'x'.repeat(60)}-${suffix}`;
    const serviceNamed = (name: string, deployments: string[]) =>
      ({
        apiVersion: 'miniplanes.io/v1alpha1',
        kind: 'FederatedService',
        metadata: {
          name: name.slice(-20),
          entityRef: `component:default/${name}`,
          namespace: 'miniplanes',
        },
        spec: {
          placement: {
            clusterSelector: { matchLabels: { jurisdiction: 'US' } },
            replicas: { total: 2, mode: 'Duplicated' },
          },
          resources: deployments.map(d => ({
            role: 'compute',
            manifest: deploymentManifest({
              name: d,
              image: 'nginx:1',
              container: 'app',
            }),
          })),
        },
      } as unknown as FederatedService);

    it('keeps two services whose names share a long prefix apart', async () => {
      const h = await startHarness();
      await h.placement.putSpec({
        spec: serviceNamed(longName('a'), ['a-api']),
        source: 'seed',
      });
      await h.placement.putSpec({
        spec: serviceNamed(longName('b'), ['b-api']),
        source: 'seed',
      });
      await passes(h, 3);
      expect(deletesOf(h.sim)).toEqual([]);
      await approved(h, serviceNamed(longName('a'), ['a-api-v2']));
      await passes(h, 2);
      expect(deletesOf(h.sim).map(d => d.name)).toEqual(['a-api', 'a-api']);
      expect(
        await existsLive(h, 'us-east', {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: 'miniplanes',
          name: 'b-api',
        }),
      ).toBe(true);
    });

    it('never writes nor deletes an object another service applied', async () => {
      const h = await startHarness();
      await storageSynced(h);
      const sinceTaken = writesFromNow(h.sim);
      // Another service declares the storage service's Deployment.
      await h.placement.putSpec({
        spec: serviceNamed('squatter', ['storage']),
        source: 'seed',
      });
      await passes(h, 2);
      const squatterWrites = sinceTaken().filter(
        w => w.kind === 'Deployment' && w.name === 'storage',
      );
      expect(squatterWrites).toEqual([]);
      const status = await h.statusStore.list(['component:default/squatter']);
      expect(
        status.find(r => r.cluster === 'us-east')?.objects[0],
      ).toMatchObject({ state: 'Conflict' });
      // Dropping it from the squatter deletes nothing of storage's.
      await approved(h, serviceNamed('squatter', ['squatter-api']));
      await passes(h, 2);
      expect(deletesOf(h.sim, 'Deployment')).toEqual([]);
    });
  });

  describe('4. only its own objects: a Namespace it deletes', () => {
    /** A service of its own Namespace and a Deployment there, on the given US clusters. */
    const reports = (clusters: string[]) =>
      ({
        apiVersion: 'miniplanes.io/v1alpha1',
        kind: 'FederatedService',
        metadata: {
          name: 'reports',
          entityRef: 'component:default/reports',
          namespace: 'reports',
        },
        spec: {
          placement: {
            clusterSelector: {
              matchExpressions: [
                { key: 'region', operator: 'In', values: clusters },
              ],
            },
            replicas: { total: clusters.length, mode: 'Duplicated' },
          },
          resources: [
            {
              role: 'config',
              manifest: {
                apiVersion: 'v1',
                kind: 'Namespace',
                metadata: { name: 'reports' },
              },
            },
            {
              role: 'compute',
              manifest: deploymentManifest({
                name: 'reports-api',
                image: 'nginx:1',
                container: 'app',
              }),
            },
          ],
        },
      } as unknown as FederatedService);
    const NAMESPACE = { apiVersion: 'v1', kind: 'Namespace', name: 'reports' };
    const CRONJOB = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      namespace: 'reports',
      name: 'nightly-export',
    };

    it('keeps it while it holds someone else’s object of any kind, and deletes it once they are gone', async () => {
      const h = await startHarness();
      await h.placement.putSpec({
        spec: reports(['us-east-1', 'us-west-2']),
        source: 'seed',
      });
      await passes(h, 2);
      // Someone else runs a CronJob in the namespace, in us-east.
      await (
        await h.foreignApi('us-east')
      ).create({
        ...CRONJOB,
        metadata: { name: CRONJOB.name, namespace: CRONJOB.namespace },
        spec: {
          schedule: '0 2 * * *',
          jobTemplate: {
            spec: {
              template: {
                spec: {
                  restartPolicy: 'Never',
                  containers: [{ name: 'export', image: 'busybox:1' }],
                },
              },
            },
          },
        },
      } as any);

      // The service leaves us-east: its Deployment goes, the Namespace stays.
      await approved(h, reports(['us-west-2']));
      await passes(h, 3);
      expect(
        deletesOf(h.sim).map(d => `${d.cluster} ${d.kind} ${d.name}`),
      ).toEqual(['us-east Deployment reports-api']);
      expect(await existsLive(h, 'us-east', CRONJOB)).toBe(true);
      expect(await existsLive(h, 'us-east', NAMESPACE)).toBe(true);
      const status = await h.statusStore.list(['component:default/reports']);
      expect(
        status
          .find(r => r.cluster === 'us-east')
          ?.objects.find(o => o.kind === 'Namespace'),
      ).toMatchObject({
        state: 'Retained',
        message: expect.stringContaining('CronJob reports/nightly-export'),
      });

      // Once its owner removes it, the Namespace is deleted.
      await deleteLive(h, 'us-east', CRONJOB);
      await passes(h, 2);
      expect(await existsLive(h, 'us-east', NAMESPACE)).toBe(false);
    });
  });

  describe('2. no data outside its jurisdictions', () => {
    // Found by the invariants suite: the last good version the sync falls
    // back on wrote data where the latest approved version forbids it.
    it('writes no data where the latest approved version forbids it, even while an older version is the one synced', async () => {
      const h = await startHarness();
      const ledger = (residency: string[], overrides = false) =>
        ({
          apiVersion: 'miniplanes.io/v1alpha1',
          kind: 'FederatedService',
          metadata: {
            name: 'ledger',
            entityRef: 'component:default/ledger',
            namespace: 'ledger',
          },
          spec: {
            data: { residency },
            placement: { replicas: { total: 1, mode: 'Duplicated' } },
            resources: [
              {
                role: 'data',
                manifest: statefulSetManifest({
                  name: 'ledger-db',
                  image: 'mongo:7',
                  container: 'db',
                }),
              },
              {
                role: 'compute',
                manifest: deploymentManifest({
                  name: 'ledger-api',
                  image: 'api:1',
                  container: 'api',
                }),
              },
            ],
            ...(overrides ? { overrides: patchInUsEast9() } : {}),
          },
        } as unknown as FederatedService);
      await h.placement.putSpec({ spec: ledger(['US', 'IE']), source: 'seed' });
      await passes(h, 2);
      const dataIn = (cluster: string) =>
        existsLive(h, cluster, {
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          namespace: 'ledger',
          name: 'ledger-db',
        });
      expect(await dataIn('eu-west')).toBe(true);

      // Version 2 keeps the data in the US only; before the sync takes it, a
      // relabel makes it fail to render, so version 1 stays the one synced.
      await approved(h, ledger(['US'], true));
      h.setLocated('us-east', true, { region: 'us-east-9' });
      await h.fleetChanged();
      // Someone scales the copy left in Ireland.
      const since = writesFromNow(h.sim);
      await mergePatchLive(h, 'eu-west', 'kubectl-scale', {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'ledger-db', namespace: 'ledger' },
        spec: { replicas: 5 },
      });
      await passes(h, 3);
      expect(
        since()
          .filter(
            w =>
              w.cluster === 'eu-west' &&
              w.fieldManager === 'miniplanes' &&
              // SPIRE federation between the clusters that talk is access,
              // not data: the fleet's SPIRE clusters may get it meanwhile.
              !w.apiVersion?.startsWith('spire.spiffe.io/'),
          )
          .map(w => `${w.verb} ${w.kind} ${w.name}`),
      ).toEqual([]);
    });

    it('writes no data to a cluster relabelled out of the residency, and deletes none there', async () => {
      const h = await startHarness();
      await storageSynced(h);
      const since = writesFromNow(h.sim);
      // A catalog entity now says us-east is in France.
      h.setLocated('us-east', true, { jurisdiction: 'FR' });
      await h.fleetChanged();
      // Someone deletes the data Service there: it is not restored in France.
      await deleteLive(h, 'us-east', {
        apiVersion: 'v1',
        kind: 'Service',
        namespace: 'miniplanes',
        name: 'mongodb',
      });
      await passes(h, 3);
      const after = since().filter(
        w => w.cluster === 'us-east' && w.fieldManager === 'miniplanes',
      );
      expect(
        after.filter(w => w.kind === 'StatefulSet' || w.kind === 'Service'),
      ).toEqual([]);
      expect(deletesOf(h.sim, 'StatefulSet')).toEqual([]);
      expect(dataClustersOfStorage(await h.store.getService(STORAGE))).toEqual([
        'us-pet',
      ]);
    });
  });

  describe('3. data moves only by request', () => {
    it('gives a new cluster no data: the fleet change files a proposal instead', async () => {
      const h = await startWithSpare();
      await storageSynced(h);
      const dataBefore = (await h.store.getService(
        STORAGE,
      ))!.decision!.summary.find(s => s.role === 'data');

      h.setLocated('us-new', true);
      await h.fleetChanged();
      await passes(h, 3);

      const dataAfter = (await h.store.getService(
        STORAGE,
      ))!.decision!.summary.find(s => s.role === 'data');
      expect(dataAfter).toEqual(dataBefore);
      expect(
        h.sim
          .cluster('us-new')
          .writes()
          .filter(w => w.kind === 'StatefulSet' || w.kind === 'Service'),
      ).toEqual([]);
      const proposals = await h.requests.list({
        entityRef: STORAGE,
        status: 'pending',
      });
      expect(proposals).toHaveLength(1);
      expect(proposals[0].requestedBy).toBe('miniplanes:fleet');
      expect(proposals[0].diff.dataMoves).toContainEqual(
        expect.objectContaining({ cluster: 'us-new', kind: 'added' }),
      );
    });
  });

  describe('5. no approved request is lost', () => {
    it('tells approvers when an approved request waits too long, then fails it with what it waited for', async () => {
      const h = await startHarness();
      await storageSynced(h);
      // us-pet stops answering, but stays placed (the grace period runs).
      h.sim.cluster('us-pet').setOutage('refuse');
      const request = await approved(h, storageWith([], sixByCapacity));
      await passes(h, 1);
      expect((await h.requests.get(request.id)).status).toBe('approved');

      h.advanceClock(16 * 60_000);
      await passes(h, 1);
      const escalated = await h.requests.get(request.id);
      expect(escalated).toMatchObject({ status: 'approved' });
      expect(escalated.escalatedAt).toBeDefined();
      expect(
        h.notifications.filter(n =>
          n.payload.title.startsWith('Approved placement'),
        ),
      ).toEqual([
        expect.objectContaining({
          recipients: {
            type: 'entity',
            entityRef: 'group:default/platform-team',
          },
        }),
      ]);
      // Told once, not on every pass.
      await passes(h, 1);
      expect(
        h.notifications.filter(n =>
          n.payload.title.startsWith('Approved placement'),
        ),
      ).toHaveLength(1);

      h.advanceClock(24 * 3600_000);
      await passes(h, 1);
      const failed = await h.requests.get(request.id);
      expect(failed.status).toBe('failed');
      expect(failed.failure).toMatch(
        /^not applied within 24 h of approval; still waiting for us-pet/,
      );
      h.sim.cluster('us-pet').setOutage(undefined);
    });

    it('never fails a newer approved version with what an older one made of a pass that read the service before it', async () => {
      const h = await startWithSpare();
      await storageSynced(h);
      const broken = await approveVersionThatStopsRendering(h);
      expect((await h.requests.get(broken.id)).status).toBe('failed');

      // A pass reads the services; meanwhile version 3, which renders, is
      // approved; the pass then settles requests with what it read.
      const readBefore = await h.store.listServices();
      const fixed = await approved(h, storageWith([], sixByCapacity));
      await h.sync.syncServices(readBefore);
      expect(await h.requests.get(fixed.id)).toMatchObject({
        status: 'approved',
      });

      await passes(h, 2);
      expect((await h.requests.get(fixed.id)).status).toBe('applied');
    });
  });

  describe('7. unknown is not healthy', () => {
    it('never places on a cluster no locator finds, and requests do not wait for it', async () => {
      const h = await startWithSpare();
      await storagePlaced(h);
      const decision = (await h.store.getService(STORAGE, {
        fullDecision: true,
      }))!.decision!;
      const spare = decision.clusters.find(c => c.name === 'us-new')!;
      expect(spare.selected).toBe(false);
      expect(spare.reasons).toContainEqual(
        expect.objectContaining({ code: 'Health' }),
      );
      const profile = h.fleet
        .getFleet()
        .clusters.find(c => c.name === 'us-new')!;
      expect(profile.health).toMatchObject({
        healthy: false,
        status: 'Unknown',
      });
      const request = await approved(h, storageWith([], sixByCapacity));
      await passes(h, 4);
      await sleep(500);
      await passes(h, 2);
      expect((await h.requests.get(request.id)).status).toBe('applied');
    });
  });

  describe('6. a bad version never stops the rest', () => {
    it('refuses at filing a version whose override does not apply on some cluster', async () => {
      const h = await startHarness();
      await storagePlaced(h);
      const bad = storageWith([], spec => {
        spec.spec.overrides = [
          {
            clusters: { matchLabels: { region: 'us-west-2' } },
            resource: { kind: 'Deployment' },
            patches: [{ op: 'replace', path: '/spec/nothing/here', value: 1 }],
          },
        ];
      });
      await expect(
        h.requests.file({
          entityRef: STORAGE,
          reason: 'bad patch',
          spec: bad,
          requestedBy: OWNER,
        }),
      ).rejects.toThrow(/spec\.overrides\[0\]\.patches.*us-pet/);
    });

    it('keeps the last good version synced, repairs drift, and fails the request of a version that stops rendering', async () => {
      const h = await startWithSpare();
      await storageSynced(h);
      const request = await approveVersionThatStopsRendering(h);
      const failed = await h.requests.get(request.id);
      expect(failed.status).toBe('failed');
      expect(failed.failure).toMatch(/us-new/);

      // Drift is still repaired under the last good version.
      const storageApi = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'miniplanes',
        name: 'storage',
      };
      await deleteLive(h, 'us-east', storageApi);
      await passes(h, 2);
      expect(await existsLive(h, 'us-east', storageApi)).toBe(true);
    });
  });
});
