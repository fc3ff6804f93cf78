import { PassTargets, TargetsFailed } from './passTargets';
import type { ServiceSyncTarget } from './SyncEngine';

const target = (entityRef: string): ServiceSyncTarget => ({
  entityRef,
  specVersion: 1,
  desired: new Map(),
  inventory: new Map(),
});

describe('PassTargets', () => {
  it('gives a target made already at once, with nothing to await', () => {
    const targets = PassTargets.of([target('a'), target('b')]);
    expect(targets.entityRefs).toEqual(['a', 'b']);
    expect(targets.at(1)).toMatchObject({ entityRef: 'b' });
    expect(targets.at(2)).toBe(PassTargets.done);
  });

  it('gives a target not made yet once it is, and every reader waiting for it', async () => {
    const targets = new PassTargets(['a', 'b']);
    const readers = [targets.at(0), targets.at(0)];
    expect(readers[0]).toBeInstanceOf(Promise);
    targets.push(target('a'));
    await expect(Promise.all(readers)).resolves.toMatchObject([
      { entityRef: 'a' },
      { entityRef: 'a' },
    ]);
    const next = targets.at(1);
    // A service with nothing to sync is undefined in its turn.
    targets.push(undefined);
    await expect(next).resolves.toBeUndefined();
    const last = targets.at(2);
    targets.end();
    await expect(last).resolves.toBe(PassTargets.done);
  });

  it('gives every target made, without those with nothing to sync', async () => {
    const targets = new PassTargets(['a', 'b', 'c']);
    const seen: string[] = [];
    const reading = (async () => {
      for await (const { entityRef } of targets) seen.push(entityRef);
    })();
    targets.push(target('a'));
    targets.push(undefined);
    targets.push(target('c'));
    targets.end();
    await reading;
    expect(seen).toEqual(['a', 'c']);
  });

  it('fails its readers, those waiting and those to come, with the producer’s error', async () => {
    const targets = new PassTargets(['a', 'b']);
    targets.push(target('a'));
    const waiting = targets.at(1);
    const cause = new Error('the store is gone');
    targets.fail(cause);
    await expect(waiting).rejects.toBeInstanceOf(TargetsFailed);
    await expect(targets.at(0)).rejects.toMatchObject({ cause });
    const reading = (async () => {
      for await (const _ of targets) continue;
    })();
    await expect(reading).rejects.toMatchObject({ cause });
  });

  it('throws the producer’s error once it failed, and nothing before', () => {
    const targets = new PassTargets(['a']);
    expect(() => targets.throwIfFailed()).not.toThrow();
    const cause = new Error('the store is gone');
    targets.fail(cause);
    expect(() => targets.throwIfFailed()).toThrow(cause);
  });

  it('takes no target after its end', () => {
    const targets = PassTargets.of([]);
    expect(() => targets.push(target('a'))).toThrow(/after the last/);
  });
});
