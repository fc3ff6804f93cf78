/*
 * Benchmark (not a test): placement evaluation of many services over a
 * large fleet, on one core, along both paths:
 *
 * - full: `evaluatePlacement` per service, the decision with a line and
 *   messages for every cluster (what the API and the CLI return);
 * - bulk: one `createPlacementEvaluator` per fleet, a compact decision per
 *   service (what re-evaluating every service needs).
 *
 * Run: yarn workspace @miniplanes/plugin-miniplanes-common run bench
 * BENCH_SERVICES and BENCH_CLUSTERS (default 10,000 and 1,000) set the
 * largest case; the others divide one dimension by ten.
 */
import { FederatedService, Fleet } from '../model/types';
import { evaluatePlacement } from '../placement/evaluatePlacement';
import { createPlacementEvaluator } from '../placement/placementEvaluator';
import { makeFleet, makeServices } from './benchInputs';

interface Figures {
  totalMs: number;
  perSecond: number;
  p50Ms: number;
}

/** Times `evaluate` on every service; `setup` (per fleet) counts in the total. */
function measure(
  services: FederatedService[],
  fleet: Fleet,
  path: (fleet: Fleet) => (service: FederatedService) => number,
): Figures {
  const durations = new Float64Array(services.length);
  let placed = 0;
  const started = process.hrtime.bigint();
  const evaluate = path(fleet);
  services.forEach((service, i) => {
    const before = process.hrtime.bigint();
    placed += evaluate(service);
    durations[i] = Number(process.hrtime.bigint() - before) / 1e6;
  });
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  // A benchmark that places nothing measures nothing.
  if (placed === 0) throw new Error('nothing was placed');
  durations.sort();
  return {
    totalMs,
    perSecond: (services.length / totalMs) * 1e3,
    p50Ms: durations[Math.floor(durations.length / 2)] ?? 0,
  };
}

const full = (fleet: Fleet) => (service: FederatedService) =>
  evaluatePlacement({ service, fleet }).summary.length;

const bulk = (fleet: Fleet) => {
  const evaluator = createPlacementEvaluator({ fleet });
  return (service: FederatedService) =>
    evaluator.evaluate(service).placements.length;
};

const services = Number(process.env.BENCH_SERVICES ?? 10_000);
const clusters = Number(process.env.BENCH_CLUSTERS ?? 1_000);
const cases = [
  { services, clusters },
  { services: Math.max(1, Math.round(services / 10)), clusters },
  { services, clusters: Math.max(1, Math.round(clusters / 10)) },
];

const format = (label: string, f: Figures) =>
  `${label.padEnd(28)} ${f.totalMs.toFixed(0).padStart(8)} ms ${f.perSecond
    .toFixed(0)
    .padStart(10)} services/s   p50 ${(f.p50Ms * 1e3)
    .toFixed(1)
    .padStart(8)} µs`;

// Warm up the JIT on both paths.
measure(makeServices(500), makeFleet(100), full);
measure(makeServices(500), makeFleet(100), bulk);

const lines = [
  `placement evaluation benchmark (Node ${process.version}, one core)`,
];
for (const c of cases) {
  const fleet = makeFleet(c.clusters);
  const docs = makeServices(c.services);
  const bulkFigures = measure(docs, fleet, bulk);
  const fullFigures = measure(docs, fleet, full);
  lines.push(
    format(`${c.services} × ${c.clusters} full`, fullFigures),
    format(`${c.services} × ${c.clusters} bulk`, bulkFigures),
    `${''.padEnd(28)} bulk is ${(fullFigures.totalMs / bulkFigures.totalMs)
      .toFixed(0)
      .padStart(5)}× faster`,
  );
}
lines.push(
  `goal: ${services} services × ${clusters} clusters well under 1 s (bulk path)`,
  '',
);
process.stdout.write(lines.join('\n'));
