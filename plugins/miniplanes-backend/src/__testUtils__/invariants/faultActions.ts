import { OutageMode, Step } from './scenario';
import { ScenarioWorld } from './ScenarioWorld';

type FaultStep = Extract<
  Step,
  { type: 'outage' | 'errors' | 'drops' | 'latency' | 'watches' }
>;

/** A fault that lasts a number of steps, then clears. */
interface LastingFault {
  cluster: string;
  until: number;
  outage?: OutageMode;
  latencyMs?: number;
  stallWatches?: boolean;
}

/**
 * Injects the scenario's faults into the simulated clusters, counts them by
 * kind, and clears the lasting ones (outages, latency) when their steps are
 * over, and every fault at the end.
 */
export class FaultActions {
  readonly injected: Record<string, number> = {};
  private lasting: LastingFault[] = [];

  constructor(private readonly world: ScenarioWorld) {}

  count(kind: string) {
    this.injected[kind] = (this.injected[kind] ?? 0) + 1;
  }

  inject(step: FaultStep, index: number, cluster: string) {
    const sim = this.world.cluster(cluster);
    switch (step.type) {
      case 'outage':
        sim.setOutage(step.mode);
        this.lasting.push({
          cluster,
          until: index + step.steps,
          outage: step.mode,
        });
        this.count(`outage-${step.mode}`);
        break;
      case 'errors':
        sim.injectError({
          status: step.status,
          count: step.count,
          ...(step.verb ? { verb: step.verb } : {}),
          ...(step.retryAfterSeconds !== undefined
            ? { retryAfterSeconds: step.retryAfterSeconds }
            : {}),
        });
        this.count(`error-${step.status}`);
        break;
      case 'drops':
        sim.dropConnections({
          count: step.count,
          afterCommit: step.afterCommit,
          ...(step.verb ? { verb: step.verb } : {}),
        });
        this.count(step.afterCommit ? 'drop-after-commit' : 'drop');
        break;
      case 'latency':
        sim.injectLatency({ fixedMs: step.ms, jitterMs: 20 });
        this.lasting.push({
          cluster,
          until: index + step.steps,
          latencyMs: step.ms,
        });
        this.count('latency');
        break;
      case 'watches':
        if (step.fault === 'stall') {
          sim.applyFaultSpec({ stallWatches: true });
          this.lasting.push({
            cluster,
            until: index + step.steps,
            stallWatches: true,
          });
        } else {
          sim.applyFaultSpec({ dropWatches: step.fault });
        }
        this.count(`watches-${step.fault}`);
        break;
      default:
        throw new Error(`not a fault: ${(step as Step).type}`);
    }
  }

  /** Ends the lasting faults whose time is up; the cluster keeps its others. */
  expire(index: number) {
    const over = this.lasting.filter(f => f.until <= index);
    if (over.length === 0) return;
    this.lasting = this.lasting.filter(f => f.until > index);
    for (const cluster of new Set(over.map(f => f.cluster)))
      this.keepOnlyLasting(cluster);
  }

  /** Ends a cluster's faults but the lasting ones whose time is not up. */
  keepOnlyLasting(cluster: string) {
    const sim = this.world.cluster(cluster);
    sim.clearFaults();
    for (const f of this.lasting.filter(l => l.cluster === cluster)) {
      if (f.outage) sim.setOutage(f.outage);
      if (f.latencyMs)
        sim.injectLatency({ fixedMs: f.latencyMs, jitterMs: 20 });
      if (f.stallWatches) sim.applyFaultSpec({ stallWatches: true });
    }
  }

  clearAll() {
    this.lasting = [];
    for (const name of this.world.clusterNames)
      this.world.cluster(name).clearFaults();
  }
}
