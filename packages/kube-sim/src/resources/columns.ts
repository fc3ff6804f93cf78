import { KubeObject } from '../kube/types';
import { TableColumn } from './ResourceType';

type Obj = Record<string, any>;

/** kubectl's short human duration ("45s", "12m", "5h", "3d"). */
export function humanAge(timestamp: string | undefined, now: number): string {
  if (!timestamp) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now - Date.parse(timestamp)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10)
    return seconds % 60 ? `${minutes}m${seconds % 60}s` : `${minutes}m`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

export const ageColumn: TableColumn = {
  name: 'Age',
  type: 'string',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created.',
  cell: (o, now) => humanAge(o.metadata.creationTimestamp, now),
};

const col = (
  name: string,
  cell: TableColumn['cell'],
  extra: Partial<TableColumn> = {},
): TableColumn => ({ name, type: 'string', cell, ...extra });

const spec = (o: KubeObject): Obj => (o.spec as Obj) ?? {};
const status = (o: KubeObject): Obj => (o.status as Obj) ?? {};

function podStatusReason(pod: KubeObject): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  const st = status(pod);
  for (const c of (st.containerStatuses ?? []) as Obj[]) {
    if (c.state?.waiting?.reason) return c.state.waiting.reason;
    if (c.state?.terminated?.reason) return c.state.terminated.reason;
  }
  return st.phase ?? 'Pending';
}

function podReady(pod: KubeObject): string {
  const containers = ((spec(pod).containers ?? []) as Obj[]).length;
  const ready = ((status(pod).containerStatuses ?? []) as Obj[]).filter(
    c => c.ready,
  ).length;
  return `${ready}/${containers}`;
}

function containerNames(o: KubeObject): string {
  const template = spec(o).template?.spec ?? {};
  return ((template.containers ?? []) as Obj[]).map(c => c.name).join(',');
}

function containerImages(o: KubeObject): string {
  const template = spec(o).template?.spec ?? {};
  return ((template.containers ?? []) as Obj[]).map(c => c.image).join(',');
}

