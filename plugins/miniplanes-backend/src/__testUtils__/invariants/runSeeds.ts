import fc from 'fast-check';
import { scenarios } from './arbitraries';
import { RunReport, runScenario } from './runScenario';
import { Scenario } from './scenario';
import { Violation } from './WriteLogChecker';

/** Totals over many scenarios. */
export interface SeedsReport {
  seed: number;
  runs: number;
  steps: number;
  writesChecked: number;
  miniplanesWrites: number;
  judged: Record<string, number>;
  faults: Record<string, number>;
  requests: Record<string, number>;
  refusals: Record<string, number>;
  rollouts: Record<string, number>;
  databases: Record<string, number>;
  /** Runs whose watched lists stopped their watches past 2 own writes, not 50. */
  echoStopLow: number;
  /** Runs whose clusters served HTTPS, so that every client spoke HTTP/2 to them. */
  overTls: number;
  seconds: number;
  /** The smallest failing scenario fast-check found, with what broke. */
  failure?: {
    scenario: Scenario;
    violations: Violation[];
    error?: string;
  };
}

function add(into: Record<string, number>, from: Record<string, number>) {
  for (const [key, value] of Object.entries(from))
    into[key] = (into[key] ?? 0) + value;
}

/**
 * Generates and runs `runs` scenarios from `seed` with fast-check. On a
 * failure fast-check shrinks the scenario (for at most `shrinkSeconds`)
 * and the report carries the smallest failing one, replayable with
 * {@link runScenario}. Figures count the generated runs, not the shrinking.
 */
export async function runSeeds(options: {
  seed: number;
  runs: number;
  minSteps: number;
  maxSteps: number;
  postgresUrl?: string;
  shrinkSeconds?: number;
  onRun?: (report: RunReport, run: number) => void;
}): Promise<SeedsReport> {
  const started = Date.now();
  const totals: SeedsReport = {
    seed: options.seed,
    runs: 0,
    steps: 0,
    writesChecked: 0,
    miniplanesWrites: 0,
    judged: {},
    faults: {},
    requests: {},
    refusals: {},
    rollouts: {},
    databases: {},
    echoStopLow: 0,
    overTls: 0,
    seconds: 0,
  };
  let shrinkingSince: number | undefined;
  let last: { violations: Violation[]; error?: string } | undefined;
  const shrinkMs = (options.shrinkSeconds ?? 300) * 1000;

  const property = fc.asyncProperty(
    scenarios({ minSteps: options.minSteps, maxSteps: options.maxSteps }),
    async scenario => {
      // Past the budget, shrinking stops: the smallest failure so far stands.
      if (
        shrinkingSince !== undefined &&
        Date.now() - shrinkingSince > shrinkMs
      )
        return true;
      let report: RunReport;
      try {
        report = await runScenario(scenario, {
          postgresUrl: options.postgresUrl,
        });
      } catch (error) {
        shrinkingSince ??= Date.now();
        last = {
          violations: [],
          error: (error as Error).stack ?? String(error),
        };
        return false;
      }
      if (shrinkingSince === undefined) {
        totals.runs += 1;
        totals.steps += report.steps;
        totals.writesChecked += report.writesChecked;
        totals.miniplanesWrites += report.miniplanesWrites;
        add(totals.judged, report.judged);
        add(totals.faults, report.faults);
        add(
          totals.requests,
          report.requests as unknown as Record<string, number>,
        );
        add(totals.refusals, report.refusals);
        add(totals.rollouts, report.rollouts);
        add(totals.databases, {
          [`${report.database} x${report.replicas}, ${report.shards} shard(s)`]: 1,
        });
        if (report.echoStopLow) totals.echoStopLow += 1;
        if (report.overTls) totals.overTls += 1;
        options.onRun?.(report, totals.runs);
      }
      if (report.violations.length === 0) return true;
      shrinkingSince ??= Date.now();
      last = { violations: report.violations };
      return false;
    },
  );
  const details = await fc.check(property, {
    seed: options.seed,
    numRuns: options.runs,
  });
  totals.seconds = Math.round((Date.now() - started) / 1000);
  if (details.failed && details.counterexample && last) {
    totals.failure = { scenario: details.counterexample[0], ...last };
  }
  return totals;
}
