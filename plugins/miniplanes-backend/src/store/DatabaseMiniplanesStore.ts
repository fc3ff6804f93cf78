import { ConflictError, NotFoundError } from '@backstage/errors';
import { PlacementDecision } from '@miniplanes/plugin-miniplanes-common';
import { Knex } from 'knex';
import { ClockedDatabaseStore } from './ClockedDatabaseStore';
import { ParsedColumns } from './ParsedColumns';
import { chunks, readPage } from './rows';
import { updateRows } from './updateRows';
import { nextPlacementEpoch, PlacedServicesIndex } from './PlacedServicesIndex';
import {
  decisionColumns,
  hasUnplacedLines,
  placedLines,
  wholeDecision,
} from './decisionColumns';
import {
  Approval,
  GoodVersion,
  MiniplanesStore,
  PlacementRequest,
  RequestFilter,
  RequestPosition,
  RequestStatus,
  ServiceEvent,
  StoredService,
  StoredVersion,
} from './MiniplanesStore';

const json = (value: unknown) =>
  value === undefined ? null : JSON.stringify(value);
const parse = <T>(text: string | null | undefined): T | undefined =>
  text ? (JSON.parse(text) as T) : undefined;
const iso = (value: Date | string) => new Date(value).toISOString();
/** The row, locked for the rest of the transaction against writers of other replicas. */
const lockedRow = (
  tx: Knex.Transaction,
  table: string,
  where: Record<string, unknown>,
) => tx(table).where(where).forUpdate().first();
const placedLinesOf = (decision: PlacementDecision | undefined) =>
  decision && hasUnplacedLines(decision) ? placedLines(decision) : decision;
/** How often the placed-services index rereads every row, for rows written by replicas older than its epoch. */
const FULL_PLACEMENT_READ_MS = 5 * 60_000;
/** Every column of a service but the whole decision, which only `fullDecision` reads. */
const SERVICE_COLUMNS = [
  'entity_ref',
  'spec_version',
  'spec',
  'decision',
  'decision_digest',
  'decision_spec_version',
  'good_spec_version',
  'good_decision',
  'status',
  'source',
  'created_at',
  'updated_at',
];

/**
 * MiniplanesStore on the plugin's database (SQLite or PostgreSQL). Request
 * deadlines are measured on the backend's clock (`now`) from its timestamps.
 */
