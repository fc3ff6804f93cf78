import { InMemoryClusterClient } from '../__testUtils__/InMemoryClusterClient';
import { inventoryEntry } from '../__testUtils__/sync/inventoryEntry';
import { ClusterCallError } from '../cluster/clusterErrors';
import { KubeObject, objectKey } from '../cluster/objectIdentity';
import { DeleteContext, whyKeep } from './deleteGuards';

const NAMESPACE_ENTRY = inventoryEntry(
  { cluster: 'us-east', entityRef: 'component:default/reports' },
  { apiVersion: 'v1', kind: 'Namespace', name: 'reports' },
  { role: 'config', state: 'applied', specVersion: 1 },
);
const NAMESPACE = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'reports' },
};

/** A cluster that refuses to list one kind, as RBAC may. */
class RefusingClient extends InMemoryClusterClient {
  async list(
    apiVersion: string,
    kind: string,
    labelSelector: string,
    namespace?: string,
  ) {
    if (kind === 'Backup')
      throw new ClusterCallError(
        'us-east',
        'cluster us-east refused to list backups.example.com: forbidden',
        403,
        false,
        undefined,
      );
    return super.list(apiVersion, kind, labelSelector, namespace);
  }
}

/** Why the namespace `reports` is kept, in a cluster holding these objects there. */
async function whyKeepHolding(
  objects: KubeObject[],
  Client: typeof InMemoryClusterClient = InMemoryClusterClient,
) {
  const client = new Client(
    'us-east',
    new Set([
      'v1/Namespace',
      'v1/ConfigMap',
      'v1/Secret',
      'v1/ServiceAccount',
      'v1/Event',
      'v1/Pod',
      'v1/PersistentVolumeClaim',
      'batch/v1/CronJob',
      'example.com/v1/Backup',
    ]),
  );
  for (const object of objects) client.objects.set(objectKey(object), object);
  const context: DeleteContext = {
    client,
    clusterInventory: async () => [NAMESPACE_ENTRY],
    deleting: new Set(),
  };
  return whyKeep(NAMESPACE_ENTRY, NAMESPACE, context);
}

function inReports(
  apiVersion: string,
  kind: string,
  name: string,
  extra: { uid?: string; ownerUid?: string; type?: string } = {},
): KubeObject {
  return {
    apiVersion,
    kind,
    ...(extra.type ? { type: extra.type } : {}),
    metadata: {
      name,
      namespace: 'reports',
      ...(extra.uid ? { uid: extra.uid } : {}),
      ...(extra.ownerUid
        ? {
            ownerReferences: [
              {
                apiVersion: 'batch/v1',
                kind: 'Job',
                name: 'owner',
                uid: extra.ownerUid,
              },
            ],
          }
        : {}),
    },
  };
}

/** What every namespace holds without anyone having made it. */
const defaults = [
  inReports('v1', 'ConfigMap', 'kube-root-ca.crt'),
  inReports('v1', 'ServiceAccount', 'default'),
  inReports('v1', 'Event', 'reports-api.17f2'),
  inReports('v1', 'Secret', 'default-token-x1', {
    type: 'kubernetes.io/service-account-token',
  }),
];

describe('whyKeep a Namespace', () => {
  it('lets a namespace go that holds only what the cluster made there', async () => {
    expect(await whyKeepHolding(defaults)).toBeUndefined();
  });

  it.each([
    ['a CronJob', inReports('batch/v1', 'CronJob', 'nightly-export')],
    ['a custom resource', inReports('example.com/v1', 'Backup', 'weekly')],
    [
      'a ServiceAccount of its own',
      inReports('v1', 'ServiceAccount', 'exporter'),
    ],
    [
      'a Pod whose owner is not in the namespace',
      inReports('v1', 'Pod', 'exporter-abcde', { ownerUid: 'elsewhere' }),
    ],
    [
      'a storage claim, even one with an owner there',
      inReports('v1', 'PersistentVolumeClaim', 'data-0', {
        ownerUid: 'cron-uid',
      }),
    ],
  ])(
    'keeps it while it holds someone else’s object of any kind: %s',
    async (_, object) => {
      const reason = await whyKeepHolding([
        ...defaults,
        inReports('batch/v1', 'CronJob', 'owner-of-pods', { uid: 'cron-uid' }),
        object,
      ]);
      expect(reason).toContain('objects miniplanes did not apply');
      expect(reason).toContain(
        `${object.kind} reports/${object.metadata.name}`,
      );
    },
  );

  it('names an owner in the namespace, not what a controller made for it', async () => {
    const reason = await whyKeepHolding([
      ...defaults,
      inReports('batch/v1', 'CronJob', 'nightly-export', { uid: 'cron-uid' }),
      inReports('v1', 'Pod', 'nightly-export-28311-abcde', {
        ownerUid: 'cron-uid',
      }),
    ]);
    expect(reason).toContain('CronJob reports/nightly-export');
    expect(reason).not.toContain('Pod');
  });

  it('keeps it when it cannot list a kind there, and says why', async () => {
    const reason = await whyKeepHolding(defaults, RefusingClient);
    expect(reason).toBe(
      'cannot tell what deleting Namespace reports would delete: cluster us-east refused to list backups.example.com: forbidden',
    );
  });
});
