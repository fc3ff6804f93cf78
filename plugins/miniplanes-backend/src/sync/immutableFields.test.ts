import { FederatedService } from '@miniplanes/plugin-miniplanes-common';
import { exampleService, SyncHarness } from '../__testUtils__/syncHarness';
import { OWNER } from '../__testUtils__/sync/approvedRequest';
import { syncHarnessPerTest } from '../__testUtils__/sync/harnessPerTest';
import { readLive } from '../__testUtils__/sync/liveObjects';
import { sleep } from '../__testUtils__/sync/syncPasses';

jest.setTimeout(60_000);

const mongodb = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  namespace: 'miniplanes',
  name: 'mongodb',
};

/** Rolls storage out and waits until its pods are ready. */
async function rolledOut(h: SyncHarness) {
  await h.placement.putSpec({ spec: exampleService('storage'), source: 'api' });
  await h.sync.syncAll();
  await sleep(300);
  await h.sync.syncAll();
}

/** The storage service with its MongoDB StatefulSet's spec changed by `change`. */
function storageWith(
  change: (spec: Record<string, unknown>) => void,
): FederatedService {
  const spec = structuredClone(exampleService('storage'));
  const resource = spec.spec.resources.find(
    r => r.manifest.kind === 'StatefulSet',
  )!;
  change(resource.manifest.spec as Record<string, unknown>);
  return spec;
}

describe('changes Kubernetes refuses on objects that exist', () => {
  const startHarness = syncHarnessPerTest();

  it('are refused at filing, naming the field and the clusters that hold the object', async () => {
    const h = await startHarness();
    await rolledOut(h);
    const renamed = storageWith(spec => {
      spec.serviceName = 'mongo';
    });
    await expect(
      h.requests.file({
        entityRef: renamed.metadata.entityRef,
        reason: 'rename the headless service',
        spec: renamed,
        requestedBy: OWNER,
      }),
    ).rejects.toThrow(
      /^the proposed version changes what Kubernetes does not let change on objects that exist:\n {2}spec\.resources\[1\]\.manifest\.spec\.serviceName: Kubernetes refuses to change a StatefulSet's serviceName once it exists .*: keep it as the current version has it \(it exists in us-east, us-pet\)$/,
    );
    // What Kubernetes lets change is filed as before.
    const scaled = storageWith(spec => {
      spec.replicas = 4;
    });
    await expect(
      h.requests.file({
        entityRef: scaled.metadata.entityRef,
        reason: 'one more replica',
        spec: scaled,
        requestedBy: OWNER,
      }),
    ).resolves.toMatchObject({ status: 'pending' });
    expect((await readLive(h, 'us-east', mongodb)).spec.serviceName).toBe(
      'mongodb',
    );
  });
});
