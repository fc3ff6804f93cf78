#!/usr/bin/env node
// Provisions what the repository needs on a machine that has only the Node and
// npm it ships with: Node 22 and Yarn 4 from the npm registry (into
// .toolchain/, git-ignored), then `yarn install --immutable`. Every step is
// skipped when already done, so a warm run costs well under a second.
//
// Usage: node scripts/toolchain.mjs [--] <command> [args...]
// The command runs with the provisioned Node and Yarn first on PATH.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE_VERSION = '22.23.3';
const YARN_VERSION = '4.13.0';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolchainDir = join(root, '.toolchain');
const binDirs = [
  join(toolchainDir, 'node_modules', 'node', 'bin'),
  join(toolchainDir, 'node_modules', '.bin'),
];
const nodeHeaders = join(
  toolchainDir,
  'node_modules',
  'node',
  'node_modules',
  `node-linux-${process.arch}`,
);

function log(message) {
  process.stderr.write(`[toolchain] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    cwd: root,
    ...options,
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function ensureTools() {
  const stampPath = join(toolchainDir, 'stamp.json');
  const wanted = { node: NODE_VERSION, yarn: YARN_VERSION };
  const stamp = readJson(stampPath);
  if (stamp && stamp.node === wanted.node && stamp.yarn === wanted.yarn) {
    if (existsSync(join(binDirs[0], 'node'))) return;
  }
  log(
    `installing Node ${NODE_VERSION} and Yarn ${YARN_VERSION} from the npm registry`,
  );
  mkdirSync(toolchainDir, { recursive: true });
  writeFileSync(
    join(toolchainDir, 'package.json'),
    `${JSON.stringify(
      { private: true, name: 'miniplanes-toolchain' },
      null,
      2,
    )}\n`,
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const status = run(
    npm,
    [
      'install',
      '--prefix',
      toolchainDir,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      // node@22's preinstall fetches its platform binary from the registry.
      '--foreground-scripts',
      `node@${NODE_VERSION}`,
      `@yarnpkg/cli-dist@${YARN_VERSION}`,
    ],
    { cwd: toolchainDir },
  );
  if (status !== 0 || !existsSync(join(binDirs[0], 'node'))) {
    throw new Error(
      'could not install Node 22 from the npm registry (see the npm output above)',
    );
  }
  writeFileSync(stampPath, `${JSON.stringify(wanted)}\n`);
}

/** Everything that decides what `yarn install` produces. */
function installInputsHash() {
  const hash = createHash('sha256');
  const files = ['package.json', 'yarn.lock', '.yarnrc.yml'];
  for (const group of ['packages', 'plugins']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      files.push(join(group, name, 'package.json'));
    }
  }
  for (const file of files) {
    const path = join(root, file);
    hash.update(file);
    hash.update(existsSync(path) ? readFileSync(path) : '');
  }
  hash.update(NODE_VERSION);
  return hash.digest('hex');
}

export function toolchainEnv(base = process.env) {
  return {
    ...base,
    PATH: [...binDirs, base.PATH].join(
      process.platform === 'win32' ? ';' : ':',
    ),
    // node-gyp builds native modules against the provisioned headers instead
    // of downloading them (no host but the registry is reachable).
    npm_config_nodedir: nodeHeaders,
    YARN_ENABLE_TELEMETRY: '0',
    YARN_ENABLE_GLOBAL_CACHE: 'true',
    COREPACK_ENABLE_STRICT: '0',
  };
}

function ensureDependencies(env) {
  const stampPath = join(root, 'node_modules', '.miniplanes-install');
  const digest = installInputsHash();
  if (existsSync(stampPath) && readFileSync(stampPath, 'utf8') === digest) {
    return;
  }
  log('running yarn install --immutable');
  const status = run('yarn', ['install', '--immutable'], { env });
  if (status !== 0) {
    throw new Error(
      'yarn install failed; if it says "No candidates found", see the troubleshooting section of the README',
    );
  }
  writeFileSync(stampPath, digest);
}

/**
 * Makes Node 22, Yarn 4 and the workspace's dependencies available and returns
 * the environment to run repository commands in.
 */
export function provision({ install = true } = {}) {
  const started = Date.now();
  ensureTools();
  const env = toolchainEnv();
  if (install) ensureDependencies(env);
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return env;
}

export { root as repoRoot, run, log };

function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--') args.shift();
  const install = !args.includes('--no-install');
  const command = args.filter(a => a !== '--no-install');
  const env = provision({ install });
  if (command.length === 0) return 0;
  // Workspace scripts run in their package's directory; this tells them
  // where the user typed the command, to resolve relative paths from there.
  env.MINIPLANES_CWD = process.env.INIT_CWD ?? process.cwd();
  return run(command[0], command.slice(1), { env, cwd: process.cwd() });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main();
  } catch (error) {
    log(`error: ${error.message}`);
    process.exitCode = 1;
  }
}
