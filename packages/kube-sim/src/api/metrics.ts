import { createHash } from 'node:crypto';
import { KubeObject } from '../kube/types';
import { Operations } from '../operations/Operations';
import { parseLabelSelector } from '../operations/selectors';
import { groupVersion, ResourceType } from '../resources/ResourceType';

type Obj = Record<string, any>;

function usageFor(seed: string) {
  const h = createHash('sha1').update(seed).digest();
  return { cpuMilli: 2 + (h[0] % 60), memoryMi: 16 + (h[1] % 200) };
}

/** metrics.k8s.io PodMetrics/NodeMetrics, derived deterministically from running pods. */
export function metricsObjects(
  ops: Operations,
  kind: string,
  namespace: string | undefined,
): KubeObject[] {
  const podType = ops.registry.find('', 'v1', 'pods')!;
  const running = ops
    .select(podType, namespace)
    .filter(p => (p.status as Obj)?.phase === 'Running');
  const timestamp = ops.clock.timestamp();
  if (kind === 'PodMetrics') {
    return running.map(p => ({
      kind: 'PodMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: {
        name: p.metadata.name,
        namespace: p.metadata.namespace,
        labels: p.metadata.labels,
        creationTimestamp: timestamp,
      },
      timestamp,
      window: '30s',
      containers: ((p.spec as Obj)?.containers ?? []).map((c: Obj) => {
        const u = usageFor(`${p.metadata.uid}/${c.name}`);
        return {
          name: c.name,
          usage: { cpu: `${u.cpuMilli}m`, memory: `${u.memoryMi}Mi` },
        };
      }),
    }));
  }
  const nodeType = ops.registry.find('', 'v1', 'nodes')!;
  return ops.select(nodeType, undefined).map(n => {
    let cpu = 50;
    let memory = 512;
    for (const p of running) {
      if ((p.spec as Obj)?.nodeName !== n.metadata.name) continue;
      for (const c of (p.spec as Obj)?.containers ?? []) {
        const u = usageFor(`${p.metadata.uid}/${c.name}`);
        cpu += u.cpuMilli;
        memory += u.memoryMi;
      }
    }
    return {
      kind: 'NodeMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: {
        name: n.metadata.name,
        labels: n.metadata.labels,
        creationTimestamp: timestamp,
      },
      timestamp,
      window: '30s',
      usage: { cpu: `${cpu}m`, memory: `${memory}Mi` },
    };
  });
}

/** A List of the computed objects of a metrics.k8s.io resource, filtered by labels. */
export function metricsList(
  ops: Operations,
  type: ResourceType,
  namespace: string | undefined,
  labelSelector: string | undefined,
) {
  const matches = parseLabelSelector(labelSelector);
  return {
    kind: type.listKind,
    apiVersion: groupVersion(type),
    metadata: { resourceVersion: String(ops.store.resourceVersion) },
    items: metricsObjects(ops, type.kind, namespace).filter(matches),
  };
}

/** What `kubectl logs` and the portal's log viewer show for a simulated pod. */
export function podLog(pod: KubeObject): string {
  const p = pod as Obj;
  const lines = [
    `[kube-sim] pod ${p.metadata.namespace}/${p.metadata.name} on node ${
      p.spec?.nodeName ?? '<none>'
    }`,
  ];
  for (const c of p.status?.containerStatuses ?? []) {
    const state = Object.keys(c.state ?? {})[0] ?? 'waiting';
    lines.push(
      `[kube-sim] container ${c.name} (${c.image}) ${state}${
        c.state?.waiting?.reason ? `: ${c.state.waiting.reason}` : ''
      }`,
    );
  }
  return `${lines.join('\n')}\n`;
}
