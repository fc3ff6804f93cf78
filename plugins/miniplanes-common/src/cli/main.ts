/* The `miniplanes` command: the only place in this package that does I/O. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runCli } from './runCli';

// Workspace scripts run from the package's directory; paths on the command
// line are relative to where the user typed it (scripts/toolchain.mjs says).
const cwd = process.env.MINIPLANES_CWD ?? process.cwd();

process.exitCode = runCli(process.argv.slice(2), {
  readFile: path => readFileSync(resolve(cwd, path), 'utf8'),
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
});
