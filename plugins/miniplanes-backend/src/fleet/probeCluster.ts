import { parseQuantity, Resources } from '@miniplanes/plugin-miniplanes-common';
import type * as k8s from '@kubernetes/client-node';
import { ClusterConnection } from '../cluster/ClusterClient';
import { toClusterCallError, withTimeout } from '../cluster/clusterErrors';
import {
  kubeConfigFor,
  loadClientNode,
} from '../cluster/KubernetesClusterClient';

/** Pods that hold their requests: neither finished nor failed. */
const LIVE_PODS = 'status.phase!=Succeeded,status.phase!=Failed';
/** miniplanes places its own workloads itself, so they are not counted as taken. */
const NOT_MINIPLANES = 'app.kubernetes.io/managed-by!=miniplanes';
/** Pods per page: a large cluster is listed in pages, not one huge answer. */
const PAGE = 500;

/** What a live cluster says about itself. */
export interface ProbeResult {
  capacity: Resources;
  /** What the live pods others run there request. */
  allocated: Resources;
  /** Region and zone from the nodes' topology labels. */
  labels: Record<string, string>;
}

/**
 * Asks a cluster for its nodes: that it answers proves it healthy, and the
 * nodes give its allocatable capacity and topology; its live pods that
 * miniplanes does not manage give what is already allocated. Throws a
 * ClusterCallError (no credentials in its message) when it cannot.
 */
export async function probeCluster(
  connection: ClusterConnection,
  timeoutMs: number,
): Promise<ProbeResult> {
  const { CoreV1Api } = await loadClientNode();
  const api = (await kubeConfigFor(connection)).makeApiClient(CoreV1Api);
  try {
    const nodes = await withTimeout(
      api.listNode(),
      timeoutMs,
      connection.name,
      'list nodes',
    );
    const capacity = { cpu: 0, memory: 0, gpu: 0 };
    const labels: Record<string, string> = {};
    for (const node of nodes.items) {
      const allocatable = node.status?.allocatable ?? {};
      capacity.cpu += allocatable.cpu ? parseQuantity(allocatable.cpu) : 0;
      capacity.memory += allocatable.memory
        ? parseQuantity(allocatable.memory)
        : 0;
      capacity.gpu += allocatable['nvidia.com/gpu']
        ? parseQuantity(allocatable['nvidia.com/gpu'])
        : 0;
      const nodeLabels = node.metadata?.labels ?? {};
      labels.region ??= nodeLabels['topology.kubernetes.io/region'];
      labels.zone ??= nodeLabels['topology.kubernetes.io/zone'];
    }
    const allocated = await podRequests(api, connection.name, timeoutMs);
    return {
      capacity,
      allocated,
      labels: Object.fromEntries(
        Object.entries(labels).filter(([, v]) => v !== undefined),
      ),
    };
  } catch (error) {
    throw toClusterCallError(connection.name, 'probe', error);
  }
}

/**
 * The requests of a cluster's live pods that miniplanes does not manage, as
 * the scheduler counts them: per pod the larger of its containers' sum and
 * its largest init container, plus its overhead.
 */
async function podRequests(
  api: k8s.CoreV1Api,
  cluster: string,
  timeoutMs: number,
): Promise<Resources> {
  const total = { cpu: 0, memory: 0, gpu: 0 };
  let next: string | undefined;
  do {
    const page: k8s.V1PodList = await withTimeout(
      api.listPodForAllNamespaces({
        fieldSelector: LIVE_PODS,
        labelSelector: NOT_MINIPLANES,
        limit: PAGE,
        _continue: next,
      }),
      timeoutMs,
      cluster,
      'list pods',
    );
    for (const pod of page.items) {
      const requests = podRequest(pod.spec);
      total.cpu += requests.cpu;
      total.memory += requests.memory;
      total.gpu += requests.gpu;
    }
    next = page.metadata?._continue || undefined;
  } while (next);
  return total;
}

function podRequest(spec: k8s.V1PodSpec | undefined): Resources {
  const of = (c: k8s.V1Container): Resources => {
    const r = c.resources?.requests ?? {};
    return {
      cpu: r.cpu ? parseQuantity(r.cpu) : 0,
      memory: r.memory ? parseQuantity(r.memory) : 0,
      gpu: r['nvidia.com/gpu'] ? parseQuantity(r['nvidia.com/gpu']) : 0,
    };
  };
  const containers = (spec?.containers ?? []).map(of);
  const inits = (spec?.initContainers ?? []).map(of);
  const overhead = spec?.overhead ?? {};
  const pick = (key: keyof Resources, quantity?: string) =>
    Math.max(
      containers.reduce((sum, c) => sum + c[key], 0),
      ...inits.map(c => c[key]),
    ) + (quantity ? parseQuantity(quantity) : 0);
  return {
    cpu: pick('cpu', overhead.cpu),
    memory: pick('memory', overhead.memory),
    gpu: pick('gpu', overhead['nvidia.com/gpu']),
  };
}
