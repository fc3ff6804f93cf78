import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScenario } from '../__testUtils__/invariants/runScenario';
import { Scenario } from '../__testUtils__/invariants/scenario';

/**
 * Scenarios that once broke the invariants (or the suite's judgement of
 * them), kept and replayed on every run: each file says where it was found
 * and what was wrong.
 */
const dir = join(__dirname, '../__testUtils__/invariants/regressions');
const files = readdirSync(dir).filter(f => f.endsWith('.json'));

jest.setTimeout(5 * 60_000);

it.each(files)('holds the invariants in %s', async file => {
  const { scenario } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    scenario: Scenario;
  };
  const report = await runScenario(scenario, {
    postgresUrl:
      process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING,
  });
  expect(report.violations).toEqual([]);
});
