import { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import { MiniplanesStore, StoredService } from '../store/MiniplanesStore';
import { SyncLease } from '../store/SyncLease';
import { PassHandover } from './PassHandover';
import { SyncPassResult, SyncService } from './SyncService';

/** How long a claim on the lease lasts; the holder renews it every third of that. */
const LEASE_MS = 30_000;
/** How often a replica waiting for the lease asks again. */
const POLL_MS = 50;
/** Delays between the passes that watch an approved version until it is settled. */
const FOLLOW_UP_MS = [100, 200, 400, 800, 1_600, 3_200, 6_400, 12_800];

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Runs sync passes so that one replica at a time writes to the clusters:
 * the periodic pass (Backstage's scheduler, a global task) and the passes an
 * approval starts at once, which would otherwise wait for the scheduler to
 * notice the task is due (up to 5 s). Both take the database's sync lease
 * first; within a replica they queue, except that an approval's pass
 * arriving during this replica's periodic pass runs at once beside it, on
 * the services that pass hands over (see PassHandover): one pass at a time
 * per service.
 *
 * After an approval's pass, the service is passed again at short, growing
 * intervals while a request of it is still approved, so `applied` follows
 * the workloads' readiness instead of the next periodic pass.
 */
export class SyncRunner {
  /** This process: a restarted replica is a new holder and waits for its old claim to lapse. */
  private readonly holder = randomUUID();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly pending = new Set<string>();
  /** The periodic pass under way in this replica, which approvals' passes take services over from. */
  private scheduled?: { handover: PassHandover; signal: AbortSignal };
  /** Approvals' passes beside the periodic one, one at a time. */
  private beside: Promise<unknown> = Promise.resolve();
  private readonly followUps = new Set<NodeJS.Timeout>();
  private stopped = false;
  private readonly leaseMs: number;
  private readonly followUpMs: readonly number[];

  constructor(
    private readonly options: {
      sync: Pick<SyncService, 'syncAll' | 'syncServices'>;
      store: Pick<MiniplanesStore, 'getService' | 'listRequests'>;
      lease: SyncLease;
      logger: LoggerService;
      leaseMs?: number;
      followUpMs?: readonly number[];
    },
  ) {
    this.leaseMs = options.leaseMs ?? LEASE_MS;
    this.followUpMs = options.followUpMs ?? FOLLOW_UP_MS;
  }

  /**
   * The periodic pass over every service, once this replica holds the lease;
   * nothing when another replica's pass holds it past the wait (the next
   * period tries again).
   */
  runScheduled(signal?: AbortSignal): Promise<SyncPassResult | undefined> {
    return this.exclusive(async pass => {
      const handover = new PassHandover();
      this.scheduled = { handover, signal: pass };
      try {
        return await this.options.sync.syncAll(pass, handover);
      } finally {
        this.scheduled = undefined;
        // The lease is held until the passes beside this one end too.
        await this.beside;
      }
    }, signal);
  }

  /**
   * Syncs these services now, after the pass under way (here or on another
   * replica) ends; resolves when their pass is done, false when it could not
   * run (the lease stayed taken). Then follows them up until their approved
   * requests are settled.
   */
  async runNow(entityRefs: string[]): Promise<boolean> {
    if (this.scheduled) {
      const synced = await this.takeOver(this.scheduled, entityRefs);
      if (synced) this.followUp(entityRefs, 0);
      return synced;
    }
    entityRefs.forEach(ref => this.pending.add(ref));
    const synced = await this.exclusive(pass => this.syncPending(pass));
    if (synced === undefined) return false;
    if (synced.length > 0) this.followUp(synced, 0);
    return true;
  }

  /**
   * Syncs these services beside the periodic pass under way here, under its
   * lease: that pass hands them over (it stops working on them and records
   * nothing more of them) first, so an approved version does not wait for
   * the rest of the fleet.
   */
  private takeOver(
    scheduled: { handover: PassHandover; signal: AbortSignal },
    entityRefs: string[],
  ): Promise<boolean> {
    const run = this.beside.then(async () => {
      await scheduled.handover.handOver(entityRefs);
      if (scheduled.signal.aborted) return false;
      const services = await this.servicesOf(entityRefs);
      if (services.length > 0)
        await scheduled.handover.besideThis(() =>
          this.options.sync.syncServices(services, scheduled.signal),
        );
      return true;
    });
    this.beside = run.catch(() => undefined);
    return run;
  }

  /** One pass over every service asked for meanwhile. */
  private async syncPending(pass: AbortSignal): Promise<string[]> {
    const refs = [...this.pending];
    this.pending.clear();
    const services = await this.servicesOf(refs);
    if (services.length > 0)
      await this.options.sync.syncServices(services, pass);
    return refs;
  }

  /** The stored services of these refs; deleted ones are left out. */
  private async servicesOf(entityRefs: string[]): Promise<StoredService[]> {
    const services: StoredService[] = [];
    for (const ref of entityRefs) {
      const service = await this.options.store.getService(ref);
      if (service) services.push(service);
    }
    return services;
  }

  /** Stops following services up (the backend shuts down). */
  stop() {
    this.stopped = true;
    this.followUps.forEach(clearTimeout);
    this.followUps.clear();
  }

  private followUp(entityRefs: string[], attempt: number) {
    if (this.stopped || attempt >= this.followUpMs.length) return;
    const timer = setTimeout(async () => {
      this.followUps.delete(timer);
      try {
        const open = [];
        for (const ref of entityRefs) {
          const approved = await this.options.store.listRequests({
            status: 'approved',
            entityRef: ref,
          });
          if (approved.length > 0) open.push(ref);
        }
        if (open.length === 0) return;
        open.forEach(ref => this.pending.add(ref));
        await this.exclusive(pass => this.syncPending(pass));
        this.followUp(open, attempt + 1);
      } catch (error) {
        this.options.logger.warn(
          `Could not follow up the sync of ${entityRefs.join(', ')}: ${
            (error as Error).message
          }`,
        );
      }
    }, this.followUpMs[attempt]);
    this.followUps.add(timer);
  }

  /** Runs `fn` once no other pass runs in this replica and this replica holds the lease. */
  private exclusive<T>(
    fn: (signal: AbortSignal) => Promise<T>,
    outer?: AbortSignal,
  ): Promise<T | undefined> {
    const run = this.queue.then(() => this.underLease(fn, outer));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async underLease<T>(
    fn: (signal: AbortSignal) => Promise<T>,
    outer?: AbortSignal,
  ): Promise<T | undefined> {
    const { lease, logger } = this.options;
    // Another replica's pass ends, or its claim lapses within a claim's
    // time; twice that allows for the database's clock and the polling.
    const deadline = Date.now() + 2 * this.leaseMs;
    while (!(await lease.acquire(this.holder, this.leaseMs))) {
      if (outer?.aborted) return undefined;
      if (Date.now() > deadline) {
        logger.warn(
          'Sync skipped: another replica has held the sync lease for longer than a claim lasts',
        );
        return undefined;
      }
      await sleep(POLL_MS);
    }
    const controller = new AbortController();
    const abort = () => controller.abort();
    outer?.addEventListener('abort', abort);
    // A holder that cannot renew stops writing: another may hold it soon.
    const renewal = setInterval(() => {
      lease.acquire(this.holder, this.leaseMs).then(
        held => {
          if (!held) {
            logger.warn('Sync lease lost mid-pass; the pass stops');
            controller.abort();
          }
        },
        () => controller.abort(),
      );
    }, this.leaseMs / 3);
    try {
      return await fn(controller.signal);
    } finally {
      clearInterval(renewal);
      outer?.removeEventListener('abort', abort);
      await lease.release(this.holder).catch(error => {
        logger.warn(
          `Could not release the sync lease (it lapses by itself): ${error.message}`,
        );
      });
    }
  }
}
