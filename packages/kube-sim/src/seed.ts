import { nodeObjects, NodePoolSpec } from './nodes';
import { Operations } from './operations/Operations';
import { SYSTEM_CONTEXT } from './operations/options';

const SEED_NAMESPACES = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
];

/** What a new cluster holds before any client writes: its namespaces and registered nodes. */
export function seedCluster(
  ops: Operations,
  clusterName: string,
  nodes: NodePoolSpec | undefined,
) {
  const ctx = { ...SYSTEM_CONTEXT, fieldManager: 'kube-apiserver' };
  const nsType = ops.registry.find('', 'v1', 'namespaces')!;
  for (const name of SEED_NAMESPACES)
    ops.create(nsType, undefined, { metadata: { name } }, ctx);
  if (!nodes) return;
  const nodeType = ops.registry.find('', 'v1', 'nodes')!;
  const kubelet = { ...ctx, fieldManager: 'kubelet' };
  for (const node of nodeObjects(clusterName, nodes, ops.clock.timestamp())) {
    const created = ops.create(nodeType, undefined, node, kubelet);
    ops.update(
      nodeType,
      undefined,
      node.metadata.name!,
      { ...created, status: node.status },
      kubelet,
      'status',
    );
  }
}
