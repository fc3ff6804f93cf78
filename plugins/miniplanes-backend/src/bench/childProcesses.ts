import { ChildProcess } from 'node:child_process';

/** The benchmark's child processes still running (kube-sim fleets, replicas). */
const running = new Set<ChildProcess>();

// process.exit() and the end of the event loop run 'exit' listeners, and
// sending a signal is synchronous: a benchmark that fails, or is stopped by
// a signal (see runBench), takes its children with it instead of leaving
// simulated fleets of hundreds of MB running.
process.on('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});

/** Stops `child` when this process exits, if it has not exited first. */
export function exitsWithThisProcess<T extends ChildProcess>(child: T): T {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Stopped by a signal, this process exits (running its 'exit' listeners) as the signal would. */
export function exitOnSignals() {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => process.exit(code));
  }
}
