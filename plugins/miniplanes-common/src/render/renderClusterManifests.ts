import { applyPatch, Operation } from 'fast-json-patch';
import { patchedManifestIssues } from '../model/parse';
import { matchesSelector } from '../model/selectors';
import {
  ClusterProfile,
  FederatedService,
  Fleet,
  Override,
  ResourceRole,
} from '../model/types';
import { renderDataOperations } from '../dataOperations/renderDataOperations';
import { OperationManifest, OperatorProfile } from '../dataOperations/types';
import { PlacementDecision } from '../placement/types';
import { builtinResourceInterpreters } from '../interpreters/builtinInterpreters';
import { withReplicaShare } from '../interpreters/interpretResource';
import { ResourceInterpreter } from '../interpreters/types';
import { isClusterScopedKind } from './clusterScopedKinds';
import {
  MINIPLANES_ANNOTATIONS,
  objectLabels,
  ownershipLabels,
  shardBucketLabel,
} from './ownershipLabels';
import { cloneJson } from './cloneJson';

/** @public */
export interface RenderedManifest {
  role: ResourceRole;
  manifest: OperationManifest;
}

type Manifest = RenderedManifest['manifest'];
type Container = {
  name?: string;
  image?: string;
  env?: { name: string; value?: string }[];
};

function podTemplateOf(manifest: Manifest):
  | {
      metadata?: { labels?: Record<string, string> };
      spec?: { containers?: Container[] };
    }
  | undefined {
  const spec = manifest.spec as Record<string, any> | undefined;
  if (!spec) return undefined;
  if (manifest.kind === 'CronJob') return spec.jobTemplate?.spec?.template;
  return spec.template;
}

/**
 * The containers an override's image and env change. Validation vouches for
 * the built-in workloads' shape; a custom kind's is its own, so one whose
 * containers cannot be read refuses the override rather than half-apply it.
 */
function overridableContainers(
  manifest: Manifest,
  index: number,
  cluster: string,
): Container[] {
  const containers: unknown = podTemplateOf(manifest)?.spec?.containers ?? [];
  const refuse = (why: string) =>
    new Error(
      `spec.overrides[${index}] cannot be applied to ${manifest.kind} ${manifest.metadata.name} in cluster ${cluster}: ${why}`,
    );
  if (!Array.isArray(containers))
    throw refuse("its pod template's containers are not a list");
  containers.forEach((container, at) => {
    if (typeof container !== 'object' || container === null)
      throw refuse(`its pod template's containers[${at}] is not a container`);
    if (container.env !== undefined && !Array.isArray(container.env))
      throw refuse(
        `the env of its pod template's containers[${at}] is not a list`,
      );
  });
  return containers;
}

function overrideApplies(
  override: Override,
  manifest: Manifest,
  labels: Record<string, string>,
): boolean {
  if (!matchesSelector(override.clusters, labels)) return false;
  const target = override.resource;
  if (target?.kind && target.kind !== manifest.kind) return false;
  if (target?.name && target.name !== manifest.metadata.name) return false;
  return true;
}

