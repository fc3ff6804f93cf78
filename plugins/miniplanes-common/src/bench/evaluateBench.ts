/*
 * Benchmark (not a test): placement of many services over a large fleet,
 * on one thread.
 *
 * - bulk: one `createPlacementEvaluator` per fleet version (indexing the
 *   fleet counts in the total) and a compact decision per service, whose
 *   clusters and replicas per role are read; for services that are all
 *   distinct, for the same re-evaluated after a fleet change (with their
 *   previous placements, data pinned and failover, as the backend does),
 *   and for services sharing about a hundred policies;
 * - full: the decision with every cluster's reasons, as the API returns
 *   it, for a sample of services: `toPlacementDecision()` of a compact
 *   decision, and `evaluatePlacement`.
 *
 * Every case runs BENCH_RUNS times (default 3); the figures are the
 * minimum and the median, in wall-clock time and in this process's CPU
 * time (which other work on a loaded machine inflates less).
 *
 * Run: yarn workspace @miniplanes/plugin-miniplanes-common run bench
 * (prefix `taskset -c 0` to hold it to one core). BENCH_SERVICES and
 * BENCH_CLUSTERS (default 10,000 and 1,000) set the largest case,
 * BENCH_SAMPLE (default 300) the services whose full decision is timed.
 */
import { loadavg } from 'node:os';
import { FederatedService, Fleet } from '../model/types';
import { CompactDecision } from '../placement/compactDecision';
import { evaluatePlacement } from '../placement/evaluatePlacement';
import { dataClustersOf } from '../placement/pinData';
import { createPlacementEvaluator } from '../placement/placementEvaluator';
import { FailoverPolicy, PreviousPlacement } from '../placement/types';
import {
  changeFleet,
  makeDistinctServices,
  makeFleet,
  makeSharedServices,
  policyOf,
} from './benchInputs';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 10_000);
const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 1_000);
const SAMPLE = Number(process.env.BENCH_SAMPLE ?? 300);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const FAILOVER: FailoverPolicy = {
  gracePeriodMs: 120_000,
  now: new Date(Date.UTC(2026, 0, 1, 12)),
};

const wallMs = () => Number(process.hrtime.bigint()) / 1e6;
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e3;
};
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => sorted(values)[values.length >> 1];
const quantile = (values: number[], q: number) => {
  const ordered = sorted(values);
  return ordered[Math.min(ordered.length - 1, Math.floor(ordered.length * q))];
};

/** A copy of the fleet with a cluster list of its own, so that it is indexed anew. */
const fresh = (fleet: Fleet): Fleet => ({
  ...fleet,
  clusters: [...fleet.clusters],
});

/** Where the services ran before a fleet change, and where their data is. */
interface Before {
  previous: PreviousPlacement[];
  pinned: (string[] | undefined)[];
}

interface Run {
  wallMs: number;
  cpuMs: number;
  /** Per service or decision, in µs for bulk runs and ms for full decisions. */
  each: number[];
  satisfiable: number;
}

/** How many replicas a decision places, read role by role. */
function placed(decision: CompactDecision): number {
  let replicas = 0;
  for (const role of decision.byRole)
    for (let i = 0; i < role.clusters.length; i++) replicas += role.replicas[i];
  return replicas;
}

/**
 * Evaluates every service with one evaluator created in the timing, and
 * reads where each role goes (clusters and replicas), or with `objects`
 * each decision's placements (an object per chosen cluster). With
 * `before`, services are evaluated as the backend re-evaluates them:
 * against their previous placement, data pinned, and for those with data
 * once more unpinned (to see whether the change would move their data).
 */
function bulk(
  fleet: Fleet,
  services: FederatedService[],
  options: { before?: Before; objects?: boolean } = {},
): Run & { decisions: CompactDecision[] } {
  const { before, objects } = options;
  const each: number[] = new Array(services.length);
  const decisions: CompactDecision[] = new Array(services.length);
  let satisfiable = 0;
  let replicas = 0;
  const wall = wallMs();
  const cpu = cpuMs();
  const evaluator = createPlacementEvaluator({
    fleet,
    ...(before ? { failover: FAILOVER } : {}),
  });
  services.forEach((service, i) => {
    const started = wallMs();
    const previous = before?.previous[i];
    const pinnedData = before?.pinned[i];
    const decision = evaluator.evaluate(service, previous, { pinnedData });
    replicas += objects ? decision.placements.length : placed(decision);
    if (pinnedData) replicas += placed(evaluator.evaluate(service, previous));
    if (decision.satisfiable) satisfiable += 1;
    decisions[i] = decision;
    each[i] = (wallMs() - started) * 1e3;
  });
  const run = {
    wallMs: wallMs() - wall,
    cpuMs: cpuMs() - cpu,
    each,
    satisfiable,
    decisions,
  };
  // A benchmark that places nothing measures nothing.
  if (replicas === 0) throw new Error('nothing was placed');
  return run;
}

/** The full decision of a sample of the services, one by one. */
function full(
  fleet: Fleet,
  services: FederatedService[],
  path: 'toPlacementDecision' | 'evaluatePlacement',
): Run {
  const step = Math.max(1, Math.floor(services.length / SAMPLE));
  const sample = services.filter((_, i) => i % step === 0);
  const each: number[] = [];
  let satisfiable = 0;
  const wall = wallMs();
  const cpu = cpuMs();
  const evaluator = createPlacementEvaluator({ fleet });
  for (const service of sample) {
    const started = wallMs();
    const decision =
      path === 'toPlacementDecision'
        ? evaluator.evaluate(service).toPlacementDecision()
        : evaluatePlacement({ service, fleet });
    each.push(wallMs() - started);
    if (decision.clusters.length !== fleet.clusters.length)
      throw new Error('a full decision has a line per cluster');
    if (decision.satisfiable) satisfiable += 1;
  }
  return { wallMs: wallMs() - wall, cpuMs: cpuMs() - cpu, each, satisfiable };
}

