#!/usr/bin/env node
// `npm test`: provisions what is missing, then runs the whole suite the way CI
// does. Each step prints its duration; the first failing step ends the run.
//
// Usage: npm test [-- --only <step>[,<step>...]]
import { provision, repoRoot, run, log } from './toolchain.mjs';
import { ensureSystemDependencies } from './system-deps.mjs';
import { startTestPostgres } from './postgres.mjs';

/** The packages that publish an API (app and backend are not libraries). */
const API_REPORT_PACKAGES = [
  'plugins/miniplanes-common',
  'plugins/miniplanes-backend',
  'plugins/miniplanes',
  'plugins/scaffolder-backend-module-miniplanes',
  'packages/kube-sim',
];

/**
 * The packages whose tests load @kubernetes/client-node: they talk to
 * clusters, or (the backend) start miniplanes' backend plugin.
 */
const ESM_CLIENT_PROJECTS = [
  '@miniplanes/kube-sim',
  '@miniplanes/plugin-miniplanes-backend',
  '@miniplanes/backend',
];

/**
 * A jest worker's heap grows across the jsdom test files it runs (650–790 MB
 * after the app's and the frontend plugin's, against 490–560 MB for the
 * plugin's alone), and a worker that large does not exit within the 500 ms
 * jest allows it: "A worker process has failed to exit gracefully" though no
 * handle is left open. So jest replaces workers past 700 MB between files.
 */
const JEST = [
  'yarn',
  'backstage-cli',
  'repo',
  'test',
  '--workerIdleMemoryLimit=700MB',
];

const steps = [
  { name: 'typecheck', command: ['yarn', 'tsc'] },
  { name: 'lint', command: ['yarn', 'backstage-cli', 'repo', 'lint'] },
  { name: 'format', command: ['yarn', 'prettier', '--check', '.'] },
  {
    // The committed REST client must be what the backend's OpenAPI document
    // gives (Backstage's generator, run offline; needs java).
    name: 'openapi-client',
    command: ['node', 'scripts/openapi-client.mjs', '--check'],
  },
  {
    // Each package's public API (report.api.md) must match its code.
    name: 'api-reports',
    command: [
      'yarn',
      'backstage-repo-tools',
      'api-reports',
      '--ci',
      '--tsc',
      // Workspace packages are typed from their sources, and that warning
      // names the checkout's absolute path, which differs on every machine.
      // Members without doc comments are allowed, as in Backstage's
      // community plugins; every other warning fails the step.
      '--omit-messages',
      'ae-wrong-input-file-type,ae-undocumented',
      ...API_REPORT_PACKAGES,
    ],
  },
  {
    name: 'unit',
    command: [...JEST, '--ignoreProjects', ...ESM_CLIENT_PROJECTS],
  },
  {
    // @kubernetes/client-node is ESM-only; jest loads it through dynamic
    // import(), which needs Node's VM modules (as Backstage's kubernetes
    // backend does in its own tests). The flag breaks require() of other
    // ESM-only packages (msw's), so only these projects run with it.
    name: 'unit-kube',
    command: [...JEST, '--selectProjects', ...ESM_CLIENT_PROJECTS],
    env: { NODE_OPTIONS: '--experimental-vm-modules' },
    // Backend stores are tested on SQLite and on a real PostgreSQL.
    needsPostgres: true,
  },
  // The main journeys in real Chromium against the started portal.
  { name: 'e2e', command: ['yarn', 'playwright', 'test'] },
];

function selectedSteps(argv) {
  const index = argv.indexOf('--only');
  if (index === -1) return steps;
  const wanted = new Set((argv[index + 1] ?? '').split(','));
  const unknown = [...wanted].filter(n => !steps.some(s => s.name === n));
  if (unknown.length > 0) {
    throw new Error(
      `unknown step(s) ${unknown.join(', ')}; steps are ${steps
        .map(s => s.name)
        .join(', ')}`,
    );
  }
  return steps.filter(s => wanted.has(s.name));
}

async function runStep(step, baseEnv) {
  const env = { ...baseEnv, ...step.env };
  if (step.env?.NODE_OPTIONS && baseEnv.NODE_OPTIONS) {
    env.NODE_OPTIONS = `${baseEnv.NODE_OPTIONS} ${step.env.NODE_OPTIONS}`;
  }
  if (!step.needsPostgres) {
    return run(step.command[0], step.command.slice(1), { env, cwd: repoRoot });
  }
  const postgres = await startTestPostgres();
  // An interrupted run must not leave the server behind.
  const stopOnSignal = () => {
    postgres.stop();
    process.exit(130);
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    return run(step.command[0], step.command.slice(1), {
      env: {
        ...env,
        BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:
          postgres.connectionString,
      },
      cwd: repoRoot,
    });
  } finally {
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    postgres.stop();
  }
}

async function main() {
  const started = Date.now();
  const chosen = selectedSteps(process.argv.slice(2));
  const env = {
    ...provision(),
    CI: 'true',
  };
  ensureSystemDependencies();
  const timings = [];
  for (const step of chosen) {
    const stepStart = Date.now();
    log(`step ${step.name}: ${step.command.join(' ')}`);
    const status = await runStep(step, env);
    const seconds = ((Date.now() - stepStart) / 1000).toFixed(1);
    timings.push(`${step.name} ${seconds} s`);
    if (status !== 0) {
      log(`step ${step.name} failed (exit ${status}) after ${seconds} s`);
      return status;
    }
  }
  const total = ((Date.now() - started) / 1000).toFixed(1);
  log(`all steps passed in ${total} s (${timings.join(', ')})`);
  return 0;
}

main().then(
  code => {
    process.exitCode = code;
  },
  error => {
    log(`error: ${error.message}`);
    process.exitCode = 1;
  },
);
