import { FaultInjector } from './FaultInjector';

const list = { verb: 'list', resource: 'pods' };

describe('FaultInjector', () => {
  it('fails a counted error exactly count times', () => {
    const faults = new FaultInjector();
    faults.addError({ status: 429, verb: 'list', count: 2 });

    const answers = [1, 2, 3].map(() => faults.errorFor(list)?.code);

    expect(answers).toEqual([429, 429, undefined]);
    expect(faults.describe().errors).toEqual([]);
  });

  it('never fires a fault whose count is 0', () => {
    const faults = new FaultInjector();
    faults.addConnectionDrop({ verb: 'list', count: 0 });

    expect(faults.connectionDropFor(list)).toBeUndefined();
  });

  it('draws each request against the probability', () => {
    const draws = [0.9, 0.1];
    const faults = new FaultInjector(() => draws.shift()!);
    faults.addConnectionDrop({ resource: 'pods', probability: 0.5 });

    expect(faults.connectionDropFor(list)).toBeUndefined();
    expect(faults.connectionDropFor(list)).toMatchObject({ resource: 'pods' });
  });

  it('adds up the latency of every matching fault, jitter included', () => {
    const faults = new FaultInjector(() => 0.5);
    faults.addLatency({ fixedMs: 100, jitterMs: 40 });
    faults.addLatency({ fixedMs: 7, verb: 'list' });
    faults.addLatency({ fixedMs: 1000, verb: 'create' });

    expect(faults.delayFor(list)).toBe(127);
  });
});
