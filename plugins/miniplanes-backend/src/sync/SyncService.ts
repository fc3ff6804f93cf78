import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { FleetService } from '../fleet/FleetService';
import { ChangeListeners } from '../lib/ChangeListeners';
import { RequestService } from '../requests/RequestService';
import {
  ClusterStatusStore,
  ClusterSyncRecord,
} from '../store/ClusterStatusStore';
import { MiniplanesStore, StoredService } from '../store/types';
import { ClusterClient } from '../cluster/ClusterClient';
import { ClusterClientPool } from '../cluster/ClusterClientPool';
import { clusterRecord, worthKeeping } from './clusterRecord';
import { withDeletionsAsDrift } from './deletedObjects';
import { requestOutcome } from './requestOutcome';
import { statusChanged } from './statusChanged';
import { syncEvents } from './syncEvents';
import { ServiceClusterReport, SyncEngine } from './SyncEngine';
import { syncTarget, SyncTargetResult } from './syncTargets';

/** Passes at most this many extra rounds over services changed during a pass. */
const CATCH_UP_ROUNDS = 3;

/** What one pass did, for logs and tests. */
export interface SyncPassResult {
  services: number;
  clusters: number;
  writes: number;
  errors: number;
}

/**
 * Makes every member cluster hold what the current decisions say: renders
 * each service's manifests, runs the engine on every connected cluster at
 * once, keeps the per-cluster status, records drift and retained data in the
 * services' history, and settles the approved requests the sync carried out.
 * Runs from a global scheduled task, so one replica at a time writes.
 */
export class SyncService {
  private readonly changes = new ChangeListeners();
  private readonly releaseVersions = new Map<
    string,
    { specVersion: number; versions: Map<string, number> }
  >();