export class DatabaseMiniplanesStore
  extends ClockedDatabaseStore
  implements MiniplanesStore
{
  private readonly placed = new PlacedServicesIndex(this.db, {
    fullReadIntervalMs: FULL_PLACEMENT_READ_MS,
    now: () => this.now().getTime(),
  });

  /** The services' JSON columns as last read, reused while unchanged. */
  private readonly parsed = new ParsedColumns();

  private toService(row: any, fullDecision: boolean): StoredService {
    const ref: string = row.entity_ref;
    const stored = this.parsed.parse<PlacementDecision>(
      `${ref} decision`,
      row.decision,
    );
    // A row an older replica wrote whole: its digest is not of this decision.
    const whole = stored !== undefined && hasUnplacedLines(stored);
    let decision = stored;
    if (stored && fullDecision)
      decision = wholeDecision(stored, row.decision_detail);
    else if (stored && whole) decision = placedLines(stored);
    return {
      entityRef: ref,
      specVersion: row.spec_version,
      spec: this.parsed.parse(`${ref} spec`, row.spec)!,
      decision,
      ...(row.decision_digest && !whole
        ? { decisionDigest: row.decision_digest }
        : {}),
      ...(row.decision_spec_version !== null &&
      row.decision_spec_version !== undefined
        ? { decisionSpecVersion: Number(row.decision_spec_version) }
        : {}),
      ...(row.good_spec_version !== null && row.good_spec_version !== undefined
        ? {
            goodSpecVersion: Number(row.good_spec_version),
            goodDecision:
              // The version synced last is most often the current one.
              row.good_decision === row.decision && decision === stored
                ? stored
                : placedLinesOf(
                    this.parsed.parse(
                      `${ref} good_decision`,
                      row.good_decision,
                    ),
                  ),
          }
        : {}),
      status: this.parsed.parse(`${ref} status`, row.status),
      source: row.source,
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
    };
  }

  private columns(fullDecision: boolean) {
    return fullDecision
      ? [...SERVICE_COLUMNS, 'decision_detail']
      : SERVICE_COLUMNS;
  }

  async listServices(options: { fullDecision?: boolean } = {}) {
    const full = options.fullDecision ?? false;
    const rows = await this.db('miniplanes_services')
      .orderBy('entity_ref')
      .select(this.columns(full));
    const services = rows.map(row => this.toService(row, full));
    // Deleted services' columns are not kept.
    const listed = new Set(services.map(s => s.entityRef));
    this.parsed.retain(key => listed.has(key.slice(0, key.lastIndexOf(' '))));
    return services;
  }

  async pageServices(
    page: { limit: number; after?: string },
    options: { fullDecision?: boolean } = {},
  ) {
    const full = options.fullDecision ?? false;
    const query = this.db('miniplanes_services')
      .orderBy('entity_ref')
      .select(this.columns(full));
    if (page.after !== undefined) query.where('entity_ref', '>', page.after);
    const { rows, more } = await readPage<any>(query, page.limit);
    // The parsed columns' cache is pruned by full lists only: a page names
    // a few services, not which ones are gone.
    const services = rows.map(row => this.toService(row, full));
    return more
      ? { services, next: services[services.length - 1].entityRef }
      : { services };
  }

  async listServicesUpdatedSince(since: Date) {
    // Timestamps compared here, not in SQL: each database stores them its way.
    const stamps = await this.db('miniplanes_services').select(
      'entity_ref',
      'updated_at',
    );
    const refs = stamps
      .filter(row => Date.parse(iso(row.updated_at)) >= since.getTime())
      .map(row => row.entity_ref as string);
    const services: StoredService[] = [];
    for (const batch of chunks(refs)) {
      const rows = await this.db('miniplanes_services')
        .whereIn('entity_ref', batch)
        .select(this.columns(false));
      services.push(...rows.map(row => this.toService(row, false)));
    }
    return services.sort((a, b) => (a.entityRef < b.entityRef ? -1 : 1));
  }

  async getService(
    entityRef: string,
    options: { fullDecision?: boolean } = {},
  ) {
    const full = options.fullDecision ?? false;
    const row = await this.db('miniplanes_services')
      .where({ entity_ref: entityRef })
      .first(this.columns(full));
    return row ? this.toService(row, full) : undefined;
  }

  async putSpec(input: Parameters<MiniplanesStore['putSpec']>[0]) {
    const now = this.now();
    await this.db.transaction(async tx => {
      const current = await lockedRow(tx, 'miniplanes_services', {
        entity_ref: input.entityRef,
      });
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

  async setDecision(
    entityRef: string,
    specVersion: number,
    decision: PlacementDecision,
  ) {
    const columns = decisionColumns(decision);
    return this.db.transaction(async tx => {
      // Conditional: a decision computed for an older spec never lands.
      const changed = await tx('miniplanes_services')
        .where({ entity_ref: entityRef, spec_version: specVersion })
        .update({
          ...columns,
          decision_spec_version: specVersion,
          updated_at: this.now(),
        });
      if (changed !== 1) return false;
      await tx('miniplanes_services')
        .where({ entity_ref: entityRef })
        .update({ placed_epoch: await nextPlacementEpoch(tx) });
      return true;
    });
  }

  placedServices() {
    return this.placed.read();
  }

  async setGoodVersions(versions: GoodVersion[]) {
    for (const batch of chunks(versions)) {
      await updateRows(
        this.db,
        'miniplanes_services',
        'entity_ref',
        batch.map(version => ({
          entity_ref: version.entityRef,
          good_spec_version: version.specVersion,
          good_decision: json(placedLines(version.decision)),
        })),
      );
    }
  }

  async listVersions(entityRef: string): Promise<StoredVersion[]> {
    const rows = await this.db('miniplanes_service_versions')
      .where({ entity_ref: entityRef })
      .orderBy('spec_version');
    return rows.map(row => ({
      specVersion: Number(row.spec_version),
      spec: JSON.parse(row.spec),
      ...(row.decision ? { decision: parse(row.decision) } : {}),
      ...(row.created_by ? { createdBy: row.created_by } : {}),
      ...(row.request_id ? { requestId: row.request_id } : {}),
      createdAt: iso(row.created_at),
    }));
  }

  async getVersion(entityRef: string, specVersion: number) {
    const row = await this.db('miniplanes_service_versions')
      .where({ entity_ref: entityRef, spec_version: specVersion })
      .first('spec', 'decision');
    return row
      ? {
          spec: JSON.parse(row.spec),
          decision: parse<PlacementDecision>(row.decision),
        }
      : undefined;
  }

  async approveRequest(approval: Approval) {
    const now = this.now();
    return this.db.transaction(async tx => {
      const request = await lockedRow(tx, 'miniplanes_requests', {
        id: approval.requestId,
      });
      if (!request) {
        throw new NotFoundError(`no placement request ${approval.requestId}`);
      }
      if (request.status !== 'pending') {
        throw new ConflictError(
          `request ${approval.requestId} is no longer pending: it is ${request.status}`,
        );
      }
      const current = await lockedRow(tx, 'miniplanes_services', {
        entity_ref: request.entity_ref,
      });
      const base =
        request.base_spec_version === null
          ? undefined
          : Number(request.base_spec_version);
      const currentVersion =
        current === undefined ? undefined : Number(current.spec_version);
      if (currentVersion !== base) {
        throw new ConflictError(
          `${request.entity_ref} changed since this request was filed; its preview is out of date, so it must be filed again`,
        );
      }
      const version = (currentVersion ?? 0) + 1;
      await tx('miniplanes_requests')
        .where({ id: approval.requestId })
        .update({
          status: 'approved',
          decided_by: approval.actor,
          comment: approval.comment ?? null,
          decided_at: now,
          updated_at: now,
        });
      const service = {
        spec_version: version,
        spec: request.spec,
        source: 'request',
        ...decisionColumns(approval.decision),
        decision_spec_version: version,
        placed_epoch: await nextPlacementEpoch(tx),
        updated_at: now,
      };
      if (current) {
        await tx('miniplanes_services')
          .where({ entity_ref: request.entity_ref })
          .update(service);
      } else {
        await tx('miniplanes_services').insert({
          entity_ref: request.entity_ref,
          created_at: now,
          ...service,
        });
      }
      await tx('miniplanes_service_versions').insert({
        entity_ref: request.entity_ref,
        spec_version: version,
        spec: request.spec,
        decision: json(approval.decision),
        created_by: approval.actor,
        request_id: approval.requestId,
        created_at: now,
      });
      for (const release of approval.releases ?? []) {
        await tx('miniplanes_releases').insert({
          entity_ref: request.entity_ref,
          spec_version: version,
          cluster: release.cluster,
          object_key: release.objectKey,
          uid: release.uid ?? null,
        });
      }
      const event = (type: string, message: string, details?: unknown) => ({
        entity_ref: request.entity_ref,
        request_id: approval.requestId,
        type,
        actor: approval.actor,
        message,
        details: json(details),
        created_at: now,
      });
      await tx('miniplanes_events').insert([
        event(
          'request.approved',
          `request approved${approval.comment ? `: ${approval.comment}` : ''}`,
        ),
        event(
          'spec.changed',
          `spec version ${version} from request`,
          approval.diff ? { diff: approval.diff } : undefined,
        ),
      ]);
      return { specVersion: version };
    });
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
      ...(row.impact ? { impact: JSON.parse(row.impact) } : {}),
      ...(row.decided_by ? { decidedBy: row.decided_by } : {}),
      ...(row.decided_at ? { decidedAt: iso(row.decided_at) } : {}),
      ...(row.escalated_at ? { escalatedAt: iso(row.escalated_at) } : {}),
      ...(row.comment ? { comment: row.comment } : {}),
      ...(row.failure ? { failure: row.failure } : {}),
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
    };
  }

  async createRequest(request: PlacementRequest) {
    await this.db('miniplanes_requests').insert(requestRow(request));
  }

  async createRequestOnce(request: PlacementRequest) {
    const inserted = await this.db('miniplanes_requests')
      .insert(requestRow(request))
      .onConflict('id')
      .ignore()
      .returning('id');
    return inserted.length === 1;
  }

  async getRequest(id: string) {
    const row = await this.db('miniplanes_requests').where({ id }).first();
    return row ? this.toRequest(row) : undefined;
  }

  async listRequests(filter: RequestFilter) {
    return (await this.requestsQuery(filter)).map(row => this.toRequest(row));
  }

  async pageRequests(
    filter: RequestFilter,
    page: { limit: number; after?: RequestPosition },
  ) {
    const query = this.requestsQuery(filter);
    const { after } = page;
    if (after) {
      // Ordered by creation, newest first, then by id: the page starts
      // past the position in that order.
      const createdAt = new Date(after.createdAt);
      query.where(older =>
        older
          .where('created_at', '<', createdAt)
          .orWhere(same =>
            same.where('created_at', '=', createdAt).where('id', '>', after.id),
          ),
      );
    }
    const { rows, more } = await readPage<any>(query, page.limit);
    const requests = rows.map(row => this.toRequest(row));
    const last = requests[requests.length - 1];
    return more
      ? { requests, next: { createdAt: last.createdAt, id: last.id } }
      : { requests };
  }

  private requestsQuery(filter: RequestFilter) {
    const query = this.db('miniplanes_requests')
      .orderBy('created_at', 'desc')
      .orderBy('id');
    if (filter.status) query.where({ status: filter.status });
    if (filter.entityRef) query.where({ entity_ref: filter.entityRef });
    return query;
  }

  async countRequests(status: RequestStatus) {
    const [row] = await this.db('miniplanes_requests')
      .where({ status })
      .count({ count: '*' });
    // PostgreSQL answers a count as text.
    return Number(row.count);
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
        ...(update.escalatedAt !== undefined
          ? { escalated_at: new Date(update.escalatedAt) }
          : {}),
        ...(['rejected', 'withdrawn', 'approved'].includes(update.status)
          ? { decided_at: this.now() }
          : {}),
        updated_at: this.now(),
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
      created_at: this.now(),
    });
  }

  async listEvents(filter: { entityRef?: string; requestId?: string }) {
    const query = this.db('miniplanes_events').orderBy('id');
    if (filter.entityRef) query.where({ entity_ref: filter.entityRef });
    if (filter.requestId) query.where({ request_id: filter.requestId });
    return (await query).map(eventOf);
  }

  async pageEvents(
    entityRef: string,
    page: { limit: number; beforeId?: number },
  ) {
    const query = this.db('miniplanes_events')
      .where({ entity_ref: entityRef })
      .orderBy('id', 'desc');
    if (page.beforeId !== undefined) query.where('id', '<', page.beforeId);
    const { rows, more } = await readPage<any>(query, page.limit);
    return { events: rows.reverse().map(eventOf), more };
  }
}

/** An event as its row holds it. */
function eventOf(row: any): ServiceEvent {
  return {
    id: Number(row.id),
    entityRef: row.entity_ref,
    ...(row.request_id ? { requestId: row.request_id } : {}),
    type: row.type,
    ...(row.actor ? { actor: row.actor } : {}),
    message: row.message,
    ...(row.details ? { details: JSON.parse(row.details) } : {}),
    createdAt: iso(row.created_at),
  };
}

/** A request as its row. */
function requestRow(request: PlacementRequest) {
  return {
    id: request.id,
    entity_ref: request.entityRef,
    status: request.status,
    requested_by: request.requestedBy,
    reason: request.reason,
    spec: json(request.spec),
    preview: json(request.decision),
    diff: json(request.diff),
    checks: json(request.checks),
    impact: json(request.impact),
    base_spec_version: request.baseSpecVersion ?? null,
    created_at: new Date(request.createdAt),
    updated_at: new Date(request.updatedAt),
  };
}
