/**
 * The stepped world: a selector over an in-memory network whose clock moves
 * only when a kernel blocks in `select(timeout)`, with a script of what the
 * outside world does at given times; and how two loops' `select()` calls
 * are compared. The grading side of lesson 07 (see `kernel_runs.ts`).
 *
 * @module
 */

import type { Clock } from "../../kernel/clock.ts";
import type { MemoryNetwork, MemoryResource } from "../../kernel/memory_network.ts";
import type { Interest, ReadyEvent, Selector } from "../../kernel/selector.ts";
import { Mistake } from "./grader.ts";
import { assertSameTrace, type Divergence, type TraceLike } from "./trace_diff.ts";

/** Compare a loop's `select()` calls with the kernel's; {@linkcode explainSelectCalls} says why they part. */
export function assertSameCalls(yours: SteppedWorld, reference: SteppedWorld, what: string): void {
  assertSameTrace(yours.calls, reference.calls, `${what}, the select() calls`, {
    reference: "the kernel",
    explain: (d) => explainSelectCalls(d, yours.positions, reference.positions),
  });
}

/**
 * Why a loop's `select()` calls part from the kernel's, in a sentence;
 * `yours` and `reference` are the calls' places in the two traces.
 */
export function explainSelectCalls(
  d: Divergence,
  yours: readonly number[],
  reference: readonly number[],
): string | undefined {
  const expected = d.expected as SelectCall | undefined;
  const actual = d.actual as SelectCall | undefined;
  const early = (reference[d.index] ?? Infinity) > (yours[d.index] ?? Infinity);
  const late = (reference[d.index] ?? Infinity) < (yours[d.index] ?? Infinity);
  if (actual !== undefined && actual.timeout === 0 && early) {
    return "your loop called select(0) where the kernel did not: with tasks ready and nothing registered, skip select() altogether";
  }
  if (expected !== undefined && expected.timeout === 0 && late) {
    return "your loop skipped a select(0) the kernel made: with tasks ready and something registered, poll with select(0) before the pass, so ready I/O is picked up without making the ready tasks wait";
  }
  if (expected === undefined) return "your loop called select() where the kernel did not";
  if (actual === undefined) return "your loop stopped calling select() where the kernel still did";
  if (actual.timeout === 0 && expected.timeout !== 0) {
    return "your loop polled when it should block: with no task ready, it must wait in select() until the next timer (or without a timeout), not spin with select(0): that is busy-polling";
  }
  if (expected.timeout === 0) {
    return "tasks were ready, so the loop must only poll (select(0)) and run them, not wait";
  }
  return "the timeout must run to the soonest timer: deadline - now, or null when no timer is set";
}

/** One `select` call as the world saw it: `{ type: "select", timeout }`. */
export interface SelectCall extends TraceLike {
  /** Always `"select"`. */
  readonly type: "select";
  /** Seconds, `0` to poll, `null` to wait until something is ready. */
  readonly timeout: number | null;
}

/** How many empty `select(0)` calls in a row, with the clock standing still, count as busy-polling. */
export const BUSY_POLL_LIMIT = 10_000;

/** How many `select()` calls at one moment of the world's clock count as a loop that spins (more than busy-polling takes to be caught). */
export const SAME_TIME_LIMIT = 2 * BUSY_POLL_LIMIT;

/**
 * A selector over a {@linkcode MemoryNetwork} whose clock moves only inside
 * `select(timeout)`: when nothing is ready, the time jumps to the sooner of
 * `now + timeout` and the next scripted outside event, and that event runs.
 *
 * @example A kernel waiting 2 s for a byte the outside world sends at t = 2
 * ```ts ignore
 * const net = new MemoryNetwork();
 * const world = new SteppedWorld(net);
 * world.at(2, () => outsideClient.send(new Uint8Array([1])));
 * await run(main, { selector: world, clock: world.clock });
 * console.log(world.calls); // [{ type: "select", timeout: null }, ...]
 * ```
 */
