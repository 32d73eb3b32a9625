/**
 * The truth for 01-iterators/zip: the rules of the exercise's doc comment,
 * written one per line as a small state machine (JavaScript has no built-in
 * zip yet), and a player that runs a case on any zip.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { playZip, zipByTheRules } from "./zip.ts";
 *
 * const seen = playZip(zipByTheRules, { values: [1] }, { values: ["a", "b"] }, ["next", "next"]);
 * assert.deepEqual(seen.log, [
 *   "left open", "right open", "left next → 1", 'right next → "a"',
 *   "left next → done", "right return",
 * ]);
 * ```
 *
 * @module
 */

import { consume, label, type Pull, source, type SourceShape } from "../iterator_scripts.ts";

/** Any zip: yours, or {@linkcode zipByTheRules}. */
export type Zip = (left: Iterable<unknown>, right: Iterable<unknown>) => Iterator<unknown>;

/** Close each iterator in order, even when one's return() throws; then throw the first error. */
function closeEach(iterators: Iterator<unknown>[]): void {
  const errors: unknown[] = [];
  for (const it of iterators) {
    try {
      it.return?.();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw errors[0];
}

/** zip, by the rules: open both now; pull left then right; close what is left open, always. */
export const zipByTheRules: Zip = (left, right) => {
  const a = left[Symbol.iterator]();
  const b = right[Symbol.iterator]();
  let finished = false;
  const done = { value: undefined, done: true } as const;
  /** Pull `it`; if that throws, `it` is broken: close the other one (dropping its error) and finish. */
  const pull = (it: Iterator<unknown>, other: Iterator<unknown>) => {
    try {
      return it.next();
    } catch (error) {
      finished = true;
      try {
        other.return?.();
      } catch { /* the first error goes on */ }
      throw error;
    }
  };
  return {
    next() {
      if (finished) return { ...done };
      const x = pull(a, b);
      if (x.done) {
        finished = true;
        closeEach([b]);
        return { ...done };
      }
      const y = pull(b, a);
      if (y.done) {
        finished = true;
        closeEach([a]);
        return { ...done };
      }
      return { value: [x.value, y.value], done: false };
    },
    return() {
      if (!finished) {
        finished = true;
        closeEach([a, b]);
      }
      return { ...done };
    },
  };
};

/**
 * Zip two fresh sources with `zip`, drive it with `pulls`, and write down
 * everything both sources saw (one log, in order) and what the consumer got.
 */
export function playZip(
  zip: Zip,
  left: SourceShape,
  right: SourceShape,
  pulls: readonly Pull[],
): { log: string[]; consumer: string[] } {
  const log: string[] = [];
  const consumer: string[] = [];
  let zipped: Iterator<unknown>;
  try {
    zipped = zip(source(left, log, "left"), source(right, log, "right"));
  } catch (error) {
    if (error instanceof Error && error.message === "not implemented yet") throw error;
    return { log, consumer: [`zip() threw ${label(error)}`] };
  }
  consume(zipped, pulls, consumer);
  return { log, consumer };
}
