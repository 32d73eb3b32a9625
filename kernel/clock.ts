/**
 * Clocks: where the kernel reads the time, in seconds.
 *
 * Every time the kernel reports or compares (sleeps, deadlines, `now()`,
 * trace events) comes from its clock. The one wall-clock reading it makes
 * itself is `performance.now()` for pacing host turns (how often a busy
 * kernel lets the host run callbacks while tasks wait on Promises); that
 * decides when outside callbacks get in, never what time a task sees.
 *
 * A {@linkcode RealClock} follows the wall. A {@linkcode VirtualClock} only
 * moves when the kernel jumps it: when no task is ready and nothing from
 * outside can arrive, the kernel jumps straight to the next timer deadline
 * ("autojump", as in Trio's `MockClock`). Timed scenarios then run instantly
 * and exactly: `sleep(3)` wakes at time `3`, not `3.0004`. "Nothing from
 * outside" means: no task waits on a Promise or an external Future (a
 * Worker pool's job, `Future.from`), and no selector whose readiness comes
 * from outside this thread (Deno's sockets, `poll(2)`) has registrations.
 * Until then the kernel waits for the outside, however long that takes,
 * and the virtual time stands still: a Promise that settles after 20 ms of
 * wall time settles before a sleeper at virtual time 100 wakes, on every
 * run. To bound such a wait by time, use a real clock.
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
