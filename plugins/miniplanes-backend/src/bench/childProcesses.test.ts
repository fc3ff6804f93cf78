import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from '../__testUtils__/sync/syncPasses';
import { processStatFields } from './hostCpu';

jest.setTimeout(30_000);

/** Whether the process runs (a zombie, exited but not yet reaped, does not). */
const running = (pid: number) => {
  const state = processStatFields(pid)?.[0];
  return state !== undefined && state !== 'Z';
};

/**
 * A benchmark-like process with one child that would run forever: it
 * prints the child's pid, then fails (`exit`) or waits to be stopped.
 */
function benchWithChild(ending: 'fails' | 'waits') {
  const dir = mkdtempSync(join(tmpdir(), 'miniplanes-child-processes-'));
  const script = join(dir, 'bench.ts');
  writeFileSync(
    script,
    `
import { spawn } from 'node:child_process';
import { exitOnSignals, exitsWithThisProcess } from ${JSON.stringify(
      require.resolve('./childProcesses'),
    )};
exitOnSignals();
const child = exitsWithThisProcess(
  spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { stdio: 'ignore' }),
);
process.stdout.write(child.pid + '\\n');
${
  ending === 'fails'
    ? 'setTimeout(() => process.exit(1), 200);'
    : 'setInterval(() => {}, 1e9);'
}
`,
  );
  const bench = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      script,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<number | null>(resolve =>
    bench.once('exit', code => {
      rmSync(dir, { recursive: true, force: true });
      resolve(code);
    }),
  );
  const childPid = new Promise<number>(resolve => {
    let output = '';
    bench.stdout!.on('data', chunk => {
      output += chunk;
      if (output.includes('\n')) resolve(Number(output.trim()));
    });
  });
  return { bench, exited, childPid };
}

async function stopsWithin(pid: number, ms: number) {
  const deadline = Date.now() + ms;
  while (running(pid) && Date.now() < deadline) await sleep(50);
  return !running(pid);
}

describe("a benchmark's child processes", () => {
  it('stop when the benchmark fails and exits', async () => {
    const { exited, childPid } = benchWithChild('fails');
    const pid = await childPid;
    expect(running(pid)).toBe(true);
    expect(await exited).toBe(1);
    expect(await stopsWithin(pid, 5_000)).toBe(true);
  });

  it('stop when the benchmark is stopped by a signal', async () => {
    const { bench, exited, childPid } = benchWithChild('waits');
    const pid = await childPid;
    expect(running(pid)).toBe(true);
    bench.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(await stopsWithin(pid, 5_000)).toBe(true);
  });
});
