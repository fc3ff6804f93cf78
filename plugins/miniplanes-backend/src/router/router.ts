import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import {
  AuditorService,
  AuthService,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  assertError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  fleetFromFile,
  formatValidationIssues,
  miniplanesRequestCreatePermission,
  miniplanesRequestDecidePermission,
  parseFederatedService,
  parseFleetFile,
  evaluatePlacement,
  FleetCluster,
  ResourceInterpreter,
} from '@miniplanes/plugin-miniplanes-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { FleetService } from '../fleet/FleetService';
import { auditRequestAction } from '../requests/auditRequestAction';
import { PlacementService } from '../placement/PlacementService';
import { RequestService } from '../requests/RequestService';
import {
  ClusterStatusStore,
  ClusterSyncRecord,
} from '../store/ClusterStatusStore';
import { MiniplanesStore } from '../store/MiniplanesStore';
import { SovereigntyStore } from '../store/SovereigntyStore';
import { AutomationRequesters } from '../permissions/AutomationRequesters';
import { authorizePrivilegedFiling } from '../permissions/authorizePrivilegedFiling';
import { serviceStatus, summarizeStatus } from './serviceStatus';
import { connectionsView } from './connectionsView';
import { loadEvidence } from '../evidence/loadEvidence';
import { InventoryStore } from '../store/InventoryStore';
import { spec as openApiSpec } from '../schema/openapi.generated';
import { RolloutControl } from '../sync/RolloutControl';
import { readScope } from '../permissions/readableEntities';
import { safeErrorHandler } from './safeErrorHandler';
import {
  requestCursor,
  requestPosition,
  serviceAfter,
  serviceCursor,
} from './pageCursors';

/** The newest history entries a service is served with; older ones come a page at a time. */
const HISTORY_SERVED = 200;

/** The entity ref a service's route names (`/services/:namespace/:kind/:name`). */
function entityRefOf(params: {
  namespace: string;
  kind: string;
  name: string;
}) {
  return `${params.kind.toLowerCase()}:${params.namespace.toLowerCase()}/${
    params.name
  }`;
}

// What the OpenAPI schema cannot say about a filing, with actionable messages.
const fileRequestBody = z.object({
  entityRef: z.string().refine(isEntityRef, {
    error: 'expected an entity ref such as component:default/storage',
  }),
  reason: z
    .string()
    .trim()
    .min(1, { error: 'reason: say why the placement should change' }),
  spec: z.unknown(),
  onBehalfOf: z.string().optional(),
});

/** `{ [key]: value }` when the value is defined, `{}` otherwise: the wire leaves absent fields out. */
function withDefined<K extends string, V>(
  key: K,
  value: V | undefined,
): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function isEntityRef(ref: string): boolean {
  try {
    parseEntityRef(ref);
    return true;
  } catch {
    return false;
  }
}

function bodyOf<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw new InputError(
      result.error.issues
        .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
        .join('\n'),
    );
  }
  return result.data;
}

/** Parses a FederatedService from a body field, or answers 400 with every problem. */
function serviceFrom(input: unknown, field: string) {
  const result = parseFederatedService(input);
  if (!result.ok) {
    throw new InputError(
      `${field} is not a valid FederatedService:\n${formatValidationIssues(
        result.issues,
      )}`,
    );
  }
  return result.value;
}

/** The optional body of approve and reject, as the spec allows it. */
type DecisionBody = { comment?: string } | undefined;

export interface RouterOptions {
  logger: LoggerService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  auditor: AuditorService;
  store: MiniplanesStore;
  statusStore: ClusterStatusStore;
  /** What miniplanes applied, and the releases: for the auditors' evidence. */
  inventory: InventoryStore;
  fleet: FleetService;
  /** Where the fleet recorded its clusters' jurisdiction changes. */
  sovereignty?: SovereigntyStore;
  placement: PlacementService;
  requests: RequestService;
  /** The service principals that may file requests; none when absent. */
  automation?: AutomationRequesters;
  /** Staged rollouts: served with the service, and acted on by approvers and owners. */
  rollouts: RolloutControl;
  /** The sync's resource interpreters, for the connections view; the built-in ones when absent. */
  interpreters?: readonly ResourceInterpreter[];
}

