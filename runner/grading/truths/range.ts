/**
 * The truth for 01-iterators/range: a native generator, and a script
 * player that drives several iterators of one range at once.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nativeRange, playRange } from "./range.ts";
 *
 * assert.deepEqual(playRange(() => nativeRange(0, 10, Infinity), [["next", 0], ["next", 0]]), [
 *   "range made",
 *   "open it0 → ok",
 *   "it0 next → yield 0",
 *   "it0 next → done undefined",
 * ]);
 * ```
 *
 * @module
 */

import { label, rethrowStub, show } from "../iterator_scripts.ts";

/**
 * `range(start, end, step)` as a native generator: each value is the one
 * before plus `step`, until one reaches `end`. A step of 0 or NaN never
 * moves, so it is refused.
 */
export function nativeRange(start: number, end: number, step = 1): Iterable<number> {
  if (step === 0 || Number.isNaN(step)) throw new RangeError(`step ${step}`);
  return {
    *[Symbol.iterator]() {
      for (let n = start; step > 0 ? n < end : n > end; n += step) yield n;
    },
  };
}

/**
 * One action on a range: `["open"]` asks it for another iterator; `["next", k]`,
 * `["return", k]` and `["self", k]` act on the k-th iterator opened (modulo
 * how many there are; the first is opened before the script starts).
 */
export type RangeAction = ["open"] | ["next" | "return" | "self", number];

/**
 * Make the range, open one iterator, play `actions`, and write down what
 * happened: `it0 next → yield 0`, `it1 return → done undefined`,
 * `it0 [Symbol.iterator]() is it0: true`. `-0` is written as 0.
 */
export function playRange(make: () => Iterable<number>, actions: readonly RangeAction[]): string[] {
  const seen: string[] = [];
  let range: Iterable<number>;
  try {
    range = make();
  } catch (error) {
    rethrowStub(error);
    return [`range threw a ${error instanceof Error ? error.name : show(error)}`];
  }
  seen.push("range made");
  const its: Iterator<number>[] = [];
  const step = (what: string, action: () => string) => {
    try {
      seen.push(`${what} → ${action()}`);
    } catch (error) {
      rethrowStub(error);
      seen.push(`${what} → threw ${label(error)}`);
    }
  };
  const result = (r: IteratorResult<number>) =>
    `${r.done ? "done" : "yield"} ${show(Object.is(r.value, -0) ? 0 : r.value)}`;
  step("open it0", () => (its.push(range[Symbol.iterator]()), "ok"));
  for (const action of actions) {
    if (its.length === 0) break;
    if (action[0] === "open") {
      step(`open it${its.length}`, () => (its.push(range[Symbol.iterator]()), "ok"));
      continue;
    }
    const k = action[1] % its.length;
    const it = its[k];
    if (action[0] === "next") step(`it${k} next`, () => result(it.next()));
    else if (action[0] === "return") {
      step(
        `it${k} return`,
        () => (typeof it.return === "function" ? result(it.return()) : "no return()"),
      );
    } else {
      step(
        `it${k} [Symbol.iterator]() is it${k}`,
        () => String((it as unknown as Iterable<number>)[Symbol.iterator]() === it),
      );
    }
  }
  return seen;
}
