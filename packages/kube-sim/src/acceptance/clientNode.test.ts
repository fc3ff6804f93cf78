import type * as k8s from '@kubernetes/client-node';
import { SimulatedCluster } from '../SimulatedCluster';
import { kubeConfigFor } from '../__testUtils__/clientNode';
import { deployment } from '../__testUtils__/deployment';
import { startAcceptanceCluster } from '../__testUtils__/testFleet';

/** Checklist item 34: @kubernetes/client-node 2 against kube-sim over TLS with the cluster CA. */
jest.setTimeout(60_000);

describe('@kubernetes/client-node against kube-sim', () => {
  let cluster: SimulatedCluster;
  let client: typeof k8s;
  let kc: k8s.KubeConfig;

  beforeAll(async () => {
    ({ cluster } = await startAcceptanceCluster('client-node'));
    ({ client, kc } = await kubeConfigFor(cluster));
  });

  afterAll(() => cluster?.stop());

  const configMap = (name: string, data: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default', labels: { suite: 'client-node' } },
    data,
  });

  /** What KubernetesObjectApi needs to find a ConfigMap of `default`. */
  const configMapRef = (name: string) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default' },
  });

  it('works through KubernetesObjectApi: create, read, list, the three patches, errors, delete', async () => {
    const api = client.KubernetesObjectApi.makeApiClient(kc);
    await api.create(configMap('one', { a: '1' }));
    const read = await api.read(configMapRef('one'));
    expect((read as any).data).toEqual({ a: '1' });
    const listed = await api.list(
      'v1',
      'ConfigMap',
      'default',
      undefined,
      undefined,
      undefined,
      undefined,
      'suite=client-node',
    );
    expect(listed.items.map(i => i.metadata?.name)).toEqual(['one']);

    await api.patch(
      configMap('one', { b: '2' }),
      undefined,
      undefined,
      'miniplanes',
      true,
      client.PatchStrategy.ServerSideApply,
    );
    const applied = (await api.read(configMapRef('one'))) as any;
    expect(applied.data).toEqual({ a: '1', b: '2' });
    expect(applied.metadata.managedFields.map((m: any) => m.manager)).toContain(
      'miniplanes',
    );

    await api.patch(
      { ...configMap('one', {}), data: { c: '3' } },
      undefined,
      undefined,
      undefined,
      undefined,
      client.PatchStrategy.MergePatch,
    );
    await api.patch({ ...configMap('one', {}), data: { d: '4' } });
    const patched = (await api.read(configMapRef('one'))) as any;
    expect(patched.data).toEqual({ a: '1', b: '2', c: '3', d: '4' });

    await expect(api.create(configMap('one', {}))).rejects.toMatchObject({
      code: 409,
    });
    await expect(api.read(configMapRef('missing'))).rejects.toMatchObject({
      code: 404,
    });
    await api.delete(configMapRef('one'));
    await expect(api.read(configMapRef('one'))).rejects.toMatchObject({
      code: 404,
    });
  });

  it('works through AppsV1Api, including /scale and a stale replace', async () => {
    const apps = kc.makeApiClient(client.AppsV1Api);
    const body = deployment('api', { image: 'api:1' });
    const created = await apps.createNamespacedDeployment({
      namespace: 'default',
      body,
    });
    expect(created.metadata?.uid).toBeTruthy();
    await apps.patchNamespacedDeploymentScale(
      { name: 'api', namespace: 'default', body: { spec: { replicas: 3 } } },
      client.setHeaderOptions('Content-Type', client.PatchStrategy.MergePatch),
    );
    const read = await apps.readNamespacedDeployment({
      name: 'api',
      namespace: 'default',
    });
    expect(read.spec?.replicas).toBe(3);
    const list = await apps.listNamespacedDeployment({ namespace: 'default' });
    expect(list.items.map(d => d.metadata?.name)).toContain('api');
    const stale = { ...created, spec: { ...created.spec!, replicas: 5 } };
    await expect(
      apps.replaceNamespacedDeployment({
        name: 'api',
        namespace: 'default',
        body: stale,
      }),
    ).rejects.toMatchObject({ code: 409 });
  });

  it('delivers watch events', async () => {
    const core = kc.makeApiClient(client.CoreV1Api);
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: configMap('watched', { v: '1' }),
    });
    const events: string[] = [];
    const watch = new client.Watch(kc);
    const seen = new Promise<void>(resolve => {
      watch
        .watch(
          '/api/v1/namespaces/default/configmaps',
          { fieldSelector: 'metadata.name=watched' },
          type => {
            events.push(type);
            if (type === 'MODIFIED') resolve();
          },
          () => undefined,
        )
        .then(req => setTimeout(() => req.abort(), 10_000).unref());
    });
    await new Promise(r => setTimeout(r, 300));
    await core.patchNamespacedConfigMap(
      { name: 'watched', namespace: 'default', body: { data: { v: '2' } } },
      client.setHeaderOptions('Content-Type', client.PatchStrategy.MergePatch),
    );
    await seen;
    expect(events).toEqual(['ADDED', 'MODIFIED']);
  });

  it('feeds an informer with add, update and delete', async () => {
    const core = kc.makeApiClient(client.CoreV1Api);
    const informer = client.makeInformer(
      kc,
      '/api/v1/namespaces/default/configmaps',
      () =>
        core.listNamespacedConfigMap({
          namespace: 'default',
          labelSelector: 'informer=yes',
        }),
      'informer=yes',
    );
    const seen: string[] = [];
    const waitFor = (event: string) =>
      new Promise<void>(resolve => {
        const check = () =>
          seen.includes(event) ? resolve() : setTimeout(check, 20);
        check();
      });
    informer.on('add', o => seen.push(`add:${o.metadata?.name}`));
    informer.on('update', o => seen.push(`update:${o.metadata?.name}`));
    informer.on('delete', o => seen.push(`delete:${o.metadata?.name}`));
    await informer.start();
    const body = {
      metadata: { name: 'inf', labels: { informer: 'yes' } },
      data: { v: '1' },
    };
    await core.createNamespacedConfigMap({ namespace: 'default', body });
    await waitFor('add:inf');
    await core.replaceNamespacedConfigMap({
      name: 'inf',
      namespace: 'default',
      body: { ...body, data: { v: '2' } },
    });
    await waitFor('update:inf');
    await core.deleteNamespacedConfigMap({ name: 'inf', namespace: 'default' });
    await waitFor('delete:inf');
    await informer.stop();
    expect(seen).toEqual(['add:inf', 'update:inf', 'delete:inf']);
  });
});
