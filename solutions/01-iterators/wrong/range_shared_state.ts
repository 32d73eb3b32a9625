/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: the position lives on the Range, and [Symbol.iterator]() returns the range itself: a second loop over the same range finds it used up.
 * Grader says: second loop over the same range
 *
 * Exercise 01-iterators/range: an iterable that honours the whole protocol.
 *
 * `range(start, end, step)` describes the numbers from `start` up to, but not
 * including, `end`, going by `step` (which may be negative, never zero). Like
 * Python's `range`, the object is an *iterable*: each `for...of` asks it for
 * a fresh *iterator*, so it can be looped over again and again. Write the
 * iterator by hand, as an object with `next()` and `return()`: no generators
 * yet, they are lesson 02.
 *
 * Run the checks: `deno task grade 01-iterators/range`
 *
 * @module
 */

/** The numbers from `start` up to (not including) `end`, by `step`. */
export class Range implements Iterable<number> {
  /** Makes a range; throws a RangeError when `step` is zero. */
  constructor(readonly start: number, readonly end: number, readonly step = 1) {
    // TODO: refuse a zero step with a RangeError, or a loop would never end.
    if (step === 0) throw new RangeError("Cannot make a range with step 0");
  }

  /** A fresh iterator over the range, at its start. */
  /** Where the one and only iteration stands: the mistake is keeping it here. */
  #position: number | undefined;

  [Symbol.iterator](): IterableIterator<number> {
    // TODO: return a new object with next(), return() and [Symbol.iterator]().
    this.#position ??= this.start;
    const iterator: IterableIterator<number> = {
      next: (): IteratorResult<number> => {
        const at = this.#position!;
        const more = this.step > 0 ? at < this.end : at > this.end;
        if (!more) return { value: undefined, done: true };
        this.#position = at + this.step;
        return { value: at, done: false };
      },
      return: (): IteratorResult<number> => {
        this.#position = this.end;
        return { value: undefined, done: true };
      },
      [Symbol.iterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}

/** Shorthand for `new Range(start, end, step)`, as in Python. */
export function range(start: number, end: number, step = 1): Range {
  return new Range(start, end, step);
}
