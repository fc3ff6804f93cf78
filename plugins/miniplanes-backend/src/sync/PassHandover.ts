/** Thrown into a pass's work on a service once the service is handed over. */
export class HandedOver extends Error {
  constructor(readonly entityRef: string) {
    super(`${entityRef} was handed to a newer pass`);
    this.name = 'HandedOver';
  }
}

/**
 * Lets a pass over every service hand some of them to a newer pass while it
 * runs, so an approved version does not wait for the rest of the fleet.
 *
 * The pass marks its work on a service (`working`); once the service is
 * handed over it starts no more of that work (`isTaken`, and `onTaken`
 * rejects for calls still queued), and `handOver` resolves only when the
 * work under way has ended. From then on the newer pass is the only one
 * that writes the service's objects, inventory, status and requests: the
 * older pass read the service before the change, and acting on what it
 * read would undo it.
 */
export class PassHandover {
  private readonly taken = new Set<string>();
  private readonly busy = new Map<string, number>();
  private readonly signals = new Map<
    string,
    { promise: Promise<never>; reject: (error: HandedOver) => void }
  >();
  private idle: (() => void)[] = [];
  /** Ends when the newer passes running beside this one end. */
  private newer: Promise<unknown> = Promise.resolve();
  private newerRunning = 0;

  isTaken(entityRef: string): boolean {
    return this.taken.has(entityRef);
  }

  /** Rejects with HandedOver once the service is handed over; never settles otherwise. */
  onTaken(entityRef: string): Promise<never> {
    let signal = this.signals.get(entityRef);
    if (!signal) {
      let reject!: (error: HandedOver) => void;
      const promise = new Promise<never>((_, r) => {
        reject = r;
      });
      // Nobody may be racing it when it rejects.
      promise.catch(() => undefined);
      signal = { promise, reject };
      this.signals.set(entityRef, signal);
      if (this.taken.has(entityRef)) reject(new HandedOver(entityRef));
    }
    return signal.promise;
  }

  /** Runs the pass's work on these services; a hand-over of any of them waits for it to end. */
  async working<T>(entityRefs: string[], work: () => Promise<T>): Promise<T> {
    for (const ref of entityRefs)
      this.busy.set(ref, (this.busy.get(ref) ?? 0) + 1);
    try {
      return await work();
    } finally {
      for (const ref of entityRefs) {
        const left = this.busy.get(ref)! - 1;
        if (left === 0) this.busy.delete(ref);
        else this.busy.set(ref, left);
      }
      const waiting = this.idle;
      this.idle = [];
      waiting.forEach(check => check());
    }
  }

  /**
   * Runs a newer pass beside this one; meanwhile this pass's long loops give
   * way to it (`giveWay`), so the newer one is not slowed by them.
   */
  async besideThis<T>(pass: () => Promise<T>): Promise<T> {
    this.newerRunning += 1;
    const run = pass();
    this.newer = Promise.allSettled([this.newer, run]);
    try {
      return await run;
    } finally {
      this.newerRunning -= 1;
    }
  }

  /**
   * While a newer pass runs beside this one, resolves when it ends; else
   * returns nothing to await (called for every service and call of a pass).
   */
  giveWay(): Promise<void> | undefined {
    return this.newerRunning > 0 ? this.newerEnded() : undefined;
  }

  private async newerEnded(): Promise<void> {
    while (this.newerRunning > 0) await this.newer;
  }

  /** Hands the services over; resolves once this pass does nothing more with them. */
  async handOver(entityRefs: string[]): Promise<void> {
    for (const ref of entityRefs) {
      this.taken.add(ref);
      this.signals.get(ref)?.reject(new HandedOver(ref));
    }
    while (entityRefs.some(ref => this.busy.has(ref))) {
      await new Promise<void>(resolve => this.idle.push(resolve));
    }
  }
}
