import { writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  FleetFile,
  parseFleetFile,
} from '@miniplanes/plugin-miniplanes-common';
import { stringify } from 'yaml';
import {
  SIMULATED_OPERATORS,
  SimulatedOperator,
} from './operators/SimulatedOperator';
import { SimulatedCluster, SimulatedClusterOptions } from './SimulatedCluster';

/**
 * Options shared by every cluster of a fleet; names, nodes, ports and each
 * cluster's index come from the fleet file. A `stateDirectory` holds one
 * subdirectory per cluster, named after it.
 *
 * @public
 */
export type StartFleetOptions = Omit<
  SimulatedClusterOptions,
  'name' | 'nodes' | 'port' | 'index' | 'operators'
> & {
  /**
   * The operators every cluster runs (a list), or some clusters' by name;
   * instead of those the fleet file lists (`clusters[].operators`).
   */
  operators?: SimulatedOperator[] | Record<string, SimulatedOperator[]>;
};

/**
 * Several simulated clusters started from one fleet file.
 *
 * @public
 */
export class SimulatedFleet {
  constructor(readonly clusters: SimulatedCluster[]) {}

  cluster(name: string): SimulatedCluster {
    const found = this.clusters.find(c => c.name === name);
    if (!found) throw new Error(`no simulated cluster named ${name}`);
    return found;
  }

  /** A kubeconfig with one context per cluster, named after it, using its admin token. */
  kubeconfig(): Record<string, unknown> {
    return {
      apiVersion: 'v1',
      kind: 'Config',
      preferences: {},
      clusters: this.clusters.map(c => ({
        name: c.name,
        cluster: c.kubeconfigCluster(),
      })),
      users: this.clusters.map(c => ({
        name: `${c.name}-admin`,
        user: { token: c.adminToken },
      })),
      contexts: this.clusters.map(c => ({
        name: c.name,
        context: { cluster: c.name, user: `${c.name}-admin` },
      })),
      'current-context': this.clusters[0]?.name ?? '',
    };
  }

  async writeKubeconfig(path: string) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, stringify(this.kubeconfig()), { mode: 0o600 });
  }

  async stop() {
    await Promise.all(this.clusters.map(c => c.stop()));
  }
}

/**
 * Each cluster as the fleet file describes it: node pools with the topology
 * of its labels, its position, and the operators it lists that kube-sim
 * simulates (others, such as an extension's own, are left out).
 *
 * @public
 */
export function clusterOptionsFromFleet(
  fleet: FleetFile,
): Pick<SimulatedClusterOptions, 'name' | 'nodes' | 'index' | 'operators'>[] {
  return fleet.clusters.map((c, index) => {
    const labels = c.labels ?? {};
    return {
      name: c.name,
      index,
      operators: (c.operators ?? []).filter((o): o is SimulatedOperator =>
        SIMULATED_OPERATORS.includes(o as SimulatedOperator),
      ),
      nodes: {
        count: c.nodes?.count ?? 1,
        cpu: String(c.nodes?.cpu ?? '4'),
        memory: String(c.nodes?.memory ?? '16Gi'),
        gpu: c.nodes?.gpu,
        instanceType: c.nodes?.instanceType,
        region: labels.region,
        zones: c.nodes?.zones ?? (labels.zone ? [labels.zone] : undefined),
      },
    };
  });
}

/**
 * Parses fleet-file text (YAML or JSON) and starts every cluster on loopback.
 *
 * @public
 */
export async function startFleetFromText(
  text: string,
  options: StartFleetOptions = {},
) {
  const parsed = parseFleetFile(text);
  if (!parsed.ok) {
    throw new Error(
      `invalid fleet file:\n${parsed.issues
        .map(i => `  ${i.path}: ${i.message}`)
        .join('\n')}`,
    );
  }
  return startFleet(parsed.value, options);
}

/**
 * Starts one simulated cluster per fleet cluster, each on its own random port
 * (the one it had before, with a state directory). If one cannot start, the
 * others are stopped and its error is thrown.
 *
 * @public
 */
export async function startFleet(
  fleet: FleetFile,
  options: StartFleetOptions = {},
): Promise<SimulatedFleet> {
  const clusters = clusterOptionsFromFleet(fleet);
  const operatorsOf = operatorsByCluster(
    options.operators,
    clusters.map(c => c.name),
  );
  const started = await Promise.allSettled(
    clusters.map(c =>
      SimulatedCluster.start({
        ...options,
        ...c,
        operators: operatorsOf(c.name) ?? c.operators,
        stateDirectory:
          options.stateDirectory && join(options.stateDirectory, c.name),
      }),
    ),
  );
  const running = started.flatMap(r =>
    r.status === 'fulfilled' ? [r.value] : [],
  );
  const failed = started.find(
    (r): r is PromiseRejectedResult => r.status === 'rejected',
  );
  if (failed) {
    // The others would serve on with nobody to stop them.
    await Promise.all(running.map(c => c.stop()));
    throw failed.reason;
  }
  return new SimulatedFleet(running);
}

/** The operators the options give a cluster: one list for all, or a list per cluster name the fleet has. */
function operatorsByCluster(
  operators: StartFleetOptions['operators'],
  names: string[],
): (cluster: string) => SimulatedOperator[] | undefined {
  if (!operators || Array.isArray(operators)) return () => operators;
  const unknown = Object.keys(operators).filter(n => !names.includes(n));
  if (unknown.length) {
    throw new Error(
      `operators name ${unknown
        .map(n => `cluster ${JSON.stringify(n)}`)
        .join(', ')}, which the fleet does not have (it has ${names.join(
        ', ',
      )})`,
    );
  }
  return cluster => operators[cluster];
}
