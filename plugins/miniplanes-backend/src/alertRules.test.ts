import { metricsServiceMock } from '@backstage/backend-test-utils/alpha';
import { parse } from 'yaml';
import { exampleText } from './__testUtils__/syncHarness';
import { observeFleetHealth } from './fleet/observeFleetHealth';
import { RequestMetrics } from './requests/RequestMetrics';
import { SyncMetrics } from './sync/SyncMetrics';

/** The series Prometheus scrapes of every instrument the plugin creates. */
function exportedSeries(): Set<string> {
  const metrics = metricsServiceMock.mock();
  // Their constructors create the instruments; the objects are not needed.
  // eslint-disable-next-line no-new
  new SyncMetrics(metrics);
  // eslint-disable-next-line no-new
  new RequestMetrics(metrics);
  observeFleetHealth(metrics, { getFleet: () => ({ clusters: [] }) });
  // OpenTelemetry's Prometheus exporter: dots become underscores, a
  // counter ends in _total, a histogram is its buckets, count and sum.
  const prometheus = (name: string) => name.replace(/\./g, '_');
  const names = (calls: unknown[][]) => calls.map(([name]) => name as string);
  return new Set([
    ...names(metrics.createCounter.mock.calls).map(
      name => `${prometheus(name)}_total`,
    ),
    ...names(metrics.createHistogram.mock.calls).flatMap(name =>
      ['bucket', 'count', 'sum'].map(part => `${prometheus(name)}_${part}`),
    ),
    ...names(metrics.createObservableGauge.mock.calls).map(prometheus),
  ]);
}

describe('the example alert rules (examples/monitoring)', () => {
  it('name only metrics the plugin exports', () => {
    const exported = exportedSeries();
    const rule = parse(exampleText('monitoring/miniplanes-alerts.yaml'));
    const rules: { alert: string; expr: string }[] = rule.spec.groups.flatMap(
      (group: { rules: unknown[] }) => group.rules,
    );
    expect(rules.length).toBeGreaterThan(0);
    for (const { alert, expr } of rules) {
      const named = expr.match(/\bminiplanes_[a-z_]+/g) ?? [];
      expect([alert, named.length > 0]).toEqual([alert, true]);
      for (const series of named)
        expect([alert, series, exported.has(series)]).toEqual([
          alert,
          series,
          true,
        ]);
    }
  });
});
