import { deployment } from '../__testUtils__/deployment';
import { clone } from '../kube/clone';
import { KubeObject } from '../kube/types';
import { ResourceType } from '../resources/ResourceType';
import { SimulatedCluster } from '../SimulatedCluster';
import { SYSTEM_CONTEXT } from './options';

const ctx = { ...SYSTEM_CONTEXT, fieldManager: 'test-controller' };

describe('status writes', () => {
  let cluster: SimulatedCluster;

  beforeEach(async () => {
    cluster = await SimulatedCluster.start({ name: 'status' });
    cluster.controllers.paused = true;
  });

  afterEach(() => cluster.stop());

  const createDeployment = () => {
    const type = cluster.registry.find('apps', 'v1', 'deployments')!;
    const stored = cluster.ops.create(
      type,
      'default',
      deployment('web', { replicas: 0 }),
      ctx,
    );
    return { type, stored };
  };

  /** A client's write of `status` to `stored` through the status subresource. */
  const writeStatus = (
    type: ResourceType,
    stored: KubeObject,
    status: unknown,
  ) =>
    cluster.ops.update(
      type,
      'default',
      stored.metadata.name!,
      { ...stored, status },
      ctx,
      'status',
    );

  it('stores a new version that shares all but metadata and status with the previous one, which stays as it was', () => {
    const { type, stored } = createDeployment();
    const before = JSON.stringify(stored);
    const next = writeStatus(type, stored, { observedGeneration: 1 });
    expect(next.status).toEqual({ observedGeneration: 1 });
    expect(Number(next.metadata.resourceVersion)).toBeGreaterThan(
      Number(stored.metadata.resourceVersion),
    );
    expect(next.spec).toBe(stored.spec);
    expect(next.metadata).not.toBe(stored.metadata);
    expect(JSON.stringify(stored)).toBe(before);
    expect(next.metadata.managedFields?.map(e => e.subresource)).toEqual([
      undefined,
      'status',
    ]);
  });

  it('tells when a status write would store nothing: the stored version, an equal status, a status subresource', () => {
    const { type, stored } = createDeployment();
    expect(
      cluster.ops.storesNoStatusChange(type, stored, clone(stored.status)),
    ).toBe(true);
    expect(
      cluster.ops.storesNoStatusChange(type, stored, { replicas: 1 }),
    ).toBe(false);
    const next = writeStatus(type, stored, { replicas: 1 });
    expect(cluster.ops.storesNoStatusChange(type, next, { replicas: 1 })).toBe(
      true,
    );
    // An older version: the write would meet a conflict, not store nothing.
    expect(
      cluster.ops.storesNoStatusChange(type, stored, clone(stored.status)),
    ).toBe(false);
    const configMaps = cluster.registry.find('', 'v1', 'configmaps')!;
    const configMap = cluster.ops.create(
      configMaps,
      'default',
      { metadata: { name: 'c' } },
      ctx,
    );
    expect(
      cluster.ops.storesNoStatusChange(configMaps, configMap, configMap.status),
    ).toBe(false);
  });

  it('stores nothing when a controller rewrites an equal status, and still meets a conflict with an older version', () => {
    const { type, stored } = createDeployment();
    const status = { observedGeneration: 1 };
    const written = cluster.controllers.ctx.writeStatus(
      type,
      stored,
      status,
      'test-controller',
    )!;
    expect(written.status).toEqual(status);
    const log = cluster.writes({ includeControllers: true }).length;
    const rv = cluster.store.resourceVersion;

    expect(
      cluster.controllers.ctx.writeStatus(
        type,
        written,
        { observedGeneration: 1 },
        'test-controller',
      ),
    ).toBe(written);
    expect(cluster.writes({ includeControllers: true }).length).toBe(log);
    expect(cluster.store.resourceVersion).toBe(rv);
    // Written from the version before: a conflict, which controllers tolerate.
    expect(
      cluster.controllers.ctx.writeStatus(
        type,
        stored,
        status,
        'test-controller',
      ),
    ).toBeUndefined();
  });
});
