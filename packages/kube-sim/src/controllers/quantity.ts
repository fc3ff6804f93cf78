/** Parses Kubernetes quantities into base units (cores for cpu, bytes for memory). */
const SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

export function parseQuantity(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return 0;
  const m = /^([+-]?[0-9.]+(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/.exec(value.trim());
  if (!m || !(m[2] in SUFFIXES)) return 0;
  return Number(m[1]) * SUFFIXES[m[2]];
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
    total.cpu += parseQuantity(req.cpu);
    total.memory += parseQuantity(req.memory);
    total.gpu += parseQuantity(req[GPU_RESOURCE]);
  }
  return total;
}

export function nodeAllocatable(node: any): Resources {
  const a = node?.status?.allocatable ?? {};
  return {
    cpu: parseQuantity(a.cpu),
    memory: parseQuantity(a.memory),
    gpu: parseQuantity(a[GPU_RESOURCE]),
    pods: parseQuantity(a.pods ?? '110'),
  };
}