function applyOverride(
  manifest: Manifest,
  override: Override,
  index: number,
  cluster: string,
  interpreters: readonly ResourceInterpreter[],
): Manifest {
  const containers =
    override.image || override.env
      ? overridableContainers(manifest, index, cluster)
      : [];
  if (override.image) containers.forEach(c => (c.image = override.image));
  if (override.env) {
    for (const container of containers) {
      const env = container.env ?? [];
      for (const variable of override.env) {
        const existing = env.find(e => e.name === variable.name);
        if (existing) existing.value = variable.value;
        else env.push({ ...variable });
      }
      container.env = env;
    }
  }
  const scaled =
    override.replicas === undefined
      ? manifest
      : withReplicaShare(manifest, override.replicas, interpreters);
  if (override.labels) {
    scaled.metadata.labels = {
      ...scaled.metadata.labels,
      ...override.labels,
    };
  }
  if (!override.patches?.length) return scaled;
  let patched: Manifest;
  try {
    // Copies of the operations: a value a patch adds is then the manifest's
    // own, which later overrides and the ownership labels may change, not
    // part of the stored version (frozen, and shared by every render).
    patched = applyPatch(
      scaled,
      cloneJson(override.patches) as Operation[],
      true,
      true,
    ).newDocument;
  } catch (error) {
    throw new Error(
      `spec.overrides[${index}].patches cannot be applied to ${scaled.kind} ${
        scaled.metadata.name
      } in cluster ${cluster}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const issues = patchedManifestIssues(patched);
  if (issues.length > 0)
    throw new Error(
      `spec.overrides[${index}].patches leave ${scaled.kind} ${
        scaled.metadata.name
      } in cluster ${cluster} invalid: ${issues
        .map(issue => `${issue.path}: ${issue.message}`)
        .join('; ')}`,
    );
  return patched;
}

/**
 * The manifests one cluster should hold for a service under a decision:
 * each placed role's templates, with the cluster's replica share, the
 * overrides whose selector matches the cluster, and the labels that tie every
 * object (and its pods) to the catalog entity and to miniplanes.
 * Throws when an override's JSON patch does not apply.
 *
 * @public
 */
export function renderClusterManifests(input: {
  service: FederatedService;
  decision: PlacementDecision;
  cluster: ClusterProfile | string;
  /**
   * The fleet as it is now: with it, a data cluster also gets what the
   * service's data operations ask of its operators (see
   * `renderDataOperations`).
   */
  fleet?: Fleet;
  profiles?: OperatorProfile[];
  /**
   * How workload kinds take their replica share (the built-in ones when
   * absent); a kind none of them can scale keeps its own replicas.
   */
  interpreters?: readonly ResourceInterpreter[];
}): RenderedManifest[] {
  const { service, decision } = input;
  const name =
    typeof input.cluster === 'string' ? input.cluster : input.cluster.name;
  const placed = decision.clusters.find(c => c.name === name);
  if (!placed?.selected) return [];
  const labels =
    typeof input.cluster === 'string' ? placed.labels : input.cluster.labels;

  const interpreters = input.interpreters ?? builtinResourceInterpreters;
  const share = computeShare(service, placed.replicas.compute);
  const rendered: RenderedManifest[] = [];
  for (const resource of service.spec.resources) {
    if (!placed.roles.includes(resource.role)) continue;
    let manifest = cloneJson(resource.manifest) as Manifest;
    if (isClusterScopedKind(manifest.apiVersion, manifest.kind)) {
      delete manifest.metadata.namespace;
    } else if (!manifest.metadata.namespace && service.metadata.namespace) {
      manifest.metadata.namespace = service.metadata.namespace;
    }
    if (resource.role === 'compute' && share !== undefined) {
      manifest = withReplicaShare(manifest, share, interpreters);
    }
    (service.spec.overrides ?? []).forEach((override, index) => {
      if (overrideApplies(override, manifest, labels)) {
        manifest = applyOverride(manifest, override, index, name, interpreters);
      }
    });
    // Ownership goes on last, so no override can change what the sync
    // relies on to protect data and other services' objects.
    const ownership = ownershipLabels(
      service.metadata.entityRef,
      resource.role,
    );
    manifest.metadata.labels = {
      ...manifest.metadata.labels,
      ...ownership,
      ...shardBucketLabel(service.metadata.entityRef),
    };
    manifest.metadata.annotations = {
      ...manifest.metadata.annotations,
      [MINIPLANES_ANNOTATIONS.service]: service.metadata.entityRef,
    };
    const template = podTemplateOf(manifest);
    // A custom kind's `spec.template` may be something else than a pod template.
    if (template && typeof template === 'object' && !Array.isArray(template)) {
      template.metadata = {
        ...template.metadata,
        labels: { ...template.metadata?.labels, ...ownership },
      };
    }
    rendered.push({ role: resource.role, manifest });
  }
  if (input.fleet && placed.roles.includes('data')) {
    return withDataOperations(rendered, input, name);
  }
  return rendered;
}

/**
 * The replicas each compute workload runs in a cluster: its share under the
 * service's replicas policy. Without a policy the decision gives the role
 * the replicas its manifests ask for (`spec.replicas`); where it found none
 * (no pod template, e.g. a custom kind with its own replica field), the
 * workloads keep their own.
 */
function computeShare(
  service: FederatedService,
  decided: number,
): number | undefined {
  return service.spec.placement.replicas !== undefined || decided > 0
    ? decided
    : undefined;
}

/** The rendered manifests with the data operations of a data cluster: replicated resources adjusted, operators' objects added. */
function withDataOperations(
  rendered: RenderedManifest[],
  input: Parameters<typeof renderClusterManifests>[0],
  cluster: string,
): RenderedManifest[] {
  const { service } = input;
  const data = new Map(
    rendered
      .filter(r => r.role === 'data')
      .map(r => [r.manifest.metadata.name, r.manifest]),
  );
  const { added, replaced } = renderDataOperations({
    service,
    decision: input.decision,
    cluster,
    fleet: input.fleet!,
    profiles: input.profiles,
    dataResources: data,
  });
  const labelled = (manifest: Manifest, role: ResourceRole): Manifest => ({
    ...manifest,
    metadata: {
      ...manifest.metadata,
      labels: {
        ...manifest.metadata.labels,
        ...objectLabels(service.metadata.entityRef, role),
      },
      annotations: {
        ...manifest.metadata.annotations,
        [MINIPLANES_ANNOTATIONS.service]: service.metadata.entityRef,
      },
    },
  });
  return [
    ...rendered.map(r =>
      r.role === 'data' && replaced.has(r.manifest.metadata.name)
        ? {
            role: r.role,
            manifest: labelled(
              replaced.get(r.manifest.metadata.name) as Manifest,
              'data',
            ),
          }
        : r,
    ),
    // The operators' objects are configuration of the data cluster.
    ...added.map(m => ({
      role: 'config' as const,
      manifest: labelled(m as Manifest, 'config'),
    })),
  ];
}
