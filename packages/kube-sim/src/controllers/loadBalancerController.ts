import { createHash } from 'node:crypto';
import { KubeObject } from '../kube/types';
import { Controller } from './Controller';
import { ControllerContext } from './ControllerContext';

type Obj = Record<string, any>;

const SERVICES = '/services';

/**
 * The addresses cluster number `index` of a fleet hands to LoadBalancer
 * Services: `172.<16 + index / 256>.<index % 256>.1` to `.254`, so that every
 * cluster of a fleet of up to 4096 has its own and none overlaps the
 * simulator's node, pod or Service addresses (10.0/16, 10.244/16, 10.96/16).
 */
export function loadBalancerPrefix(index: number) {
  return `172.${16 + Math.floor(index / 256)}.${index % 256}`;
}

/**
 * The cloud provider's part of a LoadBalancer Service: an ingress address in
 * its status, the one asked for in `spec.loadBalancerIP` or one drawn from a
 * hash of its namespace and name (the next free one on a collision), so a
 * Service keeps its address and gets the same one when recreated.
 */
export class LoadBalancerController implements Controller {
  readonly reconcilers = {
    [SERVICES]: (service: KubeObject) => this.reconcile(service),
  };
  private readonly prefix: string;

  constructor(private readonly ctx: ControllerContext, index: number) {
    this.prefix = loadBalancerPrefix(index);
  }

  private reconcile(service: KubeObject) {
    const spec = (service.spec ?? {}) as Obj;
    const status = (service.status ?? {}) as Obj;
    const current: Obj[] = status.loadBalancer?.ingress ?? [];
    if (spec.type !== 'LoadBalancer') {
      // The cloud load balancer goes with the type.
      if (current.length) this.write(service, { ...status, loadBalancer: {} });
      return;
    }
    const wanted = spec.loadBalancerIP as string | undefined;
    if (current.length && (!wanted || current[0].ip === wanted)) return;
    const ip = wanted || this.allocate(service);
    if (!ip) {
      this.ctx.event(
        service,
        'SyncLoadBalancerFailed',
        `Error syncing load balancer: no free address left in ${this.prefix}.0/24`,
        'Warning',
        'service-controller',
      );
      return;
    }
    this.write(service, {
      ...status,
      loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] },
    });
  }

  private allocate(service: KubeObject): string | undefined {
    const used = new Set<string>();
    for (const other of this.ctx.ops.store.list(SERVICES)) {
      if (other.metadata.uid === service.metadata.uid) continue;
      const ingress: Obj[] = (other.status as Obj)?.loadBalancer?.ingress ?? [];
      for (const i of ingress) used.add(i.ip);
    }
    const start = createHash('sha256')
      .update(`${service.metadata.namespace}/${service.metadata.name}`)
      .digest()
      .readUInt32BE(0);
    for (let i = 0; i < 254; i++) {
      const ip = `${this.prefix}.${((start + i) % 254) + 1}`;
      if (!used.has(ip)) return ip;
    }
    return undefined;
  }

  private write(service: KubeObject, status: Obj) {
    this.ctx.writeStatus(
      this.ctx.type('', 'services'),
      service,
      status,
      'cloud-controller-manager',
    );
  }
}
