import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedClusterOptions } from '../SimulatedCluster';
import { run, RunResult, startAcceptanceCluster } from './testFleet';

/** Runs the machine's kubectl with the given arguments against one cluster. */
export type Kubectl = (...args: string[]) => Promise<RunResult>;

/**
 * An acceptance cluster and kubectl for it; the discovery cache is a fresh
 * directory, so that no suite reads what another cluster served. `env` is
 * added to kubectl's environment (Go's debug settings, say).
 */
export async function startKubectlCluster(
  name?: string,
  options?: Partial<SimulatedClusterOptions>,
  env?: NodeJS.ProcessEnv,
) {
  const started = await startAcceptanceCluster(name, options);
  const cacheDir = await mkdtemp(join(tmpdir(), 'kubectl-cache-'));
  const kubectl: Kubectl = (...args) =>
    run(
      'kubectl',
      ['--kubeconfig', started.kubeconfig, `--cache-dir=${cacheDir}`, ...args],
      { env },
    );
  return { ...started, cacheDir, kubectl };
}
