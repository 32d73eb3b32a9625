/**
 * The selector `run()` uses when it is given none: no I/O, only waiting.
 *
 * The kernel still has to block somewhere when every task sleeps or waits on
 * a Future or Promise. This selector blocks on a host timer (`setTimeout`)
 * until the next deadline, or until {@linkcode IdleSelector.wakeup} (a Future
 * completed from a callback). `select(0)` gives the host's event loop one
 * turn (`setImmediate`), so callbacks that are due (timers, worker messages)
 * get to run.
 *
 * @module
 */

import type { Interest, ReadyEvent, Selector } from "./selector.ts";

type Immediate = (callback: () => void) => unknown;
const host = globalThis as {
  setImmediate?: Immediate;
  clearImmediate?: (handle: unknown) => void;
};

/**
 * A selector without resources: `select` only waits for time or a wakeup.
 *
 * @example Woken before its timeout
 * ```ts
 * import assert from "node:assert/strict";
 * import { IdleSelector } from "./idle_selector.ts";
 *
 * const selector = new IdleSelector();
 * const events = selector.select(60);
 * selector.wakeup();
 * assert.deepEqual(await events, []);
 * selector.close();
 * ```
 */
export class IdleSelector implements Selector {
  #resolve: (() => void) | null = null;
  #woken = false;

  /** Always 0: nothing can be registered. */
  get size(): number {
    return 0;
  }

  /**
   * Refuses: there is nothing to watch.
   *
   * @throws {Error} Always.
   */
  register(_resource: unknown, interest: Interest): void {
    throw new Error(
      `Cannot wait to ${interest} as run() was given no selector: pass one in the run() options, e.g. { selector: new MemoryNetwork() }`,
    );
  }

  /** Nothing to unregister. */
  unregister(_resource: unknown, _interest: Interest): void {}

  /** Wait up to `timeout` seconds (`null`: until woken); always reports no events. */
  select(timeout: number | null): ReadyEvent[] | Promise<ReadyEvent[]> {
    if (this.#woken) {
      this.#woken = false;
      return [];
    }
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let immediate: unknown;
      const done = () => {
        if (this.#resolve !== done) return;
        this.#resolve = null;
        if (timer !== undefined) clearTimeout(timer);
        if (immediate !== undefined) host.clearImmediate?.(immediate);
        resolve([]);
      };
      this.#resolve = done;
      if (timeout === 0 && host.setImmediate) immediate = host.setImmediate(done);
      else if (timeout !== null) timer = setTimeout(done, timeout * 1000);
    });
  }

  /** End a `select` in progress, or make the next one return at once. */
  wakeup(): void {
    if (this.#resolve !== null) this.#resolve();
    else this.#woken = true;
  }

  /** End a `select` in progress; nothing else to release. */
  close(): void {
    this.#resolve?.();
  }
}
