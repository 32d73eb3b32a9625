/**
 * Grader for 01-iterators/range. Run it: `deno task grade 01-iterators/range`.
 *
 * @module
 */

import assert from "node:assert/strict";
import { differ, explore, fc } from "../../runner/grading/explore.ts";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import { literal } from "../../runner/grading/iterator_scripts.ts";
import { nativeRange, playRange, type RangeAction } from "../../runner/grading/truths/range.ts";
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

/** Bounds: whole and fractional numbers around 0, and the ones that never come: ±Infinity, NaN, -0. */
const bound = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom(0.5, 2.5, -1.5, Infinity, -Infinity, NaN, -0) },
);

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
  "a step of 0 or NaN is refused with a RangeError": ({ range }) => {
    assert.throws(() => range(0, 5, 0), RangeError, "range(0, 5, 0) should throw a RangeError");
    assert.throws(
      () => range(5, 0, NaN),
      RangeError,
      "range(5, 0, NaN) should throw a RangeError: a NaN step never moves either",
    );
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
  "range agrees with a native generator on generated bounds, steps and scripts": ({ range }) =>
    explore({
      truth: "a native generator",
      arbitrary: fc.record({
        start: bound,
        end: bound,
        step: fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(1, 2, 3, -1, -2, 0.5, -0.5, 0.25) },
          { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity, NaN, 0, -0) },
        ),
        actions: fc.array(
          fc.oneof(
            { weight: 6, arbitrary: fc.nat(2).map((k): RangeAction => ["next", k]) },
            { weight: 1, arbitrary: fc.nat(2).map((k): RangeAction => ["return", k]) },
            { weight: 1, arbitrary: fc.constant<RangeAction>(["open"]) },
            { weight: 1, arbitrary: fc.nat(2).map((k): RangeAction => ["self", k]) },
          ),
          { minLength: 1, maxLength: 9 },
        ),
      }),
      compare: ({ start, end, step, actions }) =>
        differ(
          playRange(() => range(start, end, step), actions),
          playRange(() => nativeRange(start, end, step), actions),
          "what each iterator gave",
        ),
      snippet: ({ start, end, step, actions }, from) => {
        const args = [start, end, step].map(literal).join(", ");
        return [
          `import { range } from "${from}";`,
          `import { nativeRange, playRange, type RangeAction } from "./runner/grading/truths/range.ts";`,
          `const actions: RangeAction[] = ${literal(actions)};`,
          `console.log("a native generator:", playRange(() => nativeRange(${args}), actions));`,
          `console.log("yours:             ", playRange(() => range(${args}), actions));`,
        ];
      },
    }),
});
