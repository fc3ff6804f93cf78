import { applyStrategicMergePatch } from './strategicMergePatch';

const pod = {
  spec: {
    containers: [
      {
        name: 'web',
        image: 'nginx:1',
        env: [{ name: 'A', value: '1' }],
        ports: [{ containerPort: 80 }],
      },
      { name: 'proxy', image: 'envoy:1' },
    ],
    tolerations: [{ key: 'a', operator: 'Exists' }],
  },
  metadata: { finalizers: ['x'] },
};

describe('strategic merge patch', () => {
  it('merges containers, env and ports by their merge keys', () => {
    const result = applyStrategicMergePatch(pod, {
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:2',
            env: [{ name: 'B', value: '2' }],
            ports: [{ containerPort: 443 }],
          },
        ],
      },
    }) as any;
    expect(result.spec.containers).toEqual([
      {
        name: 'web',
        image: 'nginx:2',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
        ports: [{ containerPort: 80 }, { containerPort: 443 }],
      },
      { name: 'proxy', image: 'envoy:1' },
    ]);
  });

  it('replaces lists without a merge key and unions finalizers', () => {
    const result = applyStrategicMergePatch(pod, {
      spec: { tolerations: [{ key: 'b', operator: 'Exists' }] },
      metadata: { finalizers: ['y'] },
    }) as any;
    expect(result.spec.tolerations).toEqual([{ key: 'b', operator: 'Exists' }]);
    expect(result.metadata.finalizers).toEqual(['x', 'y']);
  });

  it('honours $patch: delete, $setElementOrder and null', () => {
    const result = applyStrategicMergePatch(pod, {
      spec: {
        containers: [{ name: 'proxy', $patch: 'delete' }],
        '$setElementOrder/containers': [{ name: 'web' }],
        tolerations: null,
      },
    }) as any;
    expect(result.spec.containers.map((c: any) => c.name)).toEqual(['web']);
    expect(result.spec).not.toHaveProperty('tolerations');
  });
});
