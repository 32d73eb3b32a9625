/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: the average is rounded to a whole number (Math.round(total / count)), which every example with whole averages hides: 1 and 2 average to 2, not 1.5.
 * Check: answers agree with the rules on generated scripts of numbers, resets, other errors and returns
 * Grader says: "next(-1.5) → yield -1"
 *
 * Exercise 03-coroutines/averager: a running average you talk to.
 *
 * `averager()` makes a coroutine that keeps the average of the numbers sent
 * into it. Each `next(x)` sends a number and answers with the average so
 * far. It uses all three ways in:
 *
 * - `next()` once to prime it: it answers `undefined` (no average yet), and
 *   no number is counted;
 * - `next(x)` sends a number and gives back the new average;
 * - `throw(new Reset())` is caught inside: the count starts over, and the
 *   answer is `undefined` again. Any other error is not caught: it comes out
 *   of `throw()` and the coroutine is finished;
 * - `next()` with no number (after priming) ends it: the coroutine returns
 *   `{ count, average }`, which the caller receives as the value of the
 *   final `{ done: true, value }` (Python would raise StopIteration with
 *   that value).
 *
 * Run the checks: `deno task grade 03-coroutines/averager`
 *
 * @module
 */

/** Throw this into an averager to start its average over. */
export class Reset extends Error {
  override name = "Reset";
  constructor(message = "start the average over") {
    super(message);
  }
}

/** What an averager returns when it ends. */
export interface Summary {
  /** How many numbers were counted since the start or the last reset. */
  count: number;
  /** Their average, or `undefined` when there were none. */
  average: number | undefined;
}

/** A coroutine that answers each number sent in with the running average. */
export function* averager(): Generator<number | undefined, Summary, number | undefined> {
  // TODO: loop forever on `const x = yield average`: count x, or end on
  //   undefined, and catch a Reset thrown in at that yield.
  let total = 0;
  let count = 0;
  let average: number | undefined = undefined;
  while (true) {
    let term: number | undefined;
    try {
      term = yield average;
    } catch (error) {
      if (!(error instanceof Reset)) throw error; // not ours: let it end us
      total = 0;
      count = 0;
      average = undefined;
      continue;
    }
    if (term === undefined) return { count, average };
    total += term;
    count++;
    average = Math.round(total / count);
  }
}
