import { metricsServiceMock } from '@backstage/backend-test-utils/alpha';
import { Fleet } from '@miniplanes/plugin-miniplanes-common';
import { parser } from '@prometheus-io/lezer-promql';
import { parse } from 'yaml';
import { collected, recorded } from './__testUtils__/recordedMetrics';
import { exampleText } from './__testUtils__/syncHarness';
import { observeFleetHealth } from './fleet/observeFleetHealth';
import { RequestMetrics } from './requests/RequestMetrics';
import { SyncMetrics } from './sync/SyncMetrics';

/** OpenTelemetry's Prometheus exporter writes dots as underscores. */
const prometheus = (name: string) => name.replace(/\./g, '_');

const keysOf = (calls: unknown[][], at: number) =>
  calls.flatMap(call => Object.keys((call[at] as object | undefined) ?? {}));

/**
 * Every series Prometheus scrapes of the plugin's instruments, with the
 * labels it carries: each instrument is fed through the plugin's own code
 * (every attribute it records), then read back from the mock.
 */
async function exportedSeries(): Promise<Map<string, Set<string>>> {
  const metrics = metricsServiceMock.mock();
  const sync = new SyncMetrics(metrics);
  sync.written('eu-west', { action: 'applied', reason: 'drift' });
  sync.written('eu-west', { action: 'pruned' });
  sync.reported([
    {
      entityRef: 'component:default/a',
      cluster: 'eu-west',
      state: 'Error',
      objects: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: 'a',
          name: 'a',
          role: 'compute',
          action: 'skipped',
          state: 'Conflict',
        },
      ],
      writes: 0,
      syncedAt: '2026-12-08T00:00:00.000Z',
    },
  ]);
  sync.passEnded({ index: 0, count: 1 }, 1, false);
  const requests = new RequestMetrics(metrics);
  requests.moved('applied', new Date(), '2026-12-08T00:00:00.000Z');
  requests.observePending(async () => 1);
  observeFleetHealth(metrics, {
    getFleet: () => ({
      clusters: [
        { name: 'eu-west', health: { healthy: false, status: 'Unknown' } },
      ] as Fleet['clusters'],
    }),
  });

  const series = new Map<string, Set<string>>();
  const names = (kind: 'createCounter' | 'createHistogram') =>
    metrics[kind].mock.calls.map(([name]) => name as string);
  // A counter is one series ending in _total; a histogram is its buckets
  // (with `le`), count and sum.
  for (const name of names('createCounter'))
    series.set(
      `${prometheus(name)}_total`,
      new Set(keysOf(recorded(metrics, name), 1)),
    );
  for (const name of names('createHistogram')) {
    const labels = keysOf(recorded(metrics, name, 'createHistogram'), 1);
    series.set(`${prometheus(name)}_bucket`, new Set([...labels, 'le']));
    series.set(`${prometheus(name)}_count`, new Set(labels));
    series.set(`${prometheus(name)}_sum`, new Set(labels));
  }
  for (const [name] of metrics.createObservableGauge.mock.calls)
    series.set(
      prometheus(name as string),
      new Set(keysOf(await collected(metrics, name as string), 1)),
    );
  return series;
}

interface Rule {
  alert: string;
  expr: string;
  annotations?: Record<string, string>;
}

const rules: Rule[] = parse(
  exampleText('monitoring/miniplanes-alerts.yaml'),
).spec.groups.flatMap((group: { rules: Rule[] }) => group.rules);

interface Expression {
  /** Where Prometheus's own grammar found no valid PromQL. */
  errors: number[];
  /** Each series selector: the metric and the labels it matches on. */
  selectors: { metric: string; matched: string[]; from: number; to: number }[];
  /** Each aggregation's `by` labels, with the span of what it aggregates. */
  groupings: { labels: string[]; from: number; to: number }[];
}

/** The expression as Prometheus's grammar (lezer-promql, from the Prometheus repository) reads it. */
function read(expr: string): Expression {
  const text = (node: { from: number; to: number }) =>
    expr.slice(node.from, node.to);
  const found: Expression = { errors: [], selectors: [], groupings: [] };
  parser.parse(expr).iterate({
    enter: node => {
      if (node.type.isError) found.errors.push(node.from);
      if (node.name === 'VectorSelector') {
        const selector = node.node;
        found.selectors.push({
          metric: text(selector.getChild('Identifier') ?? node),
          matched: (
            selector
              .getChild('LabelMatchers')
              ?.getChildren('UnquotedLabelMatcher') ?? []
          ).map(matcher => text(matcher.getChild('LabelName')!)),
          from: node.from,
          to: node.to,
        });
      }
      if (node.name === 'AggregateExpr') {
        const modifier = node.node.getChild('AggregateModifier');
        if (modifier?.getChild('By'))
          found.groupings.push({
            labels: modifier
              .getChild('GroupingLabels')!
              .getChildren('LabelName')
              .map(text),
            from: node.from,
            to: node.to,
          });
      }
    },
  });
  return found;
}

describe('the example alert rules (examples/monitoring)', () => {
  it('are PromQL, as Prometheus parses it', () => {
    expect(rules.length).toBeGreaterThan(0);
    for (const { alert, expr } of rules)
      expect([alert, read(expr).errors]).toEqual([alert, []]);
  });

  it('name only series the plugin exports', async () => {
    const exported = await exportedSeries();
    for (const { alert, expr } of rules) {
      const { selectors } = read(expr);
      expect([alert, selectors.length > 0]).toEqual([alert, true]);
      for (const { metric } of selectors)
        expect([alert, metric, exported.has(metric)]).toEqual([
          alert,
          metric,
          true,
        ]);
    }
  });

  it('match, group and describe only by labels those series carry', async () => {
    const exported = await exportedSeries();
    const missing: string[] = [];
    for (const { alert, expr, annotations } of rules) {
      const { selectors, groupings } = read(expr);
      const labelsOf = (metric: string) => exported.get(metric) ?? new Set();
      for (const { metric, matched } of selectors)
        for (const label of matched)
          if (!labelsOf(metric).has(label))
            missing.push(`${alert}: ${metric} has no label ${label}`);
      for (const grouping of groupings) {
        const within = selectors.filter(
          s => s.from >= grouping.from && s.to <= grouping.to,
        );
        for (const label of grouping.labels)
          if (!within.some(s => labelsOf(s.metric).has(label)))
            missing.push(`${alert}: nothing it groups by ${label} has it`);
      }
      // What an alert's text names must survive every aggregation.
      for (const text of Object.values(annotations ?? {}))
        for (const [, label] of text.matchAll(/\$labels\.(\w+)/g)) {
          const kept =
            selectors.some(s => labelsOf(s.metric).has(label)) &&
            groupings.every(g => g.labels.includes(label));
          if (!kept) missing.push(`${alert}: its text names ${label}`);
        }
    }
    expect(missing).toEqual([]);
  });
});