function selectorString(o: KubeObject): string {
  const labels = (spec(o).selector?.matchLabels ?? {}) as Record<
    string,
    string
  >;
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** kubectl's EXTERNAL-IP: a load balancer's ingress (or `<pending>`), the external name, external IPs. */
function externalIp(service: KubeObject): string {
  const s = spec(service);
  if (s.type === 'ExternalName') return s.externalName ?? '<none>';
  const ingress = ((status(service).loadBalancer?.ingress ?? []) as Obj[])
    .map(i => i.ip ?? i.hostname)
    .concat(s.externalIPs ?? []);
  if (ingress.length) return ingress.join(',');
  return s.type === 'LoadBalancer' ? '<pending>' : '<none>';
}

function nodeStatus(node: KubeObject): string {
  const ready = ((status(node).conditions ?? []) as Obj[]).find(
    c => c.type === 'Ready',
  );
  const text = ready?.status === 'True' ? 'Ready' : 'NotReady';
  return spec(node).unschedulable ? `${text},SchedulingDisabled` : text;
}

function nodeRoles(node: KubeObject): string {
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter(k => k.startsWith('node-role.kubernetes.io/'))
    .map(k => k.slice('node-role.kubernetes.io/'.length));
  return roles.length ? roles.join(',') : '<none>';
}

export const builtinColumns: Record<string, TableColumn[]> = {
  Pod: [
    col('Ready', podReady),
    col('Status', podStatusReason),
    col(
      'Restarts',
      p =>
        ((status(p).containerStatuses ?? []) as Obj[]).reduce(
          (n, c) => n + (c.restartCount ?? 0),
          0,
        ),
      { type: 'integer' },
    ),
    ageColumn,
    col('IP', p => status(p).podIP ?? '<none>', { priority: 1 }),
    col('Node', p => spec(p).nodeName ?? '<none>', { priority: 1 }),
  ],
  Deployment: [
    col(
      'Ready',
      d => `${status(d).readyReplicas ?? 0}/${spec(d).replicas ?? 1}`,
    ),
    col('Up-to-date', d => status(d).updatedReplicas ?? 0, { type: 'integer' }),
    col('Available', d => status(d).availableReplicas ?? 0, {
      type: 'integer',
    }),
    ageColumn,
    col('Containers', containerNames, { priority: 1 }),
    col('Images', containerImages, { priority: 1 }),
    col('Selector', selectorString, { priority: 1 }),
  ],
  ReplicaSet: [
    col('Desired', r => spec(r).replicas ?? 1, { type: 'integer' }),
    col('Current', r => status(r).replicas ?? 0, { type: 'integer' }),
    col('Ready', r => status(r).readyReplicas ?? 0, { type: 'integer' }),
    ageColumn,
    col('Containers', containerNames, { priority: 1 }),
    col('Images', containerImages, { priority: 1 }),
    col('Selector', selectorString, { priority: 1 }),
  ],
  StatefulSet: [
    col(
      'Ready',
      s => `${status(s).readyReplicas ?? 0}/${spec(s).replicas ?? 1}`,
    ),
    ageColumn,
  ],
  DaemonSet: [
    col('Desired', d => status(d).desiredNumberScheduled ?? 0, {
      type: 'integer',
    }),
    col('Current', d => status(d).currentNumberScheduled ?? 0, {
      type: 'integer',
    }),
    col('Ready', d => status(d).numberReady ?? 0, { type: 'integer' }),
    col('Available', d => status(d).numberAvailable ?? 0, { type: 'integer' }),
    ageColumn,
  ],
  Job: [
    col('Status', j =>
      ((status(j).conditions ?? []) as Obj[]).some(
        c => c.type === 'Complete' && c.status === 'True',
      )
        ? 'Complete'
        : 'Running',
    ),
    col(
      'Completions',
      j => `${status(j).succeeded ?? 0}/${spec(j).completions ?? 1}`,
    ),
    ageColumn,
  ],
  Node: [
    col('Status', nodeStatus),
    col('Roles', nodeRoles),
    ageColumn,
    col('Version', n => status(n).nodeInfo?.kubeletVersion ?? ''),
    col(
      'Internal-IP',
      n =>
        ((status(n).addresses ?? []) as Obj[]).find(
          a => a.type === 'InternalIP',
        )?.address ?? '<none>',
      { priority: 1 },
    ),
  ],
  Namespace: [col('Status', n => status(n).phase ?? 'Active'), ageColumn],
  Service: [
    col('Type', s => spec(s).type ?? 'ClusterIP'),
    col('Cluster-IP', s => spec(s).clusterIP ?? '<none>'),
    col('External-IP', externalIp),
    col('Port(s)', s =>
      ((spec(s).ports ?? []) as Obj[])
        .map(p => `${p.port}/${p.protocol ?? 'TCP'}`)
        .join(','),
    ),
    ageColumn,
  ],
  ConfigMap: [
    col('Data', c => Object.keys((c.data as Obj) ?? {}).length, {
      type: 'integer',
    }),
    ageColumn,
  ],
  Secret: [
    col('Type', s => (s.type as string) ?? 'Opaque'),
    col('Data', s => Object.keys((s.data as Obj) ?? {}).length, {
      type: 'integer',
    }),
    ageColumn,
  ],
  Event: [
    col('Type', e => (e.type as string) ?? 'Normal'),
    col('Reason', e => (e.reason as string) ?? ''),
    col(
      'Object',
      e =>
        `${((e.involvedObject as Obj)?.kind ?? '').toLowerCase()}/${
          (e.involvedObject as Obj)?.name ?? ''
        }`,
    ),
    col('Message', e => (e.message as string) ?? ''),
  ],
  CustomResourceDefinition: [
    col('Created At', o => o.metadata.creationTimestamp ?? '', {
      type: 'date',
    }),
  ],
};
