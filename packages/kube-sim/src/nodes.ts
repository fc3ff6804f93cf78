import { KubeObject } from './kube/types';

/**
 * How a cluster's nodes look: the `nodes` entry of a fleet file plus topology.
 *
 * @public
 */
export type NodePoolSpec = {
  count: number;
  cpu: string;
  memory: string;
  gpu?: number;
  gpuProduct?: string;
  instanceType?: string;
  zones?: string[];
  region?: string;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
};

/** Node objects as a kubelet would register them, with capacity and topology labels. */
export function nodeObjects(
  clusterName: string,
  pool: NodePoolSpec,
  timestamp: string,
): KubeObject[] {
  const zones = pool.zones?.length
    ? pool.zones
    : [`${pool.region ?? 'local'}-a`];
  return Array.from({ length: pool.count }, (_, i) => {
    const name = `${clusterName}-node-${i + 1}`;
    const capacity: Record<string, string> = {
      cpu: pool.cpu,
      memory: pool.memory,
      pods: '110',
      'ephemeral-storage': '100Gi',
    };
    if (pool.gpu) capacity['nvidia.com/gpu'] = String(pool.gpu);
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'node.kubernetes.io/instance-type': pool.instanceType ?? 'standard',
          'topology.kubernetes.io/region': pool.region ?? 'local',
          'topology.kubernetes.io/zone': zones[i % zones.length],
          ...(pool.gpu
            ? {
                'nvidia.com/gpu.product':
                  pool.gpuProduct ?? 'NVIDIA-A100-SXM4-40GB',
                'nvidia.com/gpu.count': String(pool.gpu),
              }
            : {}),
          ...pool.labels,
        },
      },
      spec: {
        podCIDR: `10.244.${i}.0/24`,
        providerID: `kube-sim://${clusterName}/${name}`,
        ...(pool.taints?.length ? { taints: pool.taints } : {}),
      },
      status: {
        capacity,
        allocatable: capacity,
        conditions: [
          [
            'MemoryPressure',
            'False',
            'KubeletHasSufficientMemory',
            'kubelet has sufficient memory available',
          ],
          [
            'DiskPressure',
            'False',
            'KubeletHasNoDiskPressure',
            'kubelet has no disk pressure',
          ],
          [
            'PIDPressure',
            'False',
            'KubeletHasSufficientPID',
            'kubelet has sufficient PID available',
          ],
          ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
        ].map(([type, status, reason, message]) => ({
          type,
          status,
          reason,
          message,
          lastHeartbeatTime: timestamp,
          lastTransitionTime: timestamp,
        })),
        addresses: [
          { type: 'InternalIP', address: `10.0.${i >> 8}.${(i % 250) + 10}` },
          { type: 'Hostname', address: name },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.32.0',
          kubeProxyVersion: 'v1.32.0',
          containerRuntimeVersion: 'containerd://1.7.0',
          operatingSystem: 'linux',
          architecture: 'amd64',
          osImage: 'kube-sim',
          kernelVersion: '6.1.0',
          machineID: name,
          systemUUID: name,
          bootID: name,
        },
      },
    };
  });
}
