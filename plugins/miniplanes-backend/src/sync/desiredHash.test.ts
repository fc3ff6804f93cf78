import { DESIRED_HASH_ANNOTATION } from '../cluster/labels';
import { KubeObject } from '../cluster/objectIdentity';
import { withDesiredHash } from './desiredHash';

const spec = {
  replicas: 3,
  paused: false,
  selector: { matchLabels: { app: 'payments' } },
  template: {
    metadata: { labels: { app: 'payments' } },
    spec: {
      containers: [
        {
          name: 'api',
          image: 'registry.example.com/payments:1.4.2',
          args: ['--port', '8080', 'quote "a"\n'],
          ports: [{ containerPort: 8080 }],
          env: [undefined, { name: 'ZONE', value: 'é✓' }],
          resources: { requests: { cpu: '500m', memory: null } },
        },
      ],
    },
  },
};

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'payments',
    namespace: 'payments',
    labels: { app: 'payments', 'miniplanes.io/service': 'payments' },
  },
  spec,
};

const hashOf = (manifest: KubeObject) =>
  withDesiredHash(manifest).metadata.annotations?.[DESIRED_HASH_ANNOTATION];

describe('withDesiredHash', () => {
  it('gives the hash every live object already carries, so an upgrade rewrites nothing', () => {
    expect(hashOf(deployment)).toBe('97a093658b6a452d4fd4');
  });

  it('hashes the content, not the order of its keys nor its undefined fields', () => {
    const reordered: KubeObject = {
      spec: { ...spec, replicas: 3, unset: undefined },
      metadata: { ...deployment.metadata },
      kind: 'Deployment',
      apiVersion: 'apps/v1',
    };
    expect(hashOf(reordered)).toBe(hashOf(deployment));
  });

  it('orders keys as the default sort does, by UTF-16 code units, few or many', () => {
    const keys = (n: number) =>
      Array.from({ length: n }, (_, i) => [`k${i}`, `K${i}`, `é${i}`, `_${i}`])
        .flat()
        .map((key, i) => [key, String(i)] as const);
    const configMap = (entries: (readonly [string, string])[]): KubeObject => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'payments' },
      data: Object.fromEntries(entries),
    });
    // 12 keys and 160: sorted apart from the few, the many by the engine's sort.
    expect(hashOf(configMap(keys(3)))).toBe('ff39e910ee17fc6d38f7');
    expect(hashOf(configMap(keys(3).reverse()))).toBe('ff39e910ee17fc6d38f7');
    expect(hashOf(configMap(keys(40)))).toBe('849c1f4c08481687102b');
    expect(hashOf(configMap(keys(40).reverse()))).toBe('849c1f4c08481687102b');
  });

  it('tells apart manifests that differ in a value, an array order or a type', () => {
    const change = (fields: Record<string, unknown>) =>
      hashOf({ ...deployment, spec: { ...spec, ...fields } });
    const hashes = [
      hashOf(deployment),
      change({ replicas: 4 }),
      change({ replicas: '3' }),
      change({ paused: null }),
      change({ selector: { matchLabels: { app: 'payment' } } }),
      change({ extra: [1, 2] }),
      change({ extra: [2, 1] }),
    ];
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('hashes a frozen manifest once, and keeps the manifest itself unchanged', () => {
    const frozen = Object.freeze({ ...deployment });
    const first = withDesiredHash(frozen);
    expect(withDesiredHash(frozen)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(frozen.metadata.annotations).toBeUndefined();
  });
});
