/**
 * Clocks: where the kernel reads the time, in seconds.
 *
 * The kernel never calls `performance.now()` itself; it asks its clock. A
 * {@linkcode RealClock} follows the wall. A {@linkcode VirtualClock} only
 * moves when the kernel jumps it: when no task is ready and nothing from
 * outside can arrive, the kernel jumps straight to the next timer deadline
 * ("autojump", as in Trio's `MockClock`). Timed scenarios then run instantly
 * and exactly: `sleep(3)` wakes at time `3`, not `3.0004`.
 *
 * @module
 */

/**
 * What the kernel needs from a clock.
 *
 * @example A clock that starts at 100
 * ```ts
 * import assert from "node:assert/strict";
 * import { run, sleep, now, VirtualClock } from "./mod.ts";
 *
 * const clock = new VirtualClock(100);
 * const woke = await run(function* main() {
 *   yield* sleep(5);
 *   return yield* now();
 * }, { clock });
 * assert.equal(woke, 105);
 * ```
 */
export interface Clock {
  /** The current time in seconds. */
  now(): number;
  /**
   * Present on virtual clocks only: set the time to `time` (never backwards).
   * The kernel calls it instead of waiting when nothing else can happen.
   */
  jumpTo?(time: number): void;
}

/**
 * Wall-clock time from `performance.now()`, counted from the clock's creation,
 * so a run's trace starts near `0`.
 *
 * @example Reading the time
 * ```ts
 * import assert from "node:assert/strict";
 * import { RealClock } from "./clock.ts";
 *
 * const clock = new RealClock();
 * assert.ok(clock.now() >= 0);
 * ```
 */
export class RealClock implements Clock {
  #origin = performance.now();

  /** Seconds since this clock was created. */
  now(): number {
    return (performance.now() - this.#origin) / 1000;
  }
}

/**
 * Time that passes only when told to: by the kernel's autojump, or by
 * {@linkcode VirtualClock.advance}.
 *
 * @example Sleeps of 1, 2 and 3 seconds take no wall time
 * ```ts
 * import assert from "node:assert/strict";
 * import { now, run, sleep, spawn } from "./mod.ts";
 *
 * const woke: number[] = [];
 * await run(function* main() {
 *   for (const seconds of [3, 1, 2]) {
 *     yield* spawn(function* sleeper() {
 *       yield* sleep(seconds);
 *       woke.push(yield* now());
 *     });
 *   }
 * }, { clock: "virtual" });
 * assert.deepEqual(woke, [1, 2, 3]);
 * ```
 */
export class VirtualClock implements Clock {
  #now: number;

  /** Create a clock that reads `start` seconds until it is moved. */
  constructor(start = 0) {
    this.#now = start;
  }

  /** The virtual time in seconds. */
  now(): number {
    return this.#now;
  }

  /** Set the time to `time`; a time in the past is ignored (clocks do not run backwards). */
  jumpTo(time: number): void {
    if (time > this.#now) this.#now = time;
  }

  /**
   * Move the time forward by `seconds`.
   *
   * @throws {RangeError} When `seconds` is negative or not finite.
   */
  advance(seconds: number): void {
    if (!(seconds >= 0 && Number.isFinite(seconds))) {
      throw new RangeError(
        `Cannot advance the virtual clock by ${seconds} s: the step must be a finite number >= 0`,
      );
    }
    this.#now += seconds;
  }
}
