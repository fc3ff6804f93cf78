import { KubeObject, Verb } from '../kube/types';
import { builtinColumns } from './columns';
import { ALL_VERBS, ResourceType, ScaleSubresource } from './ResourceType';

type Spec = {
  group?: string;
  version?: string;
  resource: string;
  kind: string;
  namespaced?: boolean;
  shortNames?: string[];
  categories?: string[];
  status?: boolean;
  scale?: boolean;
  verbs?: Verb[];
  fieldSelectors?: ResourceType['fieldSelectors'];
  virtual?: boolean;
};

const WORKLOAD_SCALE: ScaleSubresource = {
  specReplicasPath: '.spec.replicas',
  statusReplicasPath: '.status.replicas',
  labelSelectorPath: '.spec.selector',
};

const READ_ONLY: Verb[] = ['get', 'list'];

const get = (o: KubeObject, path: string[]) =>
  path.reduce<any>((v, k) => (v === undefined ? undefined : v[k]), o) as
    | string
    | undefined;

const specs: Spec[] = [
  {
    resource: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    status: true,
    fieldSelectors: { 'status.phase': o => get(o, ['status', 'phase']) },
  },
  {
    resource: 'nodes',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    status: true,
    fieldSelectors: {
      'spec.unschedulable': o =>
        String(get(o, ['spec', 'unschedulable']) ?? false),
    },
  },
  {
    resource: 'pods',
    kind: 'Pod',
    shortNames: ['po'],
    categories: ['all'],
    status: true,
    fieldSelectors: {
      'status.phase': o => get(o, ['status', 'phase']),
      'spec.nodeName': o => get(o, ['spec', 'nodeName']) ?? '',
      'spec.restartPolicy': o => get(o, ['spec', 'restartPolicy']),
      'spec.schedulerName': o => get(o, ['spec', 'schedulerName']),
      'spec.serviceAccountName': o => get(o, ['spec', 'serviceAccountName']),
      'status.podIP': o => get(o, ['status', 'podIP']),
    },
  },
  {
    resource: 'services',
    kind: 'Service',
    shortNames: ['svc'],
    categories: ['all'],
    status: true,
  },
  { resource: 'endpoints', kind: 'Endpoints', shortNames: ['ep'] },
  { resource: 'configmaps', kind: 'ConfigMap', shortNames: ['cm'] },
  {
    resource: 'secrets',
    kind: 'Secret',
    fieldSelectors: { type: o => o.type as string },
  },
  { resource: 'serviceaccounts', kind: 'ServiceAccount', shortNames: ['sa'] },
  {
    resource: 'persistentvolumeclaims',
    kind: 'PersistentVolumeClaim',
    shortNames: ['pvc'],
    status: true,
  },
  {
    resource: 'persistentvolumes',
    kind: 'PersistentVolume',
    namespaced: false,
    shortNames: ['pv'],
    status: true,
  },
  { resource: 'limitranges', kind: 'LimitRange', shortNames: ['limits'] },
  {
    resource: 'resourcequotas',
    kind: 'ResourceQuota',
    shortNames: ['quota'],
    status: true,
  },
  {
    resource: 'events',
    kind: 'Event',
    shortNames: ['ev'],
    fieldSelectors: {
      'involvedObject.name': o => get(o, ['involvedObject', 'name']),
      'involvedObject.kind': o => get(o, ['involvedObject', 'kind']),
      'involvedObject.namespace': o => get(o, ['involvedObject', 'namespace']),
      'involvedObject.uid': o => get(o, ['involvedObject', 'uid']),
      reason: o => o.reason as string,
      type: o => o.type as string,
    },
  },
  {
    group: 'apps',
    resource: 'deployments',
    kind: 'Deployment',
    shortNames: ['deploy'],
    categories: ['all'],
    status: true,
    scale: true,
  },
  {
    group: 'apps',
    resource: 'replicasets',
    kind: 'ReplicaSet',
    shortNames: ['rs'],
    categories: ['all'],
    status: true,
    scale: true,
  },
  {
    group: 'apps',
    resource: 'statefulsets',
    kind: 'StatefulSet',
    shortNames: ['sts'],
    categories: ['all'],
    status: true,
    scale: true,
  },
  {
    group: 'apps',
    resource: 'daemonsets',
    kind: 'DaemonSet',
    shortNames: ['ds'],
    categories: ['all'],
    status: true,
  },
  {
    group: 'apps',
    resource: 'controllerrevisions',
    kind: 'ControllerRevision',
  },
  {
    group: 'batch',
    resource: 'jobs',
    kind: 'Job',
    categories: ['all'],
    status: true,
  },
  {
    group: 'batch',
    resource: 'cronjobs',
    kind: 'CronJob',
    shortNames: ['cj'],
    categories: ['all'],
    status: true,
  },
  {
    group: 'autoscaling',
    version: 'v2',
    resource: 'horizontalpodautoscalers',
    kind: 'HorizontalPodAutoscaler',
    shortNames: ['hpa'],
    categories: ['all'],
    status: true,
  },
  {
    group: 'networking.k8s.io',
    resource: 'ingresses',
    kind: 'Ingress',
    shortNames: ['ing'],
    status: true,
  },
  {
    group: 'networking.k8s.io',
    resource: 'networkpolicies',
    kind: 'NetworkPolicy',
    shortNames: ['netpol'],
  },
  {
    group: 'discovery.k8s.io',
    resource: 'endpointslices',
    kind: 'EndpointSlice',
  },
  {
    group: 'policy',
    resource: 'poddisruptionbudgets',
    kind: 'PodDisruptionBudget',
    shortNames: ['pdb'],
    status: true,
  },
  { group: 'rbac.authorization.k8s.io', resource: 'roles', kind: 'Role' },
  {
    group: 'rbac.authorization.k8s.io',
    resource: 'rolebindings',
    kind: 'RoleBinding',
  },
  {
    group: 'rbac.authorization.k8s.io',
    resource: 'clusterroles',
    kind: 'ClusterRole',
    namespaced: false,
  },
  {
    group: 'rbac.authorization.k8s.io',
    resource: 'clusterrolebindings',
    kind: 'ClusterRoleBinding',
    namespaced: false,
  },
  { group: 'coordination.k8s.io', resource: 'leases', kind: 'Lease' },
  {
    group: 'apiextensions.k8s.io',
    resource: 'customresourcedefinitions',
    kind: 'CustomResourceDefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    status: true,
  },
  {
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    resource: 'pods',
    kind: 'PodMetrics',
    verbs: READ_ONLY,
    virtual: true,
  },
  {
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    resource: 'nodes',
    kind: 'NodeMetrics',
    namespaced: false,
    verbs: READ_ONLY,
    virtual: true,
  },
];

/** The resources every simulated cluster serves before any CRD exists. */
export function builtinResources(): ResourceType[] {
  return specs.map(s => ({
    group: s.group ?? '',
    version: s.version ?? 'v1',
    resource: s.resource,
    singular: s.kind.toLowerCase(),
    kind: s.kind,
    listKind: `${s.kind}List`,
    namespaced: s.namespaced ?? true,
    verbs: s.verbs ?? ALL_VERBS,
    shortNames: s.shortNames,
    categories: s.categories,
    subresources: {
      status: s.status,
      scale: s.scale ? WORKLOAD_SCALE : undefined,
    },
    fieldSelectors: s.fieldSelectors,
    columns: builtinColumns[s.kind],
    virtual: s.virtual,
  }));
}
