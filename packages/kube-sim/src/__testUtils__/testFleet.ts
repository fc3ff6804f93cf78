import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedCluster, SimulatedClusterOptions } from '../SimulatedCluster';
import { SimulatedFleet } from '../fleet';

export const NODE_COUNT = 3;

/** One simulated cluster for client acceptance tests, with a kubeconfig on disk. */
export async function startAcceptanceCluster(
  name = 'sim',
  options: Partial<SimulatedClusterOptions> = {},
) {
  const cluster = await SimulatedCluster.start({
    ...options,
    name,
    podStartupMs: 20,
    nodes: {
      count: NODE_COUNT,
      cpu: '8',
      memory: '32Gi',
      region: 'eu-west-1',
      zones: ['eu-west-1a', 'eu-west-1b'],
    },
  });
  const dir = await mkdtemp(join(tmpdir(), 'kube-sim-'));
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  await new SimulatedFleet([cluster]).writeKubeconfig(kubeconfig);
  return { cluster, dir, kubeconfig };
}

export type RunResult = { code: number; stdout: string; stderr: string };

/** Runs a command and resolves with its exit code and output (never rejects on exit codes). */
export function run(
  command: string,
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise(resolve => {
    const child = execFile(
      command,
      args,
      { env: { ...process.env, ...options.env }, timeout: 90_000 },
      (error, stdout, stderr) => {
        const exitCode = (error as { code?: unknown } | null)?.code;
        const code =
          typeof exitCode === 'number' ? exitCode : Number(Boolean(error));
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}

export async function writeManifest(dir: string, name: string, text: string) {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}
