import {
  ClusterProfile,
  FederatedService,
  Fleet,
  formatPath,
  PlacementDecision,
  renderClusterManifests,
  RenderedManifest,
  ResourceInterpreter,
  ResourceRole,
  storageClaimIssues,
} from '@miniplanes/plugin-miniplanes-common';
import { isDataKind } from '../store/inventoryEntries';

/** One problem that keeps a version from being applied somewhere. */
export interface VersionProblem {
  path: string;
  message: string;
}

const DNS_SUBDOMAIN =
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const API_VERSION =
  /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;
/** Kinds whose names the API server checks as DNS labels rather than subdomains. */
const LABEL_NAMED_KINDS = new Set(['Service', 'Namespace']);

/**
 * Renders a version for every cluster of the fleet as if each role were
 * placed there, and checks what every cluster would receive: overrides that
 * apply, names the API server accepts, well-formed kinds. A version filed
 * clean here cannot fail to render later on any cluster of this fleet.
 */
export function validateVersion(
  spec: FederatedService,
  fleet: Fleet,
  /** The sync's resource interpreters (the built-in ones when absent). */
  interpreters?: readonly ResourceInterpreter[],
): VersionProblem[] {
  const problems = new Map<string, VersionProblem>();
  const add = (p: VersionProblem) => problems.set(`${p.path} ${p.message}`, p);
  spec.spec.resources.forEach(({ manifest, role }, index) => {
    const at = `spec.resources[${index}].manifest`;
    // Storage is data whatever the document says: placed by the data's
    // rules, or it would follow config and compute out of the residency.
    if (role !== 'data' && isDataKind(manifest.apiVersion, manifest.kind)) {
      add({
        path: `spec.resources[${index}].role`,
        message: `a ${manifest.kind} holds data: declare it role data (not ${role}), so that it lives only where the data may and is never deleted without a release`,
      });
    }
    if (!API_VERSION.test(manifest.apiVersion)) {
      add({
        path: `${at}.apiVersion`,
        message: `${JSON.stringify(
          manifest.apiVersion,
        )} is not an apiVersion such as apps/v1`,
      });
    }
    if (!KIND.test(manifest.kind)) {
      add({
        path: `${at}.kind`,
        message: `${JSON.stringify(
          manifest.kind,
        )} is not a kind such as Deployment`,
      });
    }
  });
  const declaredClaimIssues = spec.spec.resources.map(
    ({ manifest, role }) =>
      new Set(storageClaimIssues(manifest, role).map(i => formatPath(i.path))),
  );
  for (const cluster of fleet.clusters) {
    let rendered: RenderedManifest[];
    try {
      rendered = renderClusterManifests({
        service: spec,
        decision: everyRoleIn(cluster, spec),
        cluster,
        interpreters,
      });
    } catch (error) {
      const message = (error as Error).message;
      const path = /^(spec\.overrides\[\d+\](?:\.patches)?) /.exec(
        message,
      )?.[1];
      add({ path: path ?? 'spec.overrides', message });
      continue;
    }
    // Every role is placed, so the rendered list follows spec.resources.
    rendered.forEach(({ manifest }, index) => {
      const { manifest: declared, role } = spec.spec.resources[index];
      // Overrides may add claims or a retention policy in some clusters
      // (the document's own are refused with the document).
      for (const issue of storageClaimIssues(manifest, role)) {
        const path = formatPath(issue.path);
        if (declaredClaimIssues[index].has(path)) continue;
        add({
          path: `spec.resources[${index}].${path}`,
          message: `${issue.message} (as the overrides render it for cluster ${cluster.name})`,
        });
      }
      // What a version may apply, and who may file it, is judged by the
      // kinds it declares: an override must not turn one into another.
      if (
        manifest.apiVersion !== declared.apiVersion ||
        manifest.kind !== declared.kind
      ) {
        add({
          path: 'spec.overrides',
          message: `overrides may not change an object's apiVersion or kind: ${declared.apiVersion} ${declared.kind} ${declared.metadata.name} becomes ${manifest.apiVersion} ${manifest.kind} in cluster ${cluster.name}`,
        });
      }
      const at = `spec.resources[${index}].manifest.metadata.name`;
      const name = manifest.metadata.name;
      const label = LABEL_NAMED_KINDS.has(manifest.kind);
      if (!(label ? DNS_LABEL : DNS_SUBDOMAIN).test(name)) {
        add({
          path: at,
          message: `${manifest.kind} name ${JSON.stringify(name)} (in cluster ${
            cluster.name
          }) is not a valid ${
            label ? 'DNS-1123 label' : 'DNS-1123 subdomain'
          }: lower-case letters, digits and '-'${
            label ? '' : " and '.'"
          }, starting and ending with a letter or digit, at most ${
            label ? 63 : 253
          } characters`,
        });
      }
    });
  }
  return [...problems.values()];
}

/** A decision that places every role of the service in the cluster, to render what it could ever receive. */
export function everyRoleIn(
  cluster: ClusterProfile,
  spec: FederatedService,
): PlacementDecision {
  const roles = [
    ...new Set(spec.spec.resources.map(r => r.role)),
  ] as ResourceRole[];
  return {
    satisfiable: true,
    clusters: [
      {
        name: cluster.name,
        selected: true,
        roles,
        replicas: { data: 1, compute: 1, config: 0 },
        reasons: [],
        score: { total: 0, breakdown: {} },
        labels: cluster.labels,
      },
    ],
    unsatisfied: [],
    summary: [],
  };
}
