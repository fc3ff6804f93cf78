import { parseQuantity } from '@miniplanes/plugin-miniplanes-common';

/**
 * A quantity in base units (cores, bytes) with miniplanes' own parser; what
 * is absent or malformed requests nothing, as the scheduler then treats it.
 */
export function quantityOf(value: unknown): number {
  if (typeof value !== 'string' && typeof value !== 'number') return 0;
  try {
    return parseQuantity(value);
  } catch {
    return 0;
  }
}

export const GPU_RESOURCE = 'nvidia.com/gpu';

export type Resources = {
  cpu: number;
  memory: number;
  gpu: number;
  pods: number;
};

/** What a pod asks the scheduler for: the sum of its containers' requests (limits when no request). */
export function podRequests(pod: any): Resources {
  const total: Resources = { cpu: 0, memory: 0, gpu: 0, pods: 1 };
  for (const c of pod?.spec?.containers ?? []) {
    const req = {
      ...(c.resources?.limits ?? {}),
      ...(c.resources?.requests ?? {}),
    };
    total.cpu += quantityOf(req.cpu);
    total.memory += quantityOf(req.memory);
    total.gpu += quantityOf(req[GPU_RESOURCE]);
  }
  return total;
}

export function nodeAllocatable(node: any): Resources {
  const a = node?.status?.allocatable ?? {};
  return {
    cpu: quantityOf(a.cpu),
    memory: quantityOf(a.memory),
    gpu: quantityOf(a[GPU_RESOURCE]),
    pods: quantityOf(a.pods ?? '110'),
  };
}
