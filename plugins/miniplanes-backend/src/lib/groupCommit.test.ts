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
  it('writes a lone call at once, and the calls made meanwhile together in the next batch', async () => {
    const writer = recordingWriter();
    const call = groupCommit(writer.write);
    const first = call(1);
    const rest = [call(2), call(3), call(4)];
    expect(writer.batches).toEqual([[1]]);

    await writer.finishNext();
    expect(await first).toBe(10);
    await writer.finishNext();
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
    expect(writer.batches).toEqual([[1], [2, 3, 4]]);
  });

  it('fails every call of a failed batch, and writes the next batch all the same', async () => {
    let calls = 0;
    const call = groupCommit(async (items: string[]) => {
      calls += 1;
      if (calls === 2) throw new Error('database is locked');
      return items.map(i => i.toUpperCase());
    });
    const first = call('a');
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
