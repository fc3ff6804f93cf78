import {
  eachStoreDatabase,
  onFreshDatabase,
} from '../__testUtils__/storeDatabases';
import { DatabaseSovereigntyStore } from './DatabaseSovereigntyStore';

jest.setTimeout(60_000);

describe('DatabaseSovereigntyStore', () => {
  it.each(eachStoreDatabase())(
    'records a first sighting and each change once, whichever replica sees it (%p)',
    onFreshDatabase(async ({ database }) => {
      let clock = Date.parse('2026-12-03T08:00:00Z');
      const now = () => new Date(clock);
      const replicaA = await DatabaseSovereigntyStore.create({ database, now });
      const replicaB = await DatabaseSovereigntyStore.create({ database, now });

      const seen = [
        {
          cluster: 'eu-west',
          label: 'jurisdiction',
          value: 'IE',
          source: 'fleet file',
        },
        // A cluster nothing gives a jurisdiction is not a change.
        { cluster: 'lab', label: 'jurisdiction' },
      ];
      expect(await replicaA.observe(seen)).toEqual([
        {
          at: '2026-12-03T08:00:00.000Z',
          cluster: 'eu-west',
          label: 'jurisdiction',
          to: 'IE',
          source: 'fleet file',
        },
      ]);
      // The other replica saw the same fleet: nothing new.
      expect(await replicaB.observe(seen)).toEqual([]);

      clock += 60_000;
      const relabelled = [
        {
          cluster: 'eu-west',
          label: 'jurisdiction',
          value: 'US',
          source: 'config',
        },
      ];
      // Both replicas saw IE and now see US: exactly one records it.
      const [a, b] = await Promise.all([
        replicaA.observe(relabelled),
        replicaB.observe(relabelled),
      ]);
      expect([...a, ...b]).toEqual([
        {
          at: '2026-12-03T08:01:00.000Z',
          cluster: 'eu-west',
          label: 'jurisdiction',
          from: 'IE',
          to: 'US',
          source: 'config',
        },
      ]);

      clock += 60_000;
      expect(
        await replicaB.observe([{ cluster: 'eu-west', label: 'jurisdiction' }]),
      ).toEqual([expect.objectContaining({ from: 'US', source: 'no source' })]);

      const changes = await replicaA.listChanges();
      expect(changes.map(c => `${c.from ?? '-'}>${c.to ?? '-'}`)).toEqual([
        'US>-',
        'IE>US',
        '->IE',
      ]);
      expect(await replicaA.listChanges({ limit: 1 })).toHaveLength(1);
    }),
  );
});
