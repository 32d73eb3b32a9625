// deno-lint-ignore-file -- a stub is unfinished on purpose: delete this line to lint your work
/**
 * Exercise 01-iterators/range: an iterable that honours the whole protocol.
 *
 * `range(start, end, step)` describes the numbers from `start` up to, but not
 * including, `end`, going by `step`. The first value is `start`, each next
 * one is the one before plus `step`, and the range goes on while the value
 * is below `end` (above it, for a negative step). Any numbers will do, as
 * long as the step moves: `range(0, 1, 0.25)` gives 0, 0.25, 0.5, 0.75;
 * `range(0, 10, Infinity)` gives just 0; `range(0, Infinity)` never ends,
 * which is fine for something lazy; NaN is below and above nothing, so a NaN
 * bound gives nothing. A step of 0 (or -0) or NaN never moves: it is refused
 * with a RangeError. Like Python's `range`, the object is an *iterable*: each
 * `for...of` asks it for a fresh *iterator* with a position of its own, so
 * it can be looped over again and again, even while another loop over it is
 * still going, and closing one iterator closes no other. Write the iterator
 * by hand, as an object with `next()` and `return()`: no generators yet,
 * they are lesson 02. The grader plays generated scripts on yours and on a
 * native generator over the same numbers.
 *
 * Run the checks: `deno task grade 01-iterators/range`
 *
 * @module
 */

/** The numbers from `start` up to (not including) `end`, by `step`. */
export class Range implements Iterable<number> {
  /** Makes a range; throws a RangeError when `step` is zero or NaN. */
  constructor(readonly start: number, readonly end: number, readonly step = 1) {
    // TODO: refuse a step of 0 or NaN with a RangeError, or a loop would never end.
    throw new Error("not implemented yet");
  }

  /** A fresh iterator over the range, at its start. */
  [Symbol.iterator](): IterableIterator<number> {
    // TODO: return a new object with next(), return() and [Symbol.iterator]().
    //   next() gives { value: n, done: false } while n has not reached end, then
    //   { value: undefined, done: true } forever after. return() ends the
    //   iteration early (for...of calls it on break): after it, next() is done.
    //   [Symbol.iterator]() returns the iterator itself, so it can be looped.
    throw new Error("not implemented yet");
  }
}

/** Shorthand for `new Range(start, end, step)`, as in Python. */
export function range(start: number, end: number, step = 1): Range {
  return new Range(start, end, step);
}