/** Runs a case RUNS times: min and median of the totals, percentiles per item of the median run. */
function repeat(run: () => Run) {
  const runs = Array.from({ length: RUNS }, run);
  const byWall = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  const typical = byWall[runs.length >> 1];
  return {
    wall: { min: byWall[0].wallMs, median: typical.wallMs },
    cpu: {
      min: Math.min(...runs.map(r => r.cpuMs)),
      median: median(runs.map(r => r.cpuMs)),
    },
    p50: quantile(typical.each, 0.5),
    p99: quantile(typical.each, 0.99),
    max: Math.max(...typical.each),
    satisfiable: typical.satisfiable / typical.each.length,
  };
}

const pad = (text: string, width: number) => text.padStart(width);
const totals = (r: ReturnType<typeof repeat>) =>
  `wall ${pad(r.wall.min.toFixed(0), 5)} / ${pad(
    r.wall.median.toFixed(0),
    5,
  )} ms   cpu ${pad(r.cpu.min.toFixed(0), 5)} / ${pad(
    r.cpu.median.toFixed(0),
    5,
  )} ms`;
const bulkLine = (label: string, r: ReturnType<typeof repeat>) =>
  `${label.padEnd(44)} ${totals(r)}   per service p50 ${pad(
    r.p50.toFixed(0),
    4,
  )} µs p99 ${pad(r.p99.toFixed(0), 5)} µs   ${(r.satisfiable * 100).toFixed(
    0,
  )}% satisfiable`;
const fullLine = (label: string, r: ReturnType<typeof repeat>) =>
  `${label.padEnd(44)} per decision p50 ${r.p50.toFixed(
    2,
  )} ms  p99 ${r.p99.toFixed(2)} ms  max ${r.max.toFixed(2)} ms`;

function previousOf(decisions: CompactDecision[]): Before {
  return {
    previous: decisions.map(d => ({ clusters: d.placements })),
    pinned: decisions.map(d => {
      const data = dataClustersOf({ clusters: d.placements });
      return data.length ? data : undefined;
    }),
  };
}

const load = () =>
  loadavg()
    .map(l => l.toFixed(2))
    .join(' ');
const lines = [
  `placement benchmark (Node ${
    process.version
  }, one thread, ${RUNS} runs per case: min / median; load average ${load()} at start)`,
];

// Warm up the JIT on every path.
{
  const fleet = makeFleet(200, 3);
  const docs = makeDistinctServices(2_000);
  const first = bulk(fleet, docs);
  bulk(changeFleet(fleet), docs, { before: previousOf(first.decisions) });
  bulk(fleet, makeSharedServices(2_000), { objects: true });
  full(fleet, docs.slice(0, 100), 'toPlacementDecision');
  full(fleet, docs.slice(0, 100), 'evaluatePlacement');
}

const fleet = makeFleet(CLUSTERS);
const changed = changeFleet(fleet);
const distinct = makeDistinctServices(SERVICES);
const shared = makeSharedServices(SERVICES);
const before = previousOf(bulk(fresh(fleet), distinct).decisions);
const small = Math.max(1, Math.round(SERVICES / 10));
const smallFleet = makeFleet(Math.max(1, Math.round(CLUSTERS / 10)));

lines.push(
  bulkLine(
    `${SERVICES} distinct × ${CLUSTERS} bulk`,
    repeat(() => bulk(fresh(fleet), distinct)),
  ),
  bulkLine(
    `${SERVICES} distinct × ${CLUSTERS}, placements read`,
    repeat(() => bulk(fresh(fleet), distinct, { objects: true })),
  ),
  bulkLine(
    `${SERVICES} distinct × ${changed.clusters.length} re-evaluated`,
    repeat(() => bulk(fresh(changed), distinct, { before })),
  ),
  bulkLine(
    `${SERVICES} shared × ${CLUSTERS} bulk`,
    repeat(() => bulk(fresh(fleet), shared)),
  ),
  bulkLine(
    `${small} distinct × ${CLUSTERS} bulk`,
    repeat(() => bulk(fresh(fleet), distinct.slice(0, small))),
  ),
  bulkLine(
    `${SERVICES} distinct × ${smallFleet.clusters.length} bulk`,
    repeat(() => bulk(fresh(smallFleet), distinct)),
  ),
  fullLine(
    `full decision × ${CLUSTERS}, toPlacementDecision`,
    repeat(() => full(fleet, distinct, 'toPlacementDecision')),
  ),
  fullLine(
    `full decision × ${CLUSTERS}, evaluatePlacement`,
    repeat(() => full(fleet, distinct, 'evaluatePlacement')),
  ),
  `policies: ${
    new Set(distinct.map(policyOf)).size
  } distinct among the ${SERVICES} distinct services, ${
    new Set(shared.map(policyOf)).size
  } among the shared ones; full decisions of ${Math.ceil(
    SERVICES / Math.max(1, Math.floor(SERVICES / SAMPLE)),
  )} of the distinct services`,
  `goals: ${SERVICES} distinct × ${CLUSTERS} < 1 s on one core; a full decision < 5 ms`,
  `load average ${load()} at the end`,
  '',
);
process.stdout.write(lines.join('\n'));
