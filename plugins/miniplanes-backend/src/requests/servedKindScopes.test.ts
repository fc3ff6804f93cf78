import { TestDatabases } from '@backstage/backend-test-utils';
import { FederatedService } from '@miniplanes/plugin-miniplanes-common';
import {
  exampleService,
  startSyncHarness,
  SyncHarness,
} from '../__testUtils__/syncHarness';
import { customResourceDefinition } from '../__testUtils__/sync/customResourceDefinition';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** The UI with custom resources of kinds it does not define. */
function uiWith(...manifests: Record<string, unknown>[]): FederatedService {
  const spec = exampleService('ui');
  spec.spec.resources.push(
    ...manifests.map(manifest => ({
      role: 'config' as const,
      manifest:
        manifest as FederatedService['spec']['resources'][number]['manifest'],
    })),
  );
  return spec;
}

describe('filing custom kinds whose definitions are only in the clusters', () => {
  let h: SyncHarness;
  afterEach(() => h?.stop());

  it('flags a kind a cluster serves cluster-scoped, or that no cluster serves, as cluster-wide power; a namespaced one not', async () => {
    h = await startSyncHarness({ databases });
    // Someone installed a cluster-scoped Tenant kind in one cluster only.
    await (
      await h.foreignApi('us-pet')
    ).create(
      customResourceDefinition({
        group: 'example.com',
        kind: 'Tenant',
        plural: 'tenants',
        scope: 'Cluster',
      }),
    );
    const filed = await h.requests.file({
      entityRef: 'component:default/ui',
      reason: 'tenancy and monitoring',
      requestedBy: 'user:default/kim',
      spec: uiWith(
        {
          apiVersion: 'example.com/v1',
          kind: 'Tenant',
          metadata: { name: 'ui' },
        },
        {
          apiVersion: 'widgets.example.org/v1',
          kind: 'Widget',
          metadata: { name: 'ui' },
        },
        // The demo's US clusters run Prometheus' operator: namespaced.
        {
          apiVersion: 'monitoring.coreos.com/v1',
          kind: 'ServiceMonitor',
          metadata: { name: 'ui' },
          spec: { selector: { matchLabels: { app: 'ui' } } },
        },
      ),
    });
    expect(
      filed.impact?.privileged.map(
        p => `${p.kind} ${p.clusterWide}: ${p.reason}`,
      ),
    ).toEqual([
      'Tenant true: cluster-scoped: the clusters serve example.com/Tenant as a cluster-scoped kind',
      'Widget true: scope unknown: no connected cluster serves widgets.example.org/Widget yet, so it is treated as cluster-wide',
    ]);
  });
});
