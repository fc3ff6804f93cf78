import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { startFleetFromText } from './fleet';

const USAGE =
  'usage: kube-sim --fleet <fleet.yaml> --kubeconfig <out.yaml> [--state <dir>] [--insecure] [--pod-startup-ms <n>]';

function parseArgs(argv: string[]) {
  const args: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--'))
      throw new Error(`unexpected argument ${arg}\n${USAGE}`);
    const [key, inline] = arg.slice(2).split('=', 2);
    if (key === 'insecure' || key === 'help') args[key] = true;
    else args[key] = inline ?? argv[++i];
  }
  return args;
}

/** `npm run kube-sim -- --fleet <file> --kubeconfig <out>`: serves the fleet until stopped. */
export async function runKubeSimCli(argv: string[], cwd = process.cwd()) {
  const args = parseArgs(argv);
  if (
    args.help ||
    typeof args.fleet !== 'string' ||
    typeof args.kubeconfig !== 'string'
  ) {
    console.error(USAGE);
    return 2;
  }
  const fleet = await startFleetFromText(
    await readFile(resolve(cwd, args.fleet), 'utf8'),
    {
      insecure: Boolean(args.insecure),
      podStartupMs: args['pod-startup-ms']
        ? Number(args['pod-startup-ms'])
        : undefined,
      // Objects, CA, tokens and ports survive a restart (one subdirectory per cluster).
      stateDirectory:
        typeof args.state === 'string' ? resolve(cwd, args.state) : undefined,
    },
  );
  const kubeconfig = resolve(cwd, args.kubeconfig);
  await fleet.writeKubeconfig(kubeconfig);
  for (const c of fleet.clusters) console.log(`${c.name}\t${c.url}`);
  console.log(
    `kube-sim ready: ${fleet.clusters.length} clusters; kubeconfig ${kubeconfig}`,
  );
  const shutdown = async () => {
    await fleet.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  return new Promise<number>(() => {});
}
