import {
  InventoryEntry,
  InventoryStore,
  PendingRelease,
  VoidedRelease,
} from '../store/InventoryStore';

/** The installation an InMemoryInventoryStore records for, unless told. */
export const TEST_INSTALLATION = 'test-installation';

/** The inventory in memory, for the engine's unit tests; integration tests use the database store. */
export class InMemoryInventoryStore implements InventoryStore {
  readonly entries = new Map<string, InventoryEntry>();
  readonly releases: (PendingRelease & {
    executed?: boolean;
    voidedBecause?: string;
  })[] = [];

  constructor(private readonly installationId = TEST_INSTALLATION) {}

  async installation() {
    return this.installationId;
  }

  private static key(e: { cluster: string; objectKey: string }) {
    return `${e.cluster} ${e.objectKey}`;
  }

  async list(filter: { entityRefs?: string[]; cluster?: string } = {}) {
    return [...this.entries.values()].filter(
      e =>
        (!filter.entityRefs || filter.entityRefs.includes(e.entityRef)) &&
        (!filter.cluster || e.cluster === filter.cluster),
    );
  }

  async claim(entry: InventoryEntry) {
    const key = InMemoryInventoryStore.key(entry);
    const owner = this.entries.get(key)?.entityRef;
    if (owner) return owner === entry.entityRef ? { held: true } : { owner };
    this.entries.set(key, { ...entry });
    return {};
  }

  async update(entries: InventoryEntry[]) {
    for (const entry of entries) {
      const key = InMemoryInventoryStore.key(entry);
      const owner = this.entries.get(key)?.entityRef;
      // As the database store: an applied object whose entry is gone is recorded again.
      if (!owner || owner === entry.entityRef)
        this.entries.set(key, { ...entry });
    }
  }

  async remove(
    keys: { cluster: string; objectKey: string; entityRef: string }[],
  ) {
    for (const key of keys) {
      const k = InMemoryInventoryStore.key(key);
      if (this.entries.get(k)?.entityRef === key.entityRef)
        this.entries.delete(k);
    }
  }

  async pendingReleases(entityRefs: string[]) {
    return this.releases
      .filter(
        r =>
          !r.executed && !r.voidedBecause && entityRefs.includes(r.entityRef),
      )
      .map(({ executed, voidedBecause, ...r }) => r);
  }

  async markReleased(ids: number[]) {
    for (const release of this.releases)
      if (ids.includes(release.id)) release.executed = true;
  }

  async markVoided(voids: VoidedRelease[]) {
    for (const { id, because } of voids) {
      const release = this.releases.find(r => r.id === id);
      if (release && !release.executed) release.voidedBecause = because;
    }
  }

  async listReleases(entityRef: string) {
    const at = new Date(0).toISOString();
    return this.releases
      .filter(r => r.entityRef === entityRef)
      .map(({ executed, voidedBecause, ...r }) => ({
        ...r,
        ...(executed ? { executedAt: at } : {}),
        ...(voidedBecause ? { voidedAt: at, voidedBecause } : {}),
      }));
  }
}
