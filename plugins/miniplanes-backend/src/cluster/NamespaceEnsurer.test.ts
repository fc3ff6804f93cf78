import { InMemoryClusterClient } from '../__testUtils__/InMemoryClusterClient';
import { NamespaceEnsurer } from './NamespaceEnsurer';

describe('NamespaceEnsurer', () => {
  it('creates a missing namespace once', async () => {
    const client = new InMemoryClusterClient('us-east');
    const ensurer = new NamespaceEnsurer(client);
    await Promise.all([ensurer.ensure('shop'), ensurer.ensure('shop')]);
    expect(client.writes).toEqual([
      { verb: 'create', key: '/Namespace//shop' },
    ]);
  });

  it('reads a namespace once, whether asked if it exists or to ensure it, and knows the one it created', async () => {
    const client = new InMemoryClusterClient('us-east');
    const read = client.get.bind(client);
    let reads = 0;
    client.get = async ref => {
      reads += 1;
      return read(ref);
    };
    const ensurer = new NamespaceEnsurer(client);
    // Nothing known before a read; the read under way once it started.
    expect(ensurer.known('shop')).toBeUndefined();
    const reading = ensurer.exists('shop');
    expect(ensurer.known('shop')).toBe(reading);
    expect(await reading).toBe(false);
    await ensurer.ensure('shop');
    expect(await ensurer.exists('shop')).toBe(true);
    expect(await ensurer.known('shop')).toBe(true);
    expect(reads).toBe(1);
    expect(client.writes).toEqual([
      { verb: 'create', key: '/Namespace//shop' },
    ]);
  });

  // Found by the invariants suite: a service's Namespace applied between the
  // ensurer's read and its write lost the service's labels to the
  // ensurer's bare apply (same field manager), so miniplanes relabelled an
  // object it had applied for that service.
  it('never changes a namespace that appeared after it looked', async () => {
    const client = new InMemoryClusterClient('us-east');
    const owned = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'shop',
        labels: { 'app.kubernetes.io/managed-by': 'miniplanes' },
        annotations: { 'miniplanes.io/service': 'component:default/shop' },
      },
    };
    // The service's apply lands right after the ensurer's read.
    const read = client.get.bind(client);
    client.get = async ref => {
      const found = await read(ref);
      await client.apply(owned);
      client.writes.length = 0;
      return found;
    };
    await new NamespaceEnsurer(client).ensure('shop');
    expect(client.writes).toEqual([]);
    expect(client.objects.get('/Namespace//shop')!.metadata).toMatchObject(
      owned.metadata,
    );
  });
});
