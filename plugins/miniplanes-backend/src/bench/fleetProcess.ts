/* eslint-disable @backstage/no-undeclared-imports -- benchmarks are not shipped: they run on devDependencies */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Agent, fetch } from 'undici';
import { parse, stringify } from 'yaml';
import { exitsWithThisProcess } from './childProcesses';
import { processCpuSeconds } from './hostCpu';

/** A simulated cluster served by another process, as the sync reaches a real one. */
export interface RemoteCluster {
  name: string;
  url: string;
  adminToken: string;
  /** Its CA (base64 PEM), when it serves HTTPS. */
  caData?: string;
}

/** How the fleet serves: plain HTTP/1.1, or HTTPS, where clients negotiate HTTP/2 as with real API servers. */
export interface FleetProcessOptions {
  tls?: boolean;
}

/** `BENCH_TLS=1`: the benchmarks' fleets serve HTTPS (HTTP/2), as real clusters do. */
export function benchFleetOptions(): FleetProcessOptions {
  return { tls: process.env.BENCH_TLS === '1' };
}

/** How a benchmark's header names its fleet's transport. */
export function fleetTransport({ tls }: FleetProcessOptions): string {
  return tls ? 'HTTPS (HTTP/2)' : 'plain-HTTP';
}

/** A kube-sim fleet in a child process, so its CPU and heap are not the benchmarked backend's. */
export interface FleetProcess {
  clusters: RemoteCluster[];
  /** Writes the clusters accepted from clients (controllers' own left out) since the fleet started. */
  clientWrites(): Promise<number>;
  /** Those writes, and when (ms since the epoch, kube-sim's clock) the first and the last were made. */
  clientWriteSpan(): Promise<{ writes: number; first?: number; last?: number }>;
  /** The CPU seconds kube-sim's process has used so far (undefined without /proc). */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

/**
 * Starts `kube-sim --fleet` (plain HTTP unless `tls`; pods that never start,
 * so a pass sees no readiness churn) and waits until it serves; the
 * clusters' addresses, tokens and CAs come from the kubeconfig it writes.
 */
export async function startFleetProcess(
  fleet: object,
  options: FleetProcessOptions = {},
): Promise<FleetProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'miniplanes-bench-fleet-'));
  const fleetFile = join(dir, 'fleet.yaml');
  const kubeconfigFile = join(dir, 'kubeconfig.yaml');
  writeFileSync(fleetFile, stringify(fleet));
  const kubeSim = dirname(require.resolve('@miniplanes/kube-sim/package.json'));
  const child = exitsWithThisProcess(
    spawn(
      process.execPath,
      [
        '--max-semi-space-size=64',
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        join(kubeSim, 'src/main.ts'),
        '--fleet',
        fleetFile,
        '--kubeconfig',
        kubeconfigFile,
        ...(options.tls ? [] : ['--insecure']),
        '--pod-startup-ms',
        String(24 * 3600_000),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    ),
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', chunk => {
      output += chunk;
      if (output.includes('kube-sim ready')) resolve();
    });
    child.once('exit', code =>
      reject(new Error(`kube-sim exited with ${code}: ${output}`)),
    );
  });
  const kubeconfig = parse(readFileSync(kubeconfigFile, 'utf8'));
  const clusters: RemoteCluster[] = kubeconfig.clusters.map(
    (c: {
      name: string;
      cluster: { server: string; 'certificate-authority-data'?: string };
    }) => ({
      name: c.name,
      url: c.cluster.server,
      adminToken: kubeconfig.users.find(
        (u: { name: string }) => u.name === `${c.name}-admin`,
      ).user.token,
      ...(c.cluster['certificate-authority-data']
        ? { caData: c.cluster['certificate-authority-data'] }
        : {}),
    }),
  );
  // Over TLS the write logs are read trusting each cluster's CA.
  const agents = new Map<string, Agent>();
  for (const { name, caData } of clusters)
    if (caData)
      agents.set(
        name,
        new Agent({ connect: { ca: Buffer.from(caData, 'base64') } }),
      );
  const writeLogs = () =>
    Promise.all(
      clusters.map(async c => {
        const response = await fetch(`${c.url}/_sim/writes`, {
          headers: { authorization: `Bearer ${c.adminToken}` },
          dispatcher: agents.get(c.name),
        });
        const body = (await response.json()) as { items: { time: string }[] };
        return body.items;
      }),
    );
  return {
    clusters,
    async clientWrites() {
      const logs = await writeLogs();
      return logs.reduce((n, items) => n + items.length, 0);
    },
    async clientWriteSpan() {
      const times = (await writeLogs()).flatMap(items =>
        items.map(w => Date.parse(w.time)),
      );
      return times.length === 0
        ? { writes: 0 }
        : {
            writes: times.length,
            first: times.reduce((a, b) => Math.min(a, b)),
            last: times.reduce((a, b) => Math.max(a, b)),
          };
    },
    cpuSeconds: () => processCpuSeconds(child.pid),
    stop: async () => {
      await Promise.all([...agents.values()].map(agent => agent.close()));
      await new Promise<void>(resolve => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}

/**
 * A fleet served by several kube-sim processes, its clusters dealt out
 * among them in turn: one process serves every cluster on one thread, which
 * bounds a benchmark that spreads the sync over replicas long before real
 * clusters, each its own API server, would.
 */
export async function startFleetProcesses(
  fleet: { clusters: object[] },
  processes: number,
  options: FleetProcessOptions = {},
): Promise<FleetProcess> {
  if (!(processes >= 1))
    throw new Error(`kube-sim processes must be at least 1, not ${processes}`);
  const count = Math.min(Math.floor(processes), fleet.clusters.length);
  const parts = await Promise.all(
    Array.from({ length: count }, (_none, p) =>
      startFleetProcess(
        {
          ...fleet,
          clusters: fleet.clusters.filter((_cluster, i) => i % count === p),
        },
        options,
      ),
    ),
  );
  return {
    // In the fleet's order, as one process would list them.
    clusters: fleet.clusters.map(
      (_cluster, i) => parts[i % count].clusters[Math.floor(i / count)],
    ),
    async clientWrites() {
      const counts = await Promise.all(parts.map(part => part.clientWrites()));
      return counts.reduce((a, b) => a + b, 0);
    },
    async clientWriteSpan() {
      const written = (
        await Promise.all(parts.map(part => part.clientWriteSpan()))
      ).filter(s => s.writes > 0);
      if (!written.length) return { writes: 0 };
      return {
        writes: written.reduce((n, s) => n + s.writes, 0),
        first: Math.min(...written.map(s => s.first!)),
        last: Math.max(...written.map(s => s.last!)),
      };
    },
    cpuSeconds() {
      const each = parts.map(part => part.cpuSeconds());
      return each.some(s => s === undefined)
        ? undefined
        : each.reduce((a, b) => a! + b!, 0);
    },
    async stop() {
      await Promise.all(parts.map(part => part.stop()));
    },
  };
}
