/*
 * The data-safety invariants against generated scenarios (issue #17), for
 * more seeds than `npm test` runs:
 *
 *   yarn workspace @miniplanes/plugin-miniplanes-backend run invariants -- --seeds 2000 --steps 30
 *   yarn workspace @miniplanes/plugin-miniplanes-backend run invariants -- --replay invariants-failure-<seed>.json
 *
 * Options: --seeds N (scenarios, default 100), --steps N (at most, default
 * 30), --min-steps N (default 5), --seed N (fast-check's seed, default
 * random), --postgres URL (two backend replicas on one database for some
 * scenarios; default $BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING),
 * --shrink-seconds N (default 300), --out DIR (where a failure is written).
 * Prints the counts; exit 1 and a replayable JSON file on a violation.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { scenarios } from '../src/__testUtils__/invariants/arbitraries';
import { runScenario } from '../src/__testUtils__/invariants/runScenario';
import { runSeeds } from '../src/__testUtils__/invariants/runSeeds';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

function number(name: string, fallback: number): number {
  const value = option(name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    throw new Error(`--${name} expects a non-negative integer, got ${value}`);
  }
  return parsed;
}

const postgresUrl =
  option('postgres') ??
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

async function replay(file: string) {
  const { scenario } = JSON.parse(readFileSync(resolve(file), 'utf8'));
  const report = await runScenario(scenario, {
    postgresUrl,
    trace: line => console.error(line),
  });
  console.log(JSON.stringify({ ...report, scenario: undefined }, null, 2));
  return report.violations.length === 0 ? 0 : 1;
}

async function main() {
  const file = option('replay');
  if (file) return replay(file);
  const only = option('only');
  if (only !== undefined) {
    // The Nth scenario a seed generates, written out for --replay.
    const [scenario] = fc
      .sample(
        scenarios({
          minSteps: number('min-steps', 5),
          maxSteps: number('steps', 30),
        }),
        { seed: number('seed', 0), numRuns: number('only', 1) },
      )
      .slice(-1);
    const out = join(resolve(option('out') ?? '.'), `invariants-scenario.json`);
    writeFileSync(out, `${JSON.stringify({ scenario }, null, 2)}\n`);
    console.log(out);
    return 0;
  }
  const seed = number('seed', Math.floor(Math.random() * 2 ** 31));
  const runs = number('seeds', 100);
  const report = await runSeeds({
    seed,
    runs,
    minSteps: number('min-steps', 5),
    maxSteps: number('steps', 30),
    postgresUrl,
    shrinkSeconds: number('shrink-seconds', 300),
    onRun: (one, run) => {
      if (process.argv.includes('--verbose'))
        process.stderr.write(
          `scenario ${run}: ${one.steps} steps, ${one.database} x${
            one.replicas
          }${one.overTls ? ', over TLS' : ''}, ${
            one.miniplanesWrites
          } writes, ${one.milliseconds} ms\n`,
        );
      else if (run % 10 === 0)
        process.stderr.write(`… ${run}/${runs} scenarios\n`);
    },
  });
  const { failure, ...counts } = report;
  console.log(
    JSON.stringify(
      { ...counts, violations: failure ? failure.violations.length || 1 : 0 },
      null,
      2,
    ),
  );
  if (!failure) return 0;
  const dir = resolve(option('out') ?? '.');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `invariants-failure-${seed}.json`);
  writeFileSync(out, `${JSON.stringify({ seed, ...failure }, null, 2)}\n`);
  console.error(
    `A scenario broke the invariants; the shrunk scenario is in ${out}.\n` +
      `Replay it: yarn workspace @miniplanes/plugin-miniplanes-backend run invariants -- --replay ${out}`,
  );
  for (const v of failure.violations)
    console.error(`  invariant ${v.invariant}, step ${v.step}: ${v.message}`);
  if (failure.error) console.error(failure.error);
  return 1;
}

main().then(
  code => process.exit(code),
  error => {
    console.error(error);
    process.exit(2);
  },
);
