import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { ServiceMock } from '@backstage/backend-test-utils';

type Kind = 'createCounter' | 'createHistogram' | 'createObservableGauge';

/** The mock of the instrument created under `name` (metricsServiceMock). */
function instrumentNamed(
  metrics: ServiceMock<MetricsService>,
  kind: Kind,
  name: string,
) {
  const created = metrics[kind].mock;
  const index = created.calls.findIndex(([called]) => called === name);
  if (index === -1) throw new Error(`no instrument ${name} was created`);
  return created.results[index].value;
}

/**
 * What was recorded on one instrument (a counter's adds, a histogram's
 * records), as [value, attributes] pairs in order.
 */
export function recorded(
  metrics: ServiceMock<MetricsService>,
  name: string,
  kind: 'createCounter' | 'createHistogram' = 'createCounter',
): [number, Record<string, any>][] {
  const instrument = instrumentNamed(metrics, kind, name);
  return (kind === 'createCounter' ? instrument.add : instrument.record).mock
    .calls;
}

/** What an observable instrument reports when metrics are collected now. */
export async function collected(
  metrics: ServiceMock<MetricsService>,
  name: string,
): Promise<unknown[][]> {
  const gauge = instrumentNamed(metrics, 'createObservableGauge', name);
  const observe = jest.fn();
  for (const [callback] of gauge.addCallback.mock.calls)
    await callback({ observe });
  return observe.mock.calls;
}