/**
 * The REST API, mounted under /api/miniplanes, as described by
 * src/schema/openapi.yaml: the OpenAPI validator refuses inputs the spec does
 * not allow; zod and the model then check what the spec cannot say.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    logger,
    auth,
    httpAuth,
    permissions,
    catalog,
    auditor,
    store,
    statusStore,
    inventory,
    fleet,
    placement,
    requests,
    automation,
    rollouts,
  } = options;
  const router = Router();
  // Every route needs a caller. Authenticated here rather than by
  // Backstage's barrier (opened to this router in plugin.ts), so that a
  // 401 too is answered by safeErrorHandler, without a stack.
  router.use(async req => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    return 'next';
  });
  // Parsed here, outside the validated router, which would turn a too large
  // body into a 400: it answers 413.
  router.use(express.json({ limit: '1mb' }));
  const api = createValidatedOpenApiRouter<typeof openApiSpec>(openApiSpec, {
    // Backstage's httpRouter authenticates every caller before any route runs.
    validatorOptions: { validateSecurity: false },
  });
  router.use(api);

  const user = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { principal } = credentials;
    if (principal.type !== 'user') {
      throw new NotAllowedError(
        'placement requests are decided and withdrawn by people: sign in as a user',
      );
    }
    return { credentials, ref: principal.userEntityRef };
  };

  /**
   * Who files: the signed-in user, or the user a service principal of
   * miniplanes.automation names (onBehalfOf) for an entity it may file for.
   */
  const requester = (
    principal: BackstageUserPrincipal | BackstageServicePrincipal,
    body: z.infer<typeof fileRequestBody>,
  ): string => {
    if (principal.type === 'user') {
      if (body.onBehalfOf !== undefined) {
        throw new InputError(
          'onBehalfOf: only service principals file on behalf of someone; users file as themselves',
        );
      }
      return principal.userEntityRef;
    }
    if (!automation) {
      throw new NotAllowedError(
        `the service principal ${principal.subject} may not file placement requests: list it under miniplanes.automation with the entities it files for`,
      );
    }
    return automation.requesterFor({
      subject: principal.subject,
      entityRef: body.entityRef,
      onBehalfOf: body.onBehalfOf,
    });
  };

  /** The caller's read scope: what the catalog lets them read. */
  const scopeOf = async (req: Parameters<HttpAuthService['credentials']>[0]) =>
    readScope(permissions, await httpAuth.credentials(req));

  /** 404 for a service the caller may not read, as for one that does not exist. */
  const assertReadable = async (
    req: Parameters<HttpAuthService['credentials']>[0],
    entityRef: string,
  ) => {
    const scope = await scopeOf(req);
    if (!(await scope.readable([entityRef])).has(entityRef))
      throw new NotFoundError(`no federated service for ${entityRef}`);
  };

  api.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  api.get('/clusters', async (req, res) => {
    const scope = await scopeOf(req);
    // The store's index of what runs where, not a read of every service.
    const { services, byCluster } = await store.placedServices();
    // Each cluster lists only the services the caller may read.
    const readable = (await scope.readsEverything())
      ? undefined
      : await scope.readable(services);
    const servicesOn = (cluster: string) => {
      const placed = byCluster.get(cluster) ?? [];
      return readable ? placed.filter(ref => readable.has(ref)) : placed;
    };
    const items: FleetCluster[] = fleet.getFleet().clusters.map(profile => ({
      ...profile,
      ...(fleet.title(profile.name)
        ? { title: fleet.title(profile.name) }
        : {}),
      connected: fleet.isConnected(profile.name),
      services: servicesOn(profile.name) as string[],
      labelSources: fleet.labelSources(profile.name),
      ...(fleet.ignoredLabels(profile.name).length
        ? { ignoredLabels: fleet.ignoredLabels(profile.name) }
        : {}),
    }));
    res.json({ items });
  });

  api.get('/sovereignty-changes', async (req, res) => {
    await httpAuth.credentials(req);
    const limit = Number(req.query.limit ?? 100);
    res.json({
      items: (await options.sovereignty?.listChanges({ limit })) ?? [],
    });
  });

  api.get('/governance', async (req, res) => {
    await httpAuth.credentials(req);
    const { governance, jurisdictions, storageLocations } = fleet.getFleet();
    res.json({
      items: governance,
      jurisdictions,
      storageLocations: storageLocations ?? [],
    });
  });

  api.get('/services', async (req, res) => {
    const scope = await scopeOf(req);
    const { limit, cursor } = req.query;
    // Each decision explains every cluster, as the contract says. Without
    // a limit, every service (as before pages existed).
    const { services, next } =
      limit === undefined
        ? {
            services: await store.listServices({ fullDecision: true }),
            next: undefined,
          }
        : await store.pageServices(
            {
              limit: Number(limit),
              after: cursor === undefined ? undefined : serviceAfter(cursor),
            },
            { fullDecision: true },
          );
    const refs = services.map(s => s.entityRef);
    const readable = await scope.readable(refs);
    const records = new Map<string, ClusterSyncRecord[]>();
    for (const record of await statusStore.list(
      limit === undefined ? undefined : refs,
    )) {
      records.set(record.entityRef, [
        ...(records.get(record.entityRef) ?? []),
        record,
      ]);
    }
    const items = services
      .filter(s => readable.has(s.entityRef))
      .map(s => ({
        entityRef: s.entityRef,
        specVersion: s.specVersion,
        spec: s.spec,
        decision: s.decision,
        status: summarizeStatus(
          serviceStatus(s, records.get(s.entityRef) ?? []),
        ),
      }));
    // A page may show fewer than its limit: the cursor still goes on.
    res.json({ items, ...(next ? { nextCursor: serviceCursor(next) } : {}) });
  });

  api.get('/services/:namespace/:kind/:name', async (req, res) => {
    const entityRef = entityRefOf(req.params);
    await assertReadable(req, entityRef);
    const service = await store.getService(entityRef, { fullDecision: true });
    if (!service)
      throw new NotFoundError(`no federated service for ${entityRef}`);
    const status = serviceStatus(service, await statusStore.list([entityRef]));
    // A service's history grows with every drift repaired: the newest part
    // comes with it, the rest from /history.
    const history = await store.pageEvents(entityRef, {
      limit: HISTORY_SERVED,
    });
    res.json({
      entityRef,
      specVersion: service.specVersion,
      spec: service.spec,
      decision: service.decision,
      status,
      history: history.events,
      ...(history.more ? { olderHistory: true } : {}),
      requests: await requests.list({ entityRef, status: 'pending' }),
      ...withDefined('rollout', await rollouts.view(service)),
      ...withDefined(
        'connections',
        connectionsView({
          service,
          status,
          fleet: fleet.getFleet(),
          interpreters: options.interpreters,
        }),
      ),
    });
  });

  api.get('/services/:namespace/:kind/:name/history', async (req, res) => {
    const entityRef = entityRefOf(req.params);
    await assertReadable(req, entityRef);
    if (!(await store.getService(entityRef)))
      throw new NotFoundError(`no federated service for ${entityRef}`);
    const { before, limit } = req.query;
    const page = await store.pageEvents(entityRef, {
      limit: limit === undefined ? HISTORY_SERVED : Number(limit),
      beforeId: before === undefined ? undefined : Number(before),
    });
    res.json({ items: page.events, more: page.more });
  });

  api.post(
    '/services/:namespace/:kind/:name/rollout/:action',
    async (req, res) => {
      const { credentials, ref } = await user(req);
      const { action } = req.params;
      const entityRef = entityRefOf(req.params);
      const event = await auditor.createEvent({
        eventId: 'rollout',
        severityLevel: 'medium',
        request: req,
        meta: { actionType: action, entityRef },
      });
      try {
        // Opening a gate is an approval; stopping or rolling back a rollout
        // is also for the service's owners, who see it go wrong first.
        const [decide, own] = await permissions.authorize(
          [
            { permission: miniplanesRequestDecidePermission },
            {
              permission: miniplanesRequestCreatePermission,
              resourceRef: entityRef,
            },
          ],
          { credentials },
        );
        const approver = decide.result === AuthorizeResult.ALLOW;
        const owner = own.result === AuthorizeResult.ALLOW;
        if (action === 'approveStage' ? !approver : !approver && !owner) {
          throw new NotAllowedError(
            action === 'approveStage'
              ? 'only approvers may open a stage of a rollout'
              : `only approvers and the owners of ${entityRef} may ${action} its rollout`,
          );
        }
        const state = await rollouts.act({
          entityRef,
          action,
          actor: ref,
          stage: req.body?.stage,
          comment: req.body?.comment,
        });
        await event.success({ meta: { phase: state.phase } });
        res.json(state);
      } catch (error) {
        assertError(error);
        await event.fail({ error });
        throw error;
      }
    },
  );

  api.get('/services/:namespace/:kind/:name/evidence', async (req, res) => {
    const entityRef = entityRefOf(req.params);
    await assertReadable(req, entityRef);
    const evidence = await loadEvidence({ store, inventory, fleet }, entityRef);
    if (!evidence)
      throw new NotFoundError(`no federated service for ${entityRef}`);
    res.json(evidence);
  });

  api.post('/preview', async (req, res) => {
    await httpAuth.credentials(req);
    const body = req.body;
    const service = serviceFrom(body.service, 'service');
    let target = fleet.getFleet();
    if (body.fleet !== undefined) {
      const parsed = parseFleetFile(body.fleet);
      if (!parsed.ok) {
        throw new InputError(
          `fleet is not a valid fleet document:\n${formatValidationIssues(
            parsed.issues,
          )}`,
        );
      }
      target = fleetFromFile(parsed.value);
    }
    const current = await store.getService(service.metadata.entityRef);
    res.json(
      body.fleet === undefined
        ? placement.evaluate(service, current?.decision)
        : evaluatePlacement({
            service,
            fleet: target,
            interpreters: options.interpreters,
          }),
    );
  });

  api.post('/requests', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const body = bodyOf(fileRequestBody, req.body);
    const filed = await auditRequestAction(
      auditor,
      {
        action: 'file',
        // The auditor records the caller; a service principal's user too.
        meta: {
          entityRef: body.entityRef,
          ...(body.onBehalfOf ? { onBehalfOf: body.onBehalfOf } : {}),
        },
        request: req,
      },
      async () => {
        const requestedBy = requester(credentials.principal, body);
        const spec = serviceFrom(body.spec, 'spec');
        // A user reads as themselves: an entity they cannot see is one they
        // cannot request for. A service principal's entities are the ones
        // miniplanes.automation names, read as miniplanes, so its token
        // need not reach the catalog.
        const readAs =
          credentials.principal.type === 'service'
            ? await auth.getOwnServiceCredentials()
            : credentials;
        if (credentials.principal.type === 'service') {
          // The user a service principal names is accountable: they must exist.
          const onBehalfOf = await catalog.getEntityByRef(requestedBy, {
            credentials: readAs,
          });
          if (!onBehalfOf) {
            throw new InputError(
              `onBehalfOf: ${requestedBy} is not a user in the catalog`,
            );
          }
        }
        const entity = await catalog.getEntityByRef(body.entityRef, {
          credentials: readAs,
        });
        if (!entity) {
          throw new NotFoundError(
            `${body.entityRef} is not in the catalog, or you may not see it; register the entity before requesting a placement for it`,
          );
        }
        // With the resourceRef the permission backend resolves the policy's
        // catalog conditions (ownership) against this entity itself.
        const [decision] = await permissions.authorize(
          [
            {
              permission: miniplanesRequestCreatePermission,
              resourceRef: body.entityRef,
            },
          ],
          { credentials },
        );
        if (decision.result !== AuthorizeResult.ALLOW) {
          throw new NotAllowedError(
            `you may not request placement changes for ${body.entityRef}: only its owners may`,
          );
        }
        await authorizePrivilegedFiling({
          permissions,
          credentials,
          privileged: await requests.privilegedObjectsOf(spec),
        });
        return requests.file({
          entityRef: body.entityRef,
          reason: body.reason,
          spec,
          requestedBy,
        });
      },
    );
    res.status(201).json(filed);
  });

  api.get('/requests', async (req, res) => {
    const scope = await scopeOf(req);
    const { status, entityRef, limit, cursor } = req.query;
    const filter = { status, entityRef };
    // Without a limit, every request (as before pages existed).
    const { items, next } =
      limit === undefined
        ? { items: await requests.list(filter), next: undefined }
        : await requests.listPage(filter, {
            limit: Number(limit),
            after: cursor === undefined ? undefined : requestPosition(cursor),
          });
    const page = next ? { nextCursor: requestCursor(next) } : {};
    // Approvers see every request: they must see what they decide.
    if (await scope.isApprover()) {
      res.json({ items, ...page });
      return;
    }
    // A page may show fewer than its limit: the cursor still goes on.
    const readable = await scope.readable(items.map(r => r.entityRef));
    res.json({ items: items.filter(r => readable.has(r.entityRef)), ...page });
  });

  api.get('/requests/:id', async (req, res) => {
    const scope = await scopeOf(req);
    const request = await requests.get(req.params.id);
    if (
      !(await scope.isApprover()) &&
      !(await scope.readable([request.entityRef])).has(request.entityRef)
    )
      throw new NotFoundError(`no placement request ${req.params.id}`);
    res.json({
      ...request,
      history: await store.listEvents({ requestId: request.id }),
    });
  });

  const decide =
    (action: 'approve' | 'reject') =>
    async (
      req: express.Request<{ id: string }, unknown, DecisionBody>,
      res: express.Response,
    ) => {
      const { credentials, ref } = await user(req);
      const { id } = req.params;
      res.json(
        await auditRequestAction(
          auditor,
          { action, meta: { requestId: id }, request: req },
          async () => {
            const [decision] = await permissions.authorize(
              [{ permission: miniplanesRequestDecidePermission }],
              { credentials },
            );
            if (decision.result !== AuthorizeResult.ALLOW) {
              throw new NotAllowedError(
                'only approvers may approve or reject placement requests',
              );
            }
            return requests[action](id, ref, req.body?.comment);
          },
        ),
      );
    };
  api.post('/requests/:id/approve', decide('approve'));
  api.post('/requests/:id/reject', decide('reject'));
  api.post('/requests/:id/withdraw', async (req, res) => {
    const { ref } = await user(req);
    const { id } = req.params;
    res.json(
      await auditRequestAction(
        auditor,
        { action: 'withdraw', meta: { requestId: id }, request: req },
        () => requests.withdraw(id, ref, req.body?.comment),
      ),
    );
  });

  router.use(safeErrorHandler(logger));
  return router;
}
