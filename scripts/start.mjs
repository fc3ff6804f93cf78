#!/usr/bin/env node
// `npm start`: provisions what is missing, then starts the portal (frontend on
// :3000, backend on :7007, its metrics on :9464). Local state (the SQLite databases, the simulated
// fleet's kubeconfig) lives in .miniplanes/, which git ignores.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { provision, repoRoot, run, log } from './toolchain.mjs';

/** `--config` paths are resolved from where the command was run. */
function absoluteConfigPaths(args) {
  return args.map((arg, i) =>
    args[i - 1] === '--config' ? resolve(process.cwd(), arg) : arg,
  );
}

try {
  const env = provision();
  mkdirSync(join(repoRoot, '.miniplanes', 'sqlite'), { recursive: true });
  process.exitCode = run(
    'yarn',
    [
      'backstage-cli',
      'repo',
      'start',
      // Serves the backend's metrics at http://localhost:9464/metrics.
      '--require',
      join(repoRoot, 'packages', 'backend', 'src', 'instrumentation.js'),
      ...absoluteConfigPaths(process.argv.slice(2)),
    ],
    { env },
  );
} catch (error) {
  log(`error: ${error.message}`);
  process.exitCode = 1;
}
