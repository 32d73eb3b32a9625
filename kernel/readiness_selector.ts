/**
 * A selector for resources that know their own readiness and say when it
 * changes, the common part of the in-memory and the Deno selectors.
 *
 * `poll(2)` asks the operating system which descriptors are ready. Here
 * nobody needs asking: an in-memory connection knows it holds bytes, a Deno
 * connection knows its background read completed. So each resource exposes
 * `readable` / `writable`, and calls {@linkcode ReadinessSelector.changed}
 * whenever they may have turned true. `select` then only looks at resources
 * that changed (the *candidates*), never at every registration.
 *
 * No Deno API is used here: the in-memory network bundles for a browser.
 *
 * @module
 */

import type { Interest, ReadyEvent, Selector } from "./selector.ts";

/**
 * A resource that knows whether a read or a write would block.
 *
 * @example A resource that is always ready
 * ```ts
 * import type { Watchable } from "./readiness_selector.ts";
 * const always: Watchable = { readable: true, writable: true };
 * console.assert(always.readable);
 * ```
 */
export interface Watchable {
  /** `true` when a read (or accept) would not block, errors included. */
  readonly readable: boolean;
  /** `true` when a write (or finishing a connect) would not block, errors included. */
  readonly writable: boolean;
  /**
   * Called when someone registers `interest`: a resource that must start
   * work to become ready (a background read) starts it here.
   */
  watch?(interest: Interest): void;
}

const READ = 1;
const WRITE = 2;

type Immediate = (callback: () => void) => unknown;
const host = globalThis as { setImmediate?: Immediate; clearImmediate?: (id: unknown) => void };

/**
 * Options for a {@linkcode ReadinessSelector}.
 *
 * @example A selector whose resources complete on the host's event loop
 * ```ts
 * import { ReadinessSelector } from "./readiness_selector.ts";
 * const selector = new ReadinessSelector({ hostTurnMs: 5 });
 * console.assert(selector.size === 0);
 * ```
 */
export interface ReadinessSelectorOptions {
  /**
   * When resources become ready in host callbacks (Deno's I/O completions),
   * a `select(0)` that finds nothing ready gives the host's event loop one
   * turn if this many milliseconds passed since the last one. Why: while
   * tasks stay busy the kernel only ever polls with `0`; without a turn the
   * completions that would make sockets ready could never run. `undefined`
   * (the default) never yields a turn: right for the in-memory network,
   * where every change happens synchronously.
   * @default {undefined}
   */
  hostTurnMs?: number;
  /**
   * Whether readiness comes from outside this thread's code (Deno's event
   * loop): see {@linkcode Selector.external}.
   * @default {false}
   */
  external?: boolean;
}

/**
 * A level-triggered selector over {@linkcode Watchable} resources.
 *
 * `select` returns an array (no `await`) whenever something is ready, a
 * wakeup is pending, or the timeout is `0`. Otherwise it returns a Promise
 * settled by the first {@linkcode ReadinessSelector.changed} that makes a
 * registered pair ready, by {@linkcode ReadinessSelector.wakeup}, or by the
 * timeout. Why no timer for a `null` timeout: when nothing can ever change,
 * waiting must cost nothing and keep nothing alive.
 *
 * @example Reporting a resource once it changes
 * ```ts
 * import { ReadinessSelector } from "./readiness_selector.ts";
 * const box = { readable: false, writable: false };
 * const selector = new ReadinessSelector<typeof box>();
 * selector.register(box, "read");
 * console.assert((selector.select(0) as unknown[]).length === 0);
 * box.readable = true;
 * selector.changed(box);
 * console.assert((selector.select(0) as unknown[]).length === 1);
 * ```
 */
export class ReadinessSelector<R extends Watchable> implements Selector<R> {
  readonly #interests = new Map<R, number>(); // bit 1 = read, bit 2 = write
  // Registered resources that may be ready. Why not scan every
  // registration: 10,000 idle connections should cost nothing per pass.
  readonly #candidates = new Set<R>();
  #size = 0;
  #woken = false;
  #waiter: (() => void) | null = null;
  readonly #hostTurnMs: number | undefined;
  #nextTurn = 0;
  #closingListener: ((resource: R) => void) | null = null;
  /** See {@linkcode Selector.external}. */
  readonly external: boolean;

  /**
   * Create a selector with no registrations.
   *
   * @param options When to give the host's event loop a turn.
   */
  constructor(options: ReadinessSelectorOptions = {}) {
    this.#hostTurnMs = options.hostTurnMs;
    this.external = options.external ?? false;
  }

