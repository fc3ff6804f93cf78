import { ConfigReader } from '@backstage/config';
import { readSyncConfig } from './readSyncConfig';

describe('readSyncConfig', () => {
  const withSync = (sync: object) => new ConfigReader({ miniplanes: { sync } });

  it('syncs the whole fleet as one shard unless told', () => {
    expect(readSyncConfig(new ConfigReader({})).shards).toBe(1);
    expect(readSyncConfig(withSync({ shards: 4 })).shards).toBe(4);
  });

  it.each([0, -1, 1.5, 65])(
    'refuses %p shards, naming the key and the range',
    shards => {
      expect(() => readSyncConfig(withSync({ shards }))).toThrow(
        `Invalid config at miniplanes.sync.shards: expected a whole number from 1 to 64, got ${shards}`,
      );
    },
  );
});