  constructor(
    private readonly options: {
      store: MiniplanesStore;
      statusStore: ClusterStatusStore;
      fleet: FleetService;
      requests: RequestService;
      engine: SyncEngine;
      clients: ClusterClientPool;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  /** Calls the listener with a service's entity ref whenever its sync status changes. */
  onStatusChange(listener: (entityRef: string) => void): () => void {
    return this.changes.add(listener);
  }

  /**
   * Per cluster of a service's release list, the version that added it. A
   * version never changes, so it is read from the history once per version,
   * not on every pass.
   */
  private async releaseVersionsOf(
    service: StoredService,
  ): Promise<Map<string, number> | undefined> {
    if (!service.spec.spec.data?.release?.length) return undefined;
    const known = this.releaseVersions.get(service.entityRef);
    if (known?.specVersion === service.specVersion) return known.versions;
    const versions = await this.options.store.releaseVersions(
      service.entityRef,
    );
    this.releaseVersions.set(service.entityRef, {
      specVersion: service.specVersion,
      versions,
    });
    return versions;
  }

  private now() {
    return this.options.now?.() ?? new Date();
  }

  /** Syncs every service, then those whose spec or decision changed meanwhile. */
  async syncAll(signal?: AbortSignal): Promise<SyncPassResult> {
    let since = this.now();
    const total = await this.syncServices(
      await this.options.store.listServices(),
      signal,
    );
    for (let round = 0; round < CATCH_UP_ROUNDS; round += 1) {
      if (signal?.aborted) break;
      const threshold = since.getTime();
      const changed = (await this.options.store.listServices()).filter(
        s => Date.parse(s.updatedAt) >= threshold,
      );
      if (changed.length === 0) break;
      since = this.now();
      const more = await this.syncServices(changed, signal);
      total.writes += more.writes;
      total.errors += more.errors;
    }
    return total;
  }

  /** Syncs the given services (all or some) to every connected cluster. */
  async syncServices(
    services: StoredService[],
    signal?: AbortSignal,
  ): Promise<SyncPassResult> {
    const { store, statusStore, engine, logger } = this.options;
    const clients = await this.connectedClients();
    const clusters = clients.map(c => c.cluster);
    const previous = await statusStore.list(services.map(s => s.entityRef));
    const previousOf = groupBy(previous, r => r.entityRef);
    const targets = await Promise.all(
      services.map(async s =>
        syncTarget(
          s,
          clusters,
          previousOf.get(s.entityRef) ?? [],
          await this.releaseVersionsOf(s),
        ),
      ),
    );
    const ready = targets.filter(
      (t): t is Extract<SyncTargetResult, { ok: true }> => t.ok,
    );
    const reports = await engine.syncAll(
      clients,
      ready.map(t => t.target),
      signal,
    );
    const reportsOf = groupBy(reports, r => r.entityRef);
    for (const [entityRef, list] of reportsOf) {
      const before = new Map(
        (previousOf.get(entityRef) ?? []).map(r => [r.cluster, r]),
      );
      reportsOf.set(
        entityRef,
        list.map(r => withDeletionsAsDrift(r, before.get(r.cluster))),
      );
    }

    const keep: ClusterSyncRecord[] = [];
    const drop: { entityRef: string; cluster: string }[] = [];
    const changed = new Set<string>();
    for (const { service, target } of ready) {
      const before = new Map(
        (previousOf.get(service.entityRef) ?? []).map(r => [r.cluster, r]),
      );
      for (const report of reportsOf.get(service.entityRef) ?? []) {
        const record = clusterRecord({
          report,
          previous: before.get(report.cluster),
          desired: target.desired.get(report.cluster) ?? [],
          specVersion: service.specVersion,
        });
        if (worthKeeping(record)) {
          keep.push(record);
          if (statusChanged(before.get(report.cluster), record)) {
            changed.add(service.entityRef);
          }
        } else if (before.has(report.cluster)) {
          drop.push(record);
          changed.add(service.entityRef);
        }
      }
      for (const event of syncEvents(
        service.entityRef,
        reportsOf.get(service.entityRef) ?? [],
        before,
      )) {
        await store.addEvent(event);
      }
    }
    await statusStore.put(keep);
    await statusStore.remove(drop);
    await this.settleRequests(targets, reportsOf);
    changed.forEach(entityRef => this.changes.notify(entityRef));

    const result = {
      services: services.length,
      clusters: clusters.length,
      writes: reports.reduce((n, r) => n + r.writes, 0),
      errors: reports.filter(r => r.state === 'Error').length,
    };
    logger.debug(
      `Synced ${result.services} service(s) to ${result.clusters} cluster(s): ${result.writes} write(s), ${result.errors} error(s)`,
    );
    return result;
  }

  private async connectedClients(): Promise<ClusterClient[]> {
    const { fleet, clients, logger } = this.options;
    const connected: ClusterClient[] = [];
    for (const name of fleet.connectedClusters()) {
      try {
        connected.push(await clients.get(fleet.connection(name)!));
      } catch (error) {
        logger.warn(
          `Cannot create a client for cluster ${name}: ${
            (error as Error).message
          }`,
        );
      }
    }
    return connected;
  }

  /** Completes the approved requests whose spec this pass carried out, or could not. */
  private async settleRequests(
    targets: SyncTargetResult[],
    reportsOf: Map<string, ServiceClusterReport[]>,
  ) {
    const { store, requests, logger } = this.options;
    const approved = groupBy(
      await store.listRequests({ status: 'approved' }),
      r => r.entityRef,
    );
    for (const result of targets) {
      const { service } = result;
      for (const request of approved.get(service.entityRef) ?? []) {
        const version = await store.specVersionOfRequest(request.id);
        let outcome;
        if (version !== undefined && version < service.specVersion) {
          outcome = {
            status: 'failed' as const,
            failure: `superseded by spec version ${service.specVersion} before the sync carried it out`,
          };
        } else if (!result.ok) {
          outcome = result.persistent
            ? { status: 'failed' as const, failure: result.reason }
            : undefined;
        } else {
          const placed = (service.decision?.clusters ?? [])
            .filter(c => c.selected)
            .map(c => c.name);
          const reports = new Map(
            (reportsOf.get(service.entityRef) ?? []).map(r => [r.cluster, r]),
          );
          outcome = requestOutcome(placed, reports);
        }
        if (!outcome) continue;
        try {
          await requests.complete(request.id, outcome);
        } catch (error) {
          // Another replica or an earlier pass settled it first.
          if (!(error instanceof ConflictError)) throw error;
          logger.debug(
            `Request ${request.id} was settled elsewhere: ${error.message}`,
          );
        }
      }
    }
  }
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
