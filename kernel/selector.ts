/**
 * The selector: how the kernel waits for I/O without blocking every task.
 *
 * Beazley's loop calls `select(readers, writers, [], timeout)` when no task
 * is ready. This interface is that call, split into the part that changes
 * rarely (`register` / `unregister` interest) and the part the loop calls
 * every time it runs out of work (`select`). Three selectors implement it:
 * an in-memory network (deterministic, runs in a browser), one over Deno's
 * own sockets, and one over the real `poll(2)` system call through FFI.
 *
 * @module
 */

/** What a task waits for on a resource: bytes to read, or room to write. */
export type Interest = "read" | "write";

/** One readiness report from {@linkcode Selector.select}. */
export interface ReadyEvent<R = unknown> {
  /** The resource that became ready. */
  resource: R;
  /** Which interest is satisfied. */
  interest: Interest;
}

/**
 * A source of I/O readiness the kernel can block on.
 *
 * The kernel keeps at most one registration per (resource, interest) pair:
 * a second task waiting to read the same socket is a programming error the
 * kernel reports before it reaches the selector.
 *
 * @example Waiting on an in-memory pipe
 * ```ts ignore
 * selector.register(conn, "read");
 * const events = await selector.select(0.5); // seconds; null waits forever
 * for (const { resource, interest } of events) console.log(resource, interest);
 * ```
 */
export interface Selector<R = unknown> {
  /** Start reporting when `resource` is ready for `interest`. */
  register(resource: R, interest: Interest): void;
  /** Stop reporting `interest` on `resource`; a no-op when not registered. */
  unregister(resource: R, interest: Interest): void;
  /** How many (resource, interest) pairs are registered right now. */
  readonly size: number;
  /**
   * Wait at most `timeout` seconds for readiness (`0` polls, `null` waits
   * until something is ready or {@linkcode Selector.wakeup} is called) and
   * return the ready pairs. A selector that can answer without waiting may
   * return an array instead of a Promise, so the kernel's hot path never
   * pays for an `await` it does not need.
   */
  select(timeout: number | null): ReadyEvent<R>[] | Promise<ReadyEvent<R>[]>;
  /**
   * Make a `select` in progress return early. Safe to call at any time, from
   * any callback, including when no `select` is in progress (the next one
   * then returns at once). This is the role of Beazley's notify socket and
   * asyncio's `call_soon_threadsafe`.
   */
  wakeup(): void;
  /** Release whatever the selector holds (pipes, listeners, timers). */
  close(): void;
  /**
   * `true` when readiness comes from outside this thread's code: the
   * operating system or Deno's event loop (Deno sockets, `poll(2)`).
   * Absent or `false` when every change is made by code on this thread (the
   * in-memory network). A virtual clock never jumps while such a selector
   * has registrations: the outside world may still answer first.
   */
  readonly external?: boolean;
  /**
   * `true` when `select` blocks the thread (`poll(2)`), so Promise
   * callbacks cannot run while it waits: the kernel then caps its timeout
   * while tasks wait on Promises, to give the host a turn.
   */
  readonly blocksThread?: boolean;
  /**
   * Trio's `notify_closing`: the kernel that runs on the selector passes a
   * listener (and `null` when it stops); the selector's network calls it
   * with a resource it is about to close, so tasks waiting on it are woken
   * at once with `ClosedResourceError` and its registrations are gone. All
   * three networks do it: on `poll(2)` it also keeps a descriptor number
   * the operating system hands out again from being taken for the old one.
   */
  watchClosing?(listener: ((resource: R) => void) | null): void;
}

/**
 * A network that is also its own selector: every {@linkcode Selector} call
 * is handed to the selector it owns. Why: so `run(main, { selector: net })`
 * works as well as `run(main, { selector: net.selector })`, and the three
 * networks (memory, Deno, poll) say so once, here, instead of three times.
 * A subclass supplies `selector` and its own `close()`, which closes its
 * sockets as well as the selector.
 *
 * @example A network is passed to run() as its selector
 * ```ts ignore
 * const net = new MemoryNetwork();
 * await run(main, { selector: net }); // the same as { selector: net.selector }
 * ```
 */
export abstract class SelectingNetwork<R> implements Selector<R> {
  /** The selector every call is handed to. */
  abstract readonly selector: Selector<R>;

  /** See {@linkcode Selector.size}. */
  get size(): number {
    return this.selector.size;
  }

  /** See {@linkcode Selector.register}. */
  register(resource: R, interest: Interest): void {
    this.selector.register(resource, interest);
  }

  /** See {@linkcode Selector.unregister}. */
  unregister(resource: R, interest: Interest): void {
    this.selector.unregister(resource, interest);
  }

  /** See {@linkcode Selector.select}. */
  select(timeout: number | null): ReadyEvent<R>[] | Promise<ReadyEvent<R>[]> {
    return this.selector.select(timeout);
  }

  /** See {@linkcode Selector.wakeup}. */
  wakeup(): void {
    this.selector.wakeup();
  }

  /** See {@linkcode Selector.external}. */
  get external(): boolean | undefined {
    return this.selector.external;
  }

  /** See {@linkcode Selector.blocksThread}. */
  get blocksThread(): boolean | undefined {
    return this.selector.blocksThread;
  }

  /** See {@linkcode Selector.watchClosing}. */
  watchClosing(listener: ((resource: R) => void) | null): void {
    this.selector.watchClosing?.(listener);
  }

  /** Close the network's sockets and its selector. */
  abstract close(): void;
}
