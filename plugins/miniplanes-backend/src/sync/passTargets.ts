import type { ServiceSyncTarget } from './SyncEngine';

/** The targets' producer failed: the pass ends, after what it started. */
export class TargetsFailed extends Error {
  constructor(readonly cause: unknown) {
    super('the pass could not make its services’ targets');
  }
}

/**
 * A pass's services' targets, in order, as they are rendered: the engine
 * writes the first services while the rest are still rendered (a rollout
 * of 1,000 services would otherwise wait for all of them before its first
 * write). A service that has nothing to sync (it could not be rendered or
 * placed, nor a good version) is `undefined` in its turn.
 */
export class PassTargets {
  private readonly made: (ServiceSyncTarget | undefined)[] = [];
  private ended = false;
  private failure: TargetsFailed | undefined;
  /** Resolved at the next push or end: only made while a reader waits. */
  private more: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  /** `entityRefs`: every service of the pass, in the order their targets come. */
  constructor(readonly entityRefs: readonly string[]) {}

  /** Targets already made, as one finished stream. */
  static of(targets: readonly ServiceSyncTarget[]): PassTargets {
    const stream = new PassTargets(targets.map(t => t.entityRef));
    targets.forEach(t => stream.push(t));
    stream.end();
    return stream;
  }

  /** The next service's target (`undefined`: nothing of it to sync). */
  push(target: ServiceSyncTarget | undefined): void {
    if (this.ended) throw new Error('no target is made after the last');
    this.made.push(target);
    this.wakeReaders();
  }

  /** Every target was pushed. */
  end(): void {
    this.ended = true;
    this.wakeReaders();
  }

  /** No more target comes: readers stop, and the pass fails with `error`. */
  fail(error: unknown): void {
    this.failure = new TargetsFailed(error);
    this.end();
  }

  /**
   * The target at `index` of the pass: at once when made (nothing to await),
   * else once made. `done` past the last; a failure of the producer rejects
   * (TargetsFailed).
   */
  at(
    index: number,
  ):
    | ServiceSyncTarget
    | undefined
    | typeof PassTargets.done
    | Promise<ServiceSyncTarget | undefined | typeof PassTargets.done> {
    if (this.failure) return Promise.reject(this.failure);
    if (index < this.made.length) return this.made[index];
    if (this.ended) return PassTargets.done;
    this.more ??= new Promise(resolve => {
      this.wake = resolve;
    });
    return this.more.then(() => this.at(index));
  }

  /** Every target to sync, each once made. */
  async *[Symbol.asyncIterator](): AsyncIterator<ServiceSyncTarget> {
    for (let index = 0; ; index++) {
      const target = await this.at(index);
      if (target === PassTargets.done) return;
      if (target) yield target;
    }
  }

  /** Throws the producer's error, if it failed. */
  throwIfFailed(): void {
    if (this.failure) throw this.failure.cause;
  }

  /** What `at` gives past the last target. */
  static readonly done = Symbol('no more targets');

  private wakeReaders() {
    const wake = this.wake;
    this.more = undefined;
    this.wake = undefined;
    wake?.();
  }
}
