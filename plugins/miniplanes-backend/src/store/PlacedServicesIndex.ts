import { Knex } from 'knex';
import { placedClusterNames } from './decisionColumns';

/** What runs where, as the fleet page lists it. */
export interface PlacedServices {
  /** Every service with a decision, sorted. */
  services: readonly string[];
  /** Per cluster, the services placed there, sorted. */
  byCluster: ReadonlyMap<string, readonly string[]>;
}

const EPOCH = { name: 'placements' };

/**
 * Bumps the placement epoch in the caller's transaction and returns it, to
 * stamp the placement being written. The counter's row stays locked until
 * the transaction commits, so epochs follow commit order: a reader that
 * sees epoch E sees every placement stamped E or less.
 */
export async function nextPlacementEpoch(tx: Knex.Transaction) {
  await tx('miniplanes_placement_epoch').where(EPOCH).increment('epoch', 1);
  const row = await tx('miniplanes_placement_epoch').where(EPOCH).first();
  return Number(row.epoch);
}

/**
 * Per cluster, the services placed there, kept in memory and brought up to
 * date from the services placed since it last looked (one indexed read when
 * nothing changed), so the fleet page does not read every service on every
 * request. Placements written by any replica are seen: each write stamps
 * the epoch it commits at. A full read now and then also picks up rows a
 * replica older than the epoch wrote.
 */
export class PlacedServicesIndex {
  #epoch = -1;
  #fullReadAt = 0;
  readonly #clustersOf = new Map<string, readonly string[]>();
  #current: PlacedServices = { services: [], byCluster: new Map() };
  #reading?: Promise<PlacedServices>;
  #queued?: Promise<PlacedServices>;

  constructor(
    private readonly db: Knex,
    private readonly options: { fullReadIntervalMs: number; now: () => number },
  ) {}

  /** The placements as of now: every one committed before the call. */
  read(): Promise<PlacedServices> {
    if (!this.#reading) {
      this.#reading = this.#refresh().finally(() => {
        this.#reading = undefined;
      });
      return this.#reading;
    }
    // A read under way may have looked before the caller's own write:
    // callers arriving meanwhile share the next one.
    this.#queued ??= this.#reading
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined;
        return this.read();
      });
    return this.#queued;
  }

  async #refresh(): Promise<PlacedServices> {
    const epochRow = await this.db('miniplanes_placement_epoch')
      .where(EPOCH)
      .first();
    const epoch = Number(epochRow.epoch);
    const full =
      this.options.now() - this.#fullReadAt >= this.options.fullReadIntervalMs;
    if (!full && epoch === this.#epoch) return this.#current;
    const query = this.db('miniplanes_services')
      .whereNotNull('decision')
      .select('entity_ref', 'placed_clusters', 'placed_epoch');
    if (!full) query.where('placed_epoch', '>', this.#epoch);
    const rows = await query;
    if (full) {
      this.#clustersOf.clear();
      this.#fullReadAt = this.options.now();
    }
    for (const row of rows)
      this.#clustersOf.set(
        row.entity_ref,
        row.placed_clusters === null
          ? await this.#clustersFromDecision(row.entity_ref)
          : JSON.parse(row.placed_clusters),
      );
    this.#epoch = epoch;
    if (full || rows.length > 0) this.#current = this.#group();
    return this.#current;
  }

  /** A row written before the placed-clusters column: its decision, read once. */
  async #clustersFromDecision(entityRef: string): Promise<string[]> {
    const row = await this.db('miniplanes_services')
      .where({ entity_ref: entityRef })
      .first('decision');
    return placedClusterNames(JSON.parse(row.decision));
  }

  #group(): PlacedServices {
    const services = [...this.#clustersOf.keys()].sort();
    const byCluster = new Map<string, string[]>();
    for (const service of services) {
      for (const cluster of this.#clustersOf.get(service)!) {
        const list = byCluster.get(cluster);
        if (list) list.push(service);
        else byCluster.set(cluster, [service]);
      }
    }
    return { services, byCluster };
  }
}
