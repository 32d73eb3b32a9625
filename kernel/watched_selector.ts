/**
 * The selector `WorkerPool.watch()` returns: another selector, plus one
 * rule that makes Worker results reach a kernel blocked in `poll(2)`.
 *
 * A pool Worker posts its result, bumps a counter in shared memory, then
 * writes a byte to the `poll(2)` selector's wakeup pipe (`pool_worker.ts`).
 * The byte ends the `poll`, but the message itself can only be received in
 * a turn of the host's event loop, which a synchronous selector never gives.
 * So when `select` returns while some Worker has posted more messages than
 * this thread has received, the watched selector hands back a Promise that
 * settles once they are in: the kernel awaits it, the host delivers them,
 * and the job's Future wakes its task at once instead of at the next
 * host turn.
 *
 * @module
 */

import type { Interest, ReadyEvent, Selector } from "./selector.ts";

/**
 * Something that posts messages to this thread and counts them (a pool's
 * Worker slot).
 *
 * @example A source that is always caught up
 * ```ts
 * import type { MessageSource } from "./watched_selector.ts";
 * const idle: MessageSource = { caughtUp: () => undefined };
 * console.assert(idle.caughtUp() === undefined);
 * ```
 */
export interface MessageSource {
  /**
   * `undefined` when every message posted so far has arrived; else a
   * Promise that resolves once they have.
   */
  caughtUp(): Promise<void> | undefined;
}

/**
 * `inner`, with the rule above for the messages of `sources`.
 *
 * @example What `WorkerPool.watch` does
 * ```ts ignore
 * const selector = new WatchedSelector(net, slots); // net: a PollNetwork
 * await run(main, { selector });
 * ```
 */
export class WatchedSelector<R> implements Selector<R> {
  /**
   * Watch `inner` for the messages of `sources`.
   *
   * @param inner The selector the kernel really blocks on.
   * @param sources The pool's Workers (live: it may change).
   */
  constructor(readonly inner: Selector<R>, readonly sources: Iterable<MessageSource>) {}

  /** See {@linkcode Selector.size}. */
  get size(): number {
    return this.inner.size;
  }

  /** See {@linkcode Selector.external}. */
  get external(): boolean | undefined {
    return this.inner.external;
  }

  /** See {@linkcode Selector.blocksThread}. */
  get blocksThread(): boolean | undefined {
    return this.inner.blocksThread;
  }

  /** The inner selector's wakeup cell, if it has one (a `PollSelector`'s `waker`). */
  get waker(): unknown {
    return (this.inner as { waker?: unknown }).waker;
  }

  /** See {@linkcode Selector.register}. */
  register(resource: R, interest: Interest): void {
    this.inner.register(resource, interest);
  }

  /** See {@linkcode Selector.unregister}. */
  unregister(resource: R, interest: Interest): void {
    this.inner.unregister(resource, interest);
  }

  /** The inner `select`; if it answered at once while messages are on their way, wait for them. */
  select(timeout: number | null): ReadyEvent<R>[] | Promise<ReadyEvent<R>[]> {
    const events = this.inner.select(timeout);
    if (!Array.isArray(events)) return events; // it already returns to the event loop
    let arriving: Promise<void>[] | null = null;
    for (const source of this.sources) {
      const caughtUp = source.caughtUp();
      if (caughtUp !== undefined) (arriving ??= []).push(caughtUp);
    }
    return arriving === null ? events : Promise.all(arriving).then(() => events);
  }

  /** See {@linkcode Selector.wakeup}. */
  wakeup(): void {
    this.inner.wakeup();
  }

  /** See {@linkcode Selector.watchClosing}. */
  watchClosing(listener: ((resource: R) => void) | null): void {
    this.inner.watchClosing?.(listener);
  }

  /** See {@linkcode Selector.close}. */
  close(): void {
    this.inner.close();
  }
}