export class SteppedWorld implements Selector<MemoryResource> {
  /** The network whose readiness this selector reports. */
  readonly net: MemoryNetwork;
  /** Every `select` call, in order. */
  readonly calls: SelectCall[] = [];
  /** For each call in {@linkcode calls}: how many trace events came before it (see {@linkcode noteEvent}). */
  readonly positions: number[] = [];
  #events = 0;
  /** The world's clock: pass it to the kernel. It has no `jumpTo`: time passes in `select`. */
  readonly clock: Clock = { now: () => this.#now };
  #now = 0;
  #script: { at: number; action: () => void }[] = [];
  #idlePolls = 0;
  #callsAtThisTime = 0;
  readonly #reference: readonly SelectCall[] | undefined;

  /**
   * A world around `net`, at time 0, with nothing scripted. `reference` is
   * the reference kernel's calls on the same scenario, quoted when this
   * world catches a loop busy-polling.
   */
  constructor(net: MemoryNetwork, reference?: readonly SelectCall[]) {
    this.net = net;
    this.#reference = reference;
  }

  /** Have the outside world run `action` when the clock reaches `time` (> 0). */
  at(time: number, action: () => void): this {
    this.#script.push({ at: time, action });
    this.#script.sort((a, b) => a.at - b.at);
    return this;
  }

  /** See {@linkcode Selector.size}. */
  get size(): number {
    return this.net.selector.size;
  }

  /** See {@linkcode Selector.register}. */
  register(resource: MemoryResource, interest: Interest): void {
    this.net.selector.register(resource, interest);
  }

  /** See {@linkcode Selector.unregister}. */
  unregister(resource: MemoryResource, interest: Interest): void {
    this.net.selector.unregister(resource, interest);
  }

  /** Ready pairs now; when none and `timeout` is not 0, move the clock first. */
  select(timeout: number | null): ReadyEvent<MemoryResource>[] {
    this.calls.push({ type: "select", timeout });
    this.positions.push(this.#events);
    if (++this.#callsAtThisTime > SAME_TIME_LIMIT) {
      throw new Mistake(
        `your loop called select() ${SAME_TIME_LIMIT} times while the clock stood still: it spins. A resource left registered after its waiter was woken is reported ready again and again: unregister each (resource, interest) when you wake its task`,
      );
    }
    let events = this.#poll();
    if (events.length > 0 || timeout === 0) {
      this.#idlePolls = events.length > 0 ? 0 : this.#idlePolls + 1;
      if (this.#idlePolls > BUSY_POLL_LIMIT) {
        const ref = this.#reference;
        const counted = ref === undefined
          ? ""
          : ` (the kernel calls select() ${ref.length} times in this whole scenario, ${
            ref.filter((c) => c.timeout === 0).length
          } of them with timeout 0)`;
        throw new Mistake(
          `your loop called select(0) ${BUSY_POLL_LIMIT} times in a row and nothing became ready while the clock stood still${counted}: it is busy-polling. When no task is ready, block in select() with a timeout until the next timer (null when there is none)`,
        );
      }
      return events;
    }
    this.#idlePolls = 0;
    const next = this.#script[0]?.at;
    const until = timeout === null ? next : Math.min(this.#now + timeout, next ?? Infinity);
    if (until === undefined && this.size === 0) {
      throw new Mistake(
        "your loop called select(null) with nothing registered and no timer set, so it would wait forever: when no task is ready, no timer is set and no task waits for I/O, nothing can ever wake a task. Throw (a deadlock) instead of waiting",
      );
    }
    if (until === undefined) {
      throw new Mistake(
        "select(null) was called when nothing can ever become ready, so it would never return: call it only when no task is ready (poll with select(0) when some are)",
      );
    }
    if (until > this.#now) this.#callsAtThisTime = 0;
    this.#now = Math.max(this.#now, until);
    while (this.#script.length > 0 && this.#script[0].at <= this.#now) {
      this.#script.shift()!.action();
    }
    events = this.#poll();
    return events;
  }

  /** A kernel reported a trace event (`referenceRun` and `learnerRun` call this). */
  noteEvent(): void {
    this.#events++;
  }

  /** Nothing to interrupt: `select` never really waits here. */
  wakeup(): void {}

  /** Nothing to release (the network is closed by its owner). */
  close(): void {}

  #poll(): ReadyEvent<MemoryResource>[] {
    return this.net.selector.select(0) as ReadyEvent<MemoryResource>[];
  }
}
