import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.setTimeout(30_000);

/** Whether the process runs (a zombie, exited but not yet reaped, does not). */
function running(pid: number) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (command) state …": the state follows the command's last ')'.
    return (
      stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
    );
  } catch {
    return false;
  }
}

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
    bench.once('exit', code => resolve(code)),
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
  while (running(pid) && Date.now() < deadline)
    await new Promise(resolve => setTimeout(resolve, 50));
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
