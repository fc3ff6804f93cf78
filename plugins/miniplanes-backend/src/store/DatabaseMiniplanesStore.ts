import { DatabaseService } from '@backstage/backend-plugin-api';
import { FederatedService } from '@miniplanes/plugin-miniplanes-common';
import { Knex } from 'knex';
import { migrateMiniplanesDatabase } from './migrateMiniplanesDatabase';
import {
  MiniplanesStore,
  PlacementRequest,
  RequestStatus,
  ServiceEvent,
  StoredService,
} from './types';

const json = (value: unknown) =>
  value === undefined ? null : JSON.stringify(value);
const parse = <T>(text: string | null | undefined): T | undefined =>
  text ? (JSON.parse(text) as T) : undefined;
const iso = (value: Date | string) => new Date(value).toISOString();

/** MiniplanesStore on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseMiniplanesStore implements MiniplanesStore {
  private constructor(private readonly db: Knex) {}

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseMiniplanesStore> {
    return new DatabaseMiniplanesStore(
      await migrateMiniplanesDatabase(options.database, options),
    );
  }

  private toService(row: any): StoredService {
    return {
      entityRef: row.entity_ref,
      specVersion: row.spec_version,
      spec: JSON.parse(row.spec),
      decision: parse(row.decision),
      status: parse(row.status),
      source: row.source,
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
    };
  }

  async listServices() {
    const rows = await this.db('miniplanes_services').orderBy('entity_ref');
    return rows.map(row => this.toService(row));
  }

  async getService(entityRef: string) {
    const row = await this.db('miniplanes_services')
      .where({ entity_ref: entityRef })
      .first();
    return row ? this.toService(row) : undefined;
  }

  async putSpec(input: Parameters<MiniplanesStore['putSpec']>[0]) {
    const now = new Date();
    await this.db.transaction(async tx => {
      const current = await tx('miniplanes_services')
        .where({ entity_ref: input.entityRef })
        .forUpdate()
        .first();
      const version = (current?.spec_version ?? 0) + 1;
      if (current) {
        await tx('miniplanes_services')
          .where({ entity_ref: input.entityRef })
          .update({
            spec_version: version,
            spec: json(input.spec),
            source: input.source,
            updated_at: now,
          });
      } else {
        await tx('miniplanes_services').insert({
          entity_ref: input.entityRef,
          spec_version: version,
          spec: json(input.spec),
          source: input.source,
          created_at: now,
          updated_at: now,
        });
      }
      await tx('miniplanes_service_versions').insert({
        entity_ref: input.entityRef,
        spec_version: version,
        spec: json(input.spec),
        created_by: input.actor ?? null,
        request_id: input.requestId ?? null,
        created_at: now,
      });
    });
    return (await this.getService(input.entityRef))!;
  }

  async setDecision(entityRef: string, decision: unknown) {
    await this.db('miniplanes_services')
      .where({ entity_ref: entityRef })
      .update({ decision: json(decision), updated_at: new Date() });
  }

  async setStatus(entityRef: string, status: unknown) {
    await this.db('miniplanes_services')
      .where({ entity_ref: entityRef })
      .update({ status: json(status) });
  }

  async specVersionOfRequest(requestId: string) {
    const row = await this.db('miniplanes_service_versions')
      .where({ request_id: requestId })
      .first('spec_version');
    return row ? Number(row.spec_version) : undefined;
  }

  async releaseVersions(entityRef: string) {
    const rows = await this.db('miniplanes_service_versions')
      .where({ entity_ref: entityRef })
      .orderBy('spec_version', 'desc')
      .select('spec_version', 'spec');
    const releases = rows.map(row => ({
      version: Number(row.spec_version),
      clusters: new Set<string>(
        (JSON.parse(row.spec) as FederatedService).spec.data?.release ?? [],
      ),
    }));
    const result = new Map<string, number>();
    for (const cluster of releases[0]?.clusters ?? []) {
      let since = releases[0].version;
      for (const earlier of releases.slice(1)) {
        if (!earlier.clusters.has(cluster)) break;
        since = earlier.version;
      }
      result.set(cluster, since);
    }
    return result;
  }

  private toRequest(row: any): PlacementRequest {
    return {
      id: row.id,
      entityRef: row.entity_ref,
      status: row.status,
      requestedBy: row.requested_by,
      reason: row.reason,
      spec: JSON.parse(row.spec),
      decision: JSON.parse(row.preview),
      diff: JSON.parse(row.diff),
      checks: JSON.parse(row.checks),
      ...(row.base_spec_version !== null
        ? { baseSpecVersion: row.base_spec_version }
        : {}),
      ...(row.decided_by ? { decidedBy: row.decided_by } : {}),
      ...(row.comment ? { comment: row.comment } : {}),
      ...(row.failure ? { failure: row.failure } : {}),
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
    };
  }

  async createRequest(request: PlacementRequest) {
    await this.db('miniplanes_requests').insert({
      id: request.id,
      entity_ref: request.entityRef,
      status: request.status,
      requested_by: request.requestedBy,
      reason: request.reason,
      spec: json(request.spec),
      preview: json(request.decision),
      diff: json(request.diff),
      checks: json(request.checks),
      base_spec_version: request.baseSpecVersion ?? null,
      created_at: new Date(request.createdAt),
      updated_at: new Date(request.updatedAt),
    });
  }

  async getRequest(id: string) {
    const row = await this.db('miniplanes_requests').where({ id }).first();
    return row ? this.toRequest(row) : undefined;
  }

  async listRequests(filter: { status?: RequestStatus; entityRef?: string }) {
    const query = this.db('miniplanes_requests')
      .orderBy('created_at', 'desc')
      .orderBy('id');
    if (filter.status) query.where({ status: filter.status });
    if (filter.entityRef) query.where({ entity_ref: filter.entityRef });
    return (await query).map(row => this.toRequest(row));
  }

  async transitionRequest(
    id: string,
    from: RequestStatus[],
    update: Parameters<MiniplanesStore['transitionRequest']>[2],
  ) {
    // A conditional update: of two replicas deciding at once, one wins.
    const changed = await this.db('miniplanes_requests')
      .where({ id })
      .whereIn('status', from)
      .update({
        status: update.status,
        ...(update.decidedBy !== undefined
          ? { decided_by: update.decidedBy }
          : {}),
        ...(update.comment !== undefined ? { comment: update.comment } : {}),
        ...(update.failure !== undefined ? { failure: update.failure } : {}),
        updated_at: new Date(),
      });
    return changed === 1;
  }

  async addEvent(event: Omit<ServiceEvent, 'id' | 'createdAt'>) {
    await this.db('miniplanes_events').insert({
      entity_ref: event.entityRef,
      request_id: event.requestId ?? null,
      type: event.type,
      actor: event.actor ?? null,
      message: event.message,
      details: json(event.details),
      created_at: new Date(),
    });
  }

  async listEvents(filter: { entityRef?: string; requestId?: string }) {
    const query = this.db('miniplanes_events').orderBy('id');
    if (filter.entityRef) query.where({ entity_ref: filter.entityRef });
    if (filter.requestId) query.where({ request_id: filter.requestId });
    return (await query).map(
      (row: any): ServiceEvent => ({
        id: Number(row.id),
        entityRef: row.entity_ref,
        ...(row.request_id ? { requestId: row.request_id } : {}),
        type: row.type,
        ...(row.actor ? { actor: row.actor } : {}),
        message: row.message,
        ...(row.details ? { details: JSON.parse(row.details) } : {}),
        createdAt: iso(row.created_at),
      }),
    );
  }
}
