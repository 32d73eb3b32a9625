/**
 * Grader for 01-iterators/range. Run it: `deno task grade 01-iterators/range`.
 *
 * @module
 */

import assert from "node:assert/strict";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import type * as Exercise from "./range.ts";

/** Up to `limit` values of an iterable, so a range that never ends still fails cleanly. */
function first(iterable: Iterable<number>, limit = 20): number[] {
  const out: number[] = [];
  for (const n of iterable) {
    if (out.length === limit) break;
    out.push(n);
  }
  return out;
}

export default defineGrader<typeof Exercise>({
  "range(0, 3) gives 0, 1, 2": ({ range }) => {
    assert.deepEqual(first(range(0, 3)), [0, 1, 2], "[...range(0, 3)]");
  },
  "the end is not included: range(2, 5) gives 2, 3, 4": ({ range }) => {
    assert.deepEqual(first(range(2, 5)), [2, 3, 4], "[...range(2, 5)]");
  },
  "a step counts by that much: range(0, 10, 3) gives 0, 3, 6, 9": ({ range }) => {
    assert.deepEqual(first(range(0, 10, 3)), [0, 3, 6, 9], "[...range(0, 10, 3)]");
  },
  "a negative step counts down: range(5, 0, -2) gives 5, 3, 1": ({ range }) => {
    assert.deepEqual(first(range(5, 0, -2)), [5, 3, 1], "[...range(5, 0, -2)]");
  },
  "empty ranges give nothing: range(3, 3) and range(5, 1)": ({ range }) => {
    assert.deepEqual(first(range(3, 3)), [], "[...range(3, 3)]");
    assert.deepEqual(first(range(5, 1)), [], "[...range(5, 1)]");
  },
  "a step of 0 is refused with a RangeError": ({ range }) => {
    assert.throws(() => range(0, 5, 0), RangeError, "range(0, 5, 0) should throw a RangeError");
  },
  "next() gives { value, done: false }, then { value: undefined, done: true } for good": (
    { range },
  ) => {
    const it = range(0, 1)[Symbol.iterator]();
    assert.deepEqual(it.next(), { value: 0, done: false }, "first next() on range(0, 1)");
    assert.deepEqual(it.next(), { value: undefined, done: true }, "second next()");
    assert.deepEqual(it.next(), { value: undefined, done: true }, "next() after the end");
  },
  "a range is iterable again: looping twice gives the values twice": ({ range }) => {
    const r = range(0, 3);
    assert.deepEqual(first(r), [0, 1, 2], "first loop over range(0, 3)");
    assert.deepEqual(
      first(r),
      [0, 1, 2],
      "second loop over the same range: [Symbol.iterator]() must return a fresh iterator each time",
    );
  },
  "each iterator is iterable too: it[Symbol.iterator]() returns it": ({ range }) => {
    const it = range(0, 3)[Symbol.iterator]();
    assert.equal(typeof it[Symbol.iterator], "function", "typeof it[Symbol.iterator]");
    assert.equal(it[Symbol.iterator](), it, "it[Symbol.iterator]() should be it itself");
  },
  "break calls return(), which finishes the iterator": ({ range }) => {
    const it = range(0, 10)[Symbol.iterator]();
    if (typeof it.return !== "function") {
      throw new Mistake(
        "the iterator has no return() method: for...of calls it on break to close the iterator",
      );
    }
    for (const n of it) if (n === 1) break;
    assert.deepEqual(
      it.next(),
      { value: undefined, done: true },
      "next() after a break out of for...of: return() should have finished the iterator",
    );
  },
});
