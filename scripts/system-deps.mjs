// System packages the suite needs beyond Node: installed from Debian's
// repositories when running as root, otherwise reported with the command to
// run. Each check is a file test, so a warm run costs nothing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { log } from './toolchain.mjs';
import { postgresPackage } from './postgres.mjs';

/** What the suite needs, by the file that proves it is installed. */
export const systemPackages = [
  postgresPackage,
  { provides: '/usr/bin/chromium', debian: ['chromium'] },
  // kube-sim's acceptance suite runs Debian's Python client against the simulator.
  {
    provides: '/usr/lib/python3/dist-packages/kubernetes/__init__.py',
    debian: ['python3-kubernetes'],
  },
];

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function aptInstall(packages) {
  const options = {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  };
  let result = spawnSync(
    'apt-get',
    ['install', '-y', '--no-install-recommends', ...packages],
    options,
  );
  if (result.status !== 0) {
    // A fresh machine has no package lists yet.
    spawnSync('apt-get', ['update'], options);
    result = spawnSync(
      'apt-get',
      ['install', '-y', '--no-install-recommends', ...packages],
      options,
    );
  }
  return result.status === 0;
}

export function ensureSystemDependencies() {
  const missing = systemPackages.filter(p => !existsSync(p.provides));
  if (missing.length === 0) return;
  const names = [...new Set(missing.flatMap(p => p.debian))];
  if (!isRoot()) {
    throw new Error(
      `missing system packages: ${names.join(
        ' ',
      )}; install them with: sudo apt-get install -y ${names.join(' ')}`,
    );
  }
  log(`installing system packages: ${names.join(' ')}`);
  if (!aptInstall(names)) {
    throw new Error(`apt-get could not install ${names.join(' ')}`);
  }
  const still = missing.filter(p => !existsSync(p.provides));
  if (still.length > 0) {
    throw new Error(
      `installed ${names.join(' ')} but ${still
        .map(p => p.provides)
        .join(', ')} is still missing`,
    );
  }
}
