import {
  evaluatePlacement,
  FederatedService,
  fleetFromFile,
  parseFederatedService,
  parseFleetFile,
} from '@miniplanes/plugin-miniplanes-common';
import { diffDecisions } from '@miniplanes/plugin-miniplanes-common';
import {
  ClusterSyncStatus,
  FederatedServiceView,
  FleetCluster,
  MiniplanesClient,
  PlacementRequestView,
  ServiceSyncStatus,
} from '../api';

const fleetFile = parseFleetFile({
  jurisdictions: { EU: ['FR', 'DE', 'IE'] },
  governance: [
    { classification: 'airline-data', allowedJurisdictions: ['US'] },
  ],
  clusters: [
    {
      name: 'us-east',
      labels: { jurisdiction: 'US', region: 'us-east-1', provider: 'aws' },
      capabilities: ['storage'],
      nodes: { count: 3, cpu: '16', memory: '64Gi' },
    },
    {
      name: 'us-pet',
      labels: { jurisdiction: 'US', region: 'us-west-2', provider: 'aws' },
      capabilities: ['storage'],
      nodes: { count: 3, cpu: '32', memory: '256Gi' },
    },
    {
      name: 'eu-west',
      labels: { jurisdiction: 'IE', region: 'eu-west-1', provider: 'aws' },
      nodes: { count: 2, cpu: '16', memory: '64Gi' },
    },
  ],
});
if (!fleetFile.ok) throw new Error('fixture fleet is invalid');
export const fleet = fleetFromFile(fleetFile.value);

/**
 * The FederatedService of the component `name` (default namespace), parsed as
 * the API parses it; a fixture that does not parse fails every test at once.
 */
export function fixtureService(name: string, spec: object): FederatedService {
  const parsed = parseFederatedService({
    apiVersion: 'miniplanes.io/v1alpha1',
    kind: 'FederatedService',
    metadata: { name, entityRef: `component:default/${name}` },
    spec,
  });
  if (!parsed.ok) throw new Error(`fixture service ${name} is invalid`);
  return parsed.value;
}

/** A workload's spec as small as Kubernetes takes it: one container, a selector of its pods. */
function workloadSpec(name: string) {
  return {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name, image: `${name}:1` }] },
    },
  };
}

/** The compute role of the service `name`: a Deployment of one container. */
export function computeResource(name: string) {
  return {
    role: 'compute',
    manifest: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name },
      spec: workloadSpec(name),
    },
  };
}

export const storageSpec = fixtureService('storage', {
  data: { classification: 'airline-data', residency: ['US'] },
  placement: {
    requires: ['storage'],
    replicas: { total: 4, mode: 'Divided' },
  },
  resources: [
    {
      role: 'data',
      manifest: {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'mongodb' },
        spec: { replicas: 3, ...workloadSpec('mongodb') },
      },
    },
    computeResource('storage'),
  ],
});
export const storageDecision = evaluatePlacement({
  service: storageSpec,
  fleet,
});

/** The service with its resource of `kind` given these fields of its manifest's spec. */
export function withManifestSpec(
  service: FederatedService,
  kind: string,
  fields: object,
): FederatedService {
  return {
    ...service,
    spec: {
      ...service.spec,
      resources: service.spec.resources.map(r =>
        r.manifest.kind === kind
          ? {
              ...r,
              manifest: {
                ...r.manifest,
                spec: { ...(r.manifest.spec as object), ...fields },
              },
            }
          : r,
      ),
    },
  };
}

/** The storage service rolled out to us-east first, then, once an approver opens the gate, to the rest. */
export const stagedStorageSpec: FederatedService = {
  ...storageSpec,
  spec: {
    ...storageSpec.spec,
    rollout: {
      stages: [
        { name: 'canary', clusters: { matchLabels: { region: 'us-east-1' } } },
        { name: 'rest', approval: true },
      ],
      onFailure: 'Rollback',
    },
  },
};

export const fleetClusters: FleetCluster[] = fleet.clusters.map(c => ({
  ...c,
  connected: c.name !== 'eu-west',
  services: c.name === 'eu-west' ? [] : ['component:default/storage'],
}));

/** Where the tests' msw handlers serve the miniplanes API. */
export const apiBase = 'http://localhost:7007/api/miniplanes';

/** The real client, talking to msw. */
export const testClient = new MiniplanesClient({
  discoveryApi: { getBaseUrl: async () => apiBase },
  fetchApi: { fetch: (input, init) => fetch(input, init) },
});

/** A pending request for the storage service, as GET /requests serves it. */
export function pendingRequest(
  id: string,
  requestedBy: string,
  extra: Partial<PlacementRequestView> = {},
): PlacementRequestView {
  return {
    id,
    entityRef: 'component:default/storage',
    status: 'pending',
    requestedBy,
    reason: `more replicas (${id})`,
    spec: storageSpec,
    decision: storageDecision,
    diff: diffDecisions(undefined, storageDecision),
    checks: [
      {
        name: 'governance',
        passed: true,
        message: 'data stays within its residency',
      },
    ],
    stale: false,
    createdAt: '2026-11-23T10:00:00Z',
    updatedAt: '2026-11-23T10:00:00Z',
    ...extra,
  };
}

/** A cluster's sync status, in sync with 2 ready replicas unless told otherwise. */
export function clusterSync(
  cluster: string,
  extra: Partial<ClusterSyncStatus> = {},
): ClusterSyncStatus {
  return {
    cluster,
    placed: true,
    state: 'InSync',
    specVersion: 1,
    desiredReplicas: 2,
    readyReplicas: 2,
    driftCount: 0,
    retained: [],
    objects: [],
    lastSyncAt: '2026-11-23T10:00:00Z',
    ...extra,
  };
}

/** The status of a service no cluster has received yet. */
export function neverSynced(clusters: string[]): ServiceSyncStatus {
  return {
    state: 'Progressing',
    message: `rolling out to ${clusters.join(', ')}`,
    clusters: clusters.map(cluster => ({
      cluster,
      placed: true,
      state: 'Pending',
      driftCount: 0,
      retained: [],
      objects: [],
    })),
  };
}

/** A service as GET /services/:namespace/:kind/:name serves it, decided against the fixture fleet. */
export function serviceView(
  spec: FederatedService,
  extra: Partial<FederatedServiceView> = {},
): FederatedServiceView {
  const decision = evaluatePlacement({ service: spec, fleet });
  return {
    entityRef: spec.metadata.entityRef,
    specVersion: 1,
    spec,
    decision,
    status: neverSynced(
      decision.clusters.filter(c => c.selected).map(c => c.name),
    ),
    history: [],
    requests: [],
    ...extra,
  };
}
