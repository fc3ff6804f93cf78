import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { StartFleetOptions, startFleetFromText } from './fleet';
import {
  SimulatedOperator,
  parseSimulatedOperators,
} from './operators/SimulatedOperator';

const USAGE = [
  'usage: kube-sim --fleet <fleet.yaml> --kubeconfig <out.yaml> [--state <dir>] [--insecure] [--pod-startup-ms <n>]',
  '                [--operators <profile,...> | --operators <cluster>=<profile,...> ...]',
  '                [--backup-interval-ms <n>] [--operator-step-ms <n>]',
  '  profiles: velero, cnpg, mcs, istio, prometheus, spire',
].join('\n');

/** Flags that may be given more than once. */
const REPEATABLE = new Set(['operators']);

function parseArgs(argv: string[]) {
  const args: Record<string, string | boolean> = {};
  const repeated: Record<string, string[]> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--'))
      throw new Error(`unexpected argument ${arg}\n${USAGE}`);
    const [key, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (key === 'insecure' || key === 'help') args[key] = true;
    else if (REPEATABLE.has(key))
      (repeated[key] ??= []).push(inline ?? argv[++i]);
    else args[key] = inline ?? argv[++i];
  }
  return { args, repeated };
}

/**
 * `--operators velero,cnpg` for every cluster, or `--operators us-pet=velero,cnpg`
 * once per cluster; not both.
 */
function parseOperators(
  values: string[] | undefined,
): StartFleetOptions['operators'] {
  if (!values) return undefined;
  const profiles = (list: string) =>
    parseSimulatedOperators(list.split(',').filter(Boolean));
  const perCluster = values.filter(v => v.includes('='));
  if (perCluster.length === 0) return profiles(values.join(','));
  if (perCluster.length < values.length) {
    throw new Error(
      `--operators takes either one list for every cluster or <cluster>=<list> per cluster, not both\n${USAGE}`,
    );
  }
  const byCluster: Record<string, SimulatedOperator[]> = {};
  for (const value of perCluster) {
    const [cluster, list] = value.split('=', 2);
    byCluster[cluster] = [...(byCluster[cluster] ?? []), ...profiles(list)];
  }
  return byCluster;
}

function milliseconds(value: string | boolean | undefined, flag: string) {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (typeof value !== 'string' || !(ms >= 0))
    throw new Error(`--${flag} takes a number of milliseconds\n${USAGE}`);
  return ms;
}

/** What the command line asks for; undefined when it asks for the usage. */
export function parseKubeSimArgs(argv: string[], cwd: string) {
  const { args, repeated } = parseArgs(argv);
  if (
    args.help ||
    typeof args.fleet !== 'string' ||
    typeof args.kubeconfig !== 'string'
  ) {
    return undefined;
  }
  const options: StartFleetOptions = {
    insecure: Boolean(args.insecure),
    podStartupMs: milliseconds(args['pod-startup-ms'], 'pod-startup-ms'),
    // Objects, CA, tokens and ports survive a restart (one subdirectory per cluster).
    stateDirectory:
      typeof args.state === 'string' ? resolve(cwd, args.state) : undefined,
    operators: parseOperators(repeated.operators),
    backupIntervalMs: milliseconds(
      args['backup-interval-ms'],
      'backup-interval-ms',
    ),
    operatorStepMs: milliseconds(args['operator-step-ms'], 'operator-step-ms'),
  };
  return {
    fleet: resolve(cwd, args.fleet),
    kubeconfig: resolve(cwd, args.kubeconfig),
    options,
  };
}

/** `npm run kube-sim -- --fleet <file> --kubeconfig <out>`: serves the fleet until stopped. */
export async function runKubeSimCli(argv: string[], cwd = process.cwd()) {
  const parsed = parseKubeSimArgs(argv, cwd);
  if (!parsed) {
    console.error(USAGE);
    return 2;
  }
  const fleet = await startFleetFromText(
    await readFile(parsed.fleet, 'utf8'),
    parsed.options,
  );
  await fleet.writeKubeconfig(parsed.kubeconfig);
  for (const c of fleet.clusters)
    console.log(
      `${c.name}\t${c.url}${
        c.operators.length ? `\toperators: ${c.operators.join(',')}` : ''
      }`,
    );
  console.log(
    `kube-sim ready: ${fleet.clusters.length} clusters; kubeconfig ${parsed.kubeconfig}`,
  );
  const shutdown = async () => {
    await fleet.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  return new Promise<number>(() => {});
}
