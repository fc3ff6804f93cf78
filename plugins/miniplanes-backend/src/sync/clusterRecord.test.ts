import { deepFreeze } from '../lib/deepFreeze';
import { desiredSetHash } from './clusterRecord';
import { DesiredObject } from './planClusterSync';

const configMap = (
  value: string,
  data: { value: string } = { value },
): DesiredObject => ({
  role: 'config',
  manifest: {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: 'team' },
    data,
  },
});

describe('desiredSetHash', () => {
  it('hashes a frozen list (a cached render) as it hashes an equal list', () => {
    const frozen = deepFreeze([configMap('a')]);
    expect(desiredSetHash(frozen)).toBe(desiredSetHash([configMap('a')]));
    expect(desiredSetHash(frozen)).toBe(desiredSetHash([configMap('a')]));
    expect(desiredSetHash(frozen)).not.toBe(desiredSetHash([configMap('b')]));
  });

  it('hashes a list that can change afresh each time', () => {
    const data = { value: 'a' };
    const list = [configMap('a', data)];
    const before = desiredSetHash(list);
    data.value = 'b';
    expect(desiredSetHash(list)).not.toBe(before);
    expect(desiredSetHash(list)).toBe(desiredSetHash([configMap('b')]));
  });

  it('hashes afresh a frozen list whose manifests can still change', () => {
    const data = { value: 'a' };
    const item = configMap('a', data);
    const list = Object.freeze([Object.freeze(item)]);
    const before = desiredSetHash(list as DesiredObject[]);
    data.value = 'b';
    expect(desiredSetHash(list as DesiredObject[])).not.toBe(before);
  });
});
