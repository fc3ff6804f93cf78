import { exitOnSignals } from './childProcesses';

/**
 * Runs a benchmark's main and exits: with 0 once it has printed its figures
 * (the plugin's scheduler keeps timers that would hold the process open),
 * with 1 and the error's stack if it fails, and as a signal would when
 * stopped by one. Its child processes are stopped each way.
 */
export function runBench(main: () => Promise<void>) {
  exitOnSignals();
  main().then(
    () => process.exit(0),
    error => {
      process.stderr.write(`${error.stack ?? error}\n`);
      process.exit(1);
    },
  );
}
