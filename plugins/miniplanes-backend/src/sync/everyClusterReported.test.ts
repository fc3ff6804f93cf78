import { everyClusterReported } from './everyClusterReported';
import { ServiceClusterReport } from './SyncEngine';

const report = (
  entityRef: string,
  cluster: string,
  state: ServiceClusterReport['state'] = 'InSync',
): ServiceClusterReport => ({
  entityRef,
  cluster,
  state,
  objects: [],
  writes: 0,
  syncedAt: '2026-12-06T00:00:00.000Z',
});

describe('everyClusterReported', () => {
  it("hands on a service's reports once, when the last cluster reports it", () => {
    const complete = jest.fn();
    const add = everyClusterReported(2, complete);
    add(report('a', 'one'));
    add(report('b', 'two'));
    expect(complete).not.toHaveBeenCalled();
    const last = report('a', 'two');
    add(last);
    expect(complete).toHaveBeenCalledTimes(1);
    expect(
      complete.mock.calls[0][0].map((r: ServiceClusterReport) => r.cluster),
    ).toEqual(['one', 'two']);
  });

  it('keeps what a cluster said first, and hands nothing on again', () => {
    const complete = jest.fn();
    const add = everyClusterReported(2, complete);
    add(report('a', 'one'));
    // The cluster's sync failed after: its failure is not this service's second report.
    add(report('a', 'one', 'Error'));
    expect(complete).not.toHaveBeenCalled();
    add(report('a', 'two'));
    add(report('a', 'two', 'Error'));
    expect(complete).toHaveBeenCalledTimes(1);
    expect(
      complete.mock.calls[0][0].map((r: ServiceClusterReport) => r.state),
    ).toEqual(['InSync', 'InSync']);
  });
});
