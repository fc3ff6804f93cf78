import { cloneJson } from './cloneJson';

describe('cloneJson', () => {
  const manifest = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', labels: { app: 'api' } },
    spec: {
      replicas: 3,
      paused: false,
      strategy: null,
      template: {
        spec: {
          containers: [
            { name: 'api', args: ['--port', '8080'], ports: [{ port: 80 }] },
          ],
        },
      },
    },
  };

  it('copies JSON data whole, in the same key order', () => {
    const copy = cloneJson(manifest);
    expect(copy).toEqual(manifest);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(manifest));
  });

  it('shares no object or array with what it copied, so the copy can be changed freely', () => {
    const original = JSON.parse(JSON.stringify(manifest));
    const copy = cloneJson(original);
    copy.metadata.labels.app = 'changed';
    copy.spec.template.spec.containers[0].args.push('--debug');
    copy.spec.template.spec.containers[0].ports[0].port = 81;
    expect(original).toEqual(manifest);
  });

  it('copies a frozen value into one that is not', () => {
    const frozen = Object.freeze({ spec: Object.freeze({ replicas: 1 }) });
    const copy = cloneJson(frozen) as { spec: { replicas: number } };
    copy.spec.replicas = 2;
    expect(copy.spec.replicas).toBe(2);
  });

  it('keeps a __proto__ key of JSON data as a key, not as the prototype', () => {
    const parsed = JSON.parse('{"metadata":{"__proto__":{"polluted":true}}}');
    const copy = cloneJson(parsed);
    expect(Object.keys(copy.metadata)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(copy.metadata)).toBe(Object.prototype);
    expect(copy.metadata.polluted).toBeUndefined();
  });
});
