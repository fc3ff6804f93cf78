import { groupCommit } from './groupCommit';

/** A batch writer that records each batch and finishes when told to. */
function recordingWriter() {
  const batches: number[][] = [];
  const pending: (() => void)[] = [];
  const write = async (items: number[]) => {
    batches.push(items);
    await new Promise<void>(resolve => pending.push(resolve));
    return items.map(i => i * 10);
  };
  const finishNext = async () => {
    while (!pending.length) await new Promise(r => setImmediate(r));
    pending.shift()!();
  };
  return { batches, write, finishNext };
}

describe('groupCommit', () => {
  it('writes the calls of one turn together, and those made while it is written in the next batch', async () => {
    const writer = recordingWriter();
    const call = groupCommit(writer.write);
    const first = [call(1), call(2)];
    await new Promise(r => setImmediate(r));
    expect(writer.batches).toEqual([[1, 2]]);
    const rest = [call(3), call(4), call(5)];
    expect(writer.batches).toEqual([[1, 2]]);

    await writer.finishNext();
    expect(await Promise.all(first)).toEqual([10, 20]);
    await writer.finishNext();
    expect(await Promise.all(rest)).toEqual([30, 40, 50]);
    expect(writer.batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it('writes the calls made in one turn of the event loop together, even when each write completes at once', async () => {
    // As an in-process database does (SQLite): the write is done before the
    // next I/O callback runs, so "while a batch is written" is never.
    const batches: number[][] = [];
    const call = groupCommit(async (items: number[]) => {
      batches.push(items);
      return items;
    });
    // Three callers woken in the same turn, as responses read together are.
    const results = await Promise.all(
      [1, 2, 3].map(
        n => new Promise(resolve => setImmediate(() => resolve(call(n)))),
      ),
    );
    expect(results).toEqual([1, 2, 3]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('fails every call of a failed batch, and writes the next batch all the same', async () => {
    let calls = 0;
    const call = groupCommit(async (items: string[]) => {
      calls += 1;
      if (calls === 2) throw new Error('database is locked');
      return items.map(i => i.toUpperCase());
    });
    const first = call('a');
    // The next turn: a's batch is written, b and c go in the next one.
    await new Promise(r => setImmediate(r));
    const failing = [call('b'), call('c')];
    await expect(first).resolves.toBe('A');
    await expect(failing[0]).rejects.toThrow('database is locked');
    await expect(failing[1]).rejects.toThrow('database is locked');
    await expect(call('d')).resolves.toBe('D');
  });

  it('fails the calls of a batch whose writer answers for fewer items, instead of leaving them waiting', async () => {
    const call = groupCommit(async (items: number[]) => items.slice(1));
    const first = call(1);
    await expect(first).rejects.toThrow(/answered 0 results for 1 items/);
  });
});
