import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSeeds } from '../__testUtils__/invariants/runSeeds';

/**
 * The data-safety invariants of PRODUCT.md against generated fleets,
 * services, requests, fleet changes, faults, kills and restarts, checked
 * against the simulated clusters' write logs (the backend README, "Proving
 * the invariants"). A fixed seed, so CI runs the same scenarios every time;
 * `yarn workspace @miniplanes/plugin-miniplanes-backend run invariants`
 * runs more.
 */

const SEED = 20261117;
const RUNS = 16;

jest.setTimeout(15 * 60_000);

it(`holds the invariants over ${RUNS} generated scenarios (seed ${SEED}), by the clusters' own write logs`, async () => {
  const report = await runSeeds({
    seed: SEED,
    runs: RUNS,
    minSteps: 5,
    maxSteps: 12,
    postgresUrl:
      process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING,
    shrinkSeconds: 120,
  });
  if (report.failure) {
    const file = join(tmpdir(), `invariants-failure-${SEED}.json`);
    writeFileSync(file, JSON.stringify({ seed: SEED, ...report.failure }));
    throw new Error(
      `A scenario broke the invariants (replay: yarn workspace @miniplanes/plugin-miniplanes-backend run invariants -- --replay ${file}):\n${
        report.failure.violations
          .map(v => `invariant ${v.invariant}, step ${v.step}: ${v.message}`)
          .join('\n') || report.failure.error
      }`,
    );
  }
  // The scenarios did what they are for: writes, approvals and faults.
  expect(report.runs).toBe(RUNS);
  expect(report.miniplanesWrites).toBeGreaterThan(100);
  expect(report.requests.approved).toBeGreaterThan(RUNS);
  expect(Object.keys(report.faults).length).toBeGreaterThanOrEqual(6);
  // Some ran with watches stopped past 2 own writes, so that path meets the faults.
  expect(report.echoStopLow).toBeGreaterThan(0);
});
