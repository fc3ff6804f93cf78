import { performance } from 'node:perf_hooks';
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

  it('shares one slice among loops running at once: a timer waits for one slice, not one per loop', async () => {
    // A sync pass runs one such loop per cluster, side by side. Counted in
    // items, not milliseconds: a host busy with other work stretches time
    // between two timers, but not the work the loops do in it.
    const loops = 10;
    let sinceTick = 0;
    let mostBetweenTicks = 0;
    let done = false;
    const tick = () => {
      mostBetweenTicks = Math.max(mostBetweenTicks, sinceTick);
      sinceTick = 0;
      if (!done) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    await Promise.all(
      Array.from({ length: loops }, async () => {
        const slice = eventLoopSlices(5);
        for (let item = 0; item < 100; item += 1) {
          const until = performance.now() + 0.2;
          while (performance.now() < until);
          sinceTick += 1;
          const turn = slice();
          if (turn) await turn;
        }
      }),
    );
    done = true;
    // One slice holds about 25 items (5 ms of 0.2 ms each), and each other
    // loop does one before it sees the slice is over. A slice of its own
    // for each loop: 10 × 25 items between two timers.
    expect(mostBetweenTicks).toBeGreaterThan(0);
    expect(mostBetweenTicks).toBeLessThan(100);
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
