import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** The host's CPU counters (all processes, all cores), in clock ticks. */
export interface HostCpuMark {
  busy: number;
  total: number;
}

/**
 * Reads the host's CPU counters from /proc/stat (Linux); undefined elsewhere.
 * A benchmark that shares the host with kube-sim and PostgreSQL is bounded
 * by all of them: how many cores were busy tells whether the host, not the
 * code measured, was the limit.
 */
export function hostCpuMark(): HostCpuMark | undefined {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8')
      .split('\n', 1)[0]
      .trim()
      .split(/\s+/);
    // user nice system idle iowait irq softirq steal
    const ticks = fields.slice(0, 8).map(Number);
    const idle = ticks[3] + ticks[4];
    const total = ticks.reduce((sum, t) => sum + t, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** "1.84 of 2 cores busy" since `mark`, or nothing where there is no /proc/stat. */
export function hostBusySince(mark: HostCpuMark | undefined): string {
  const now = hostCpuMark();
  if (!mark || !now || now.total === mark.total) return '';
  const cores = availableParallelism();
  const busy = ((now.busy - mark.busy) / (now.total - mark.total)) * cores;
  return `host ${busy.toFixed(2)} of ${cores} cores busy`;
}

/** /proc's clock ticks per second (USER_HZ, fixed at 100 by Linux's ABI). */
const USER_HZ = 100;

/**
 * A process's /proc/<pid>/stat fields from its state on (field 3 is [0]),
 * Linux only; undefined elsewhere or once it is gone.
 */
export function processStatFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may hold spaces: fields follow its end.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds a process has used (user and system, all its threads), from
 * /proc/<pid>/stat (Linux); undefined elsewhere or once it has exited. Tells
 * what kube-sim's child process spent beside the benchmarked one.
 */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  const fields = pid === undefined ? undefined : processStatFields(pid);
  // utime and stime are fields 14 and 15.
  return fields && (Number(fields[11]) + Number(fields[12])) / USER_HZ;
}