  /** How many (resource, interest) pairs are registered. */
  get size(): number {
    return this.#size;
  }

  /** Start reporting `interest` on `resource`. */
  register(resource: R, interest: Interest): void {
    const bits = this.#interests.get(resource) ?? 0;
    const bit = interest === "read" ? READ : WRITE;
    if (bits & bit) return;
    this.#interests.set(resource, bits | bit);
    this.#size++;
    resource.watch?.(interest);
    this.changed(resource);
  }

  /** Stop reporting `interest` on `resource`; a no-op when not registered. */
  unregister(resource: R, interest: Interest): void {
    const bits = this.#interests.get(resource) ?? 0;
    const bit = interest === "read" ? READ : WRITE;
    if (!(bits & bit)) return;
    this.#size--;
    if (bits === bit) this.#interests.delete(resource);
    else this.#interests.set(resource, bits & ~bit);
  }

  /** Ready pairs now; or, when none and `timeout` is not `0`, a Promise of the next ones. */
  select(timeout: number | null): ReadyEvent<R>[] | Promise<ReadyEvent<R>[]> {
    const events = this.#collect();
    if (events.length > 0 || this.#woken || (timeout === 0 && !this.#hostTurnDue())) {
      this.#woken = false;
      return events;
    }
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let immediate: unknown;
      this.#waiter = () => {
        clearTimeout(timer);
        if (immediate !== undefined) host.clearImmediate?.(immediate);
        this.#waiter = null;
        this.#woken = false;
        if (this.#hostTurnMs !== undefined) this.#nextTurn = performance.now() + this.#hostTurnMs;
        resolve(this.#collect());
      };
      if (timeout === 0 && host.setImmediate) immediate = host.setImmediate(this.#waiter);
      else if (timeout !== null) timer = setTimeout(this.#waiter, Math.max(0, timeout) * 1000);
    });
  }

  /** Make a waiting `select` return now, or the next one return at once. */
  wakeup(): void {
    if (this.#waiter !== null) this.#waiter();
    else this.#woken = true;
  }

  /** See {@linkcode Selector.watchClosing}: the kernel's listener for resources about to close. */
  watchClosing(listener: ((resource: R) => void) | null): void {
    this.#closingListener = listener;
  }

  /**
   * `resource` is about to close (its network calls this first): tell the
   * kernel, which wakes the tasks waiting on it with `ClosedResourceError`,
   * then forget its registrations. Why at the close, not at the next
   * `select`: a waiter must hear of it from its wait, on every network, as
   * it does on `poll(2)`, not come back as if the socket were ready.
   */
  closing(resource: R): void {
    this.#closingListener?.(resource);
    this.unregister(resource, "read");
    this.unregister(resource, "write");
    this.#candidates.delete(resource);
  }

  /** Forget every registration and release a waiting `select`. */
  close(): void {
    this.#interests.clear();
    this.#candidates.clear();
    this.#size = 0;
    this.#waiter?.();
  }

  /**
   * Tell the selector `resource` may have become ready. Resources call this
   * on every change; it is cheap when nobody is registered for them.
   */
  changed(resource: R): void {
    const bits = this.#interests.get(resource);
    if (bits === undefined) return;
    this.#candidates.add(resource);
    if (this.#waiter !== null && isReady(resource, bits)) this.#waiter();
  }

  #hostTurnDue(): boolean {
    return this.#hostTurnMs !== undefined && performance.now() >= this.#nextTurn;
  }

  #collect(): ReadyEvent<R>[] {
    const events: ReadyEvent<R>[] = [];
    for (const resource of this.#candidates) {
      const bits = this.#interests.get(resource) ?? 0;
      const read = (bits & READ) !== 0 && resource.readable;
      const write = (bits & WRITE) !== 0 && resource.writable;
      if (read) events.push({ resource, interest: "read" });
      if (write) events.push({ resource, interest: "write" });
      // Why keep a reported resource: readiness is level-triggered, as in
      // select(2): if the kernel leaves it registered and it is still ready,
      // the next select must report it again.
      if (!read && !write) this.#candidates.delete(resource);
    }
    return events;
  }
}

function isReady(resource: Watchable, bits: number): boolean {
  return ((bits & READ) !== 0 && resource.readable) || ((bits & WRITE) !== 0 && resource.writable);
}
