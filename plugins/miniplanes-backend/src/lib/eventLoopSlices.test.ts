import { eventLoopSlices } from './eventLoopSlices';

const busy = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until);
};

describe('eventLoopSlices', () => {
  it('lets a timer due meanwhile run within a slice of a long loop, not after it', async () => {
    const slice = eventLoopSlices(5);
    let item = 0;
    let ranAfterItem: number | undefined;
    setTimeout(() => {
      ranAfterItem ??= item;
    }, 0);
    for (; item < 40; item += 1) {
      busy(1);
      await slice();
    }
    // Without yielding, the timer runs only once the 40 ms loop is over.
    expect(ranAfterItem).toBeDefined();
    expect(ranAfterItem!).toBeLessThan(20);
  });

  it('does not yield while the loop is quick', async () => {
    const slice = eventLoopSlices(1_000);
    let ran = false;
    setImmediate(() => {
      ran = true;
    });
    for (let i = 0; i < 100; i += 1) expect(slice()).toBeUndefined();
    await Promise.resolve();
    expect(ran).toBe(false);
  });
});
