/**
 * How a grader file is written.
 *
 * A grader is a list of named checks over an exercise's module. It never
 * imports the learner's file itself: the runner imports whichever file is
 * being graded (the learner's, the reference, the stub, a known-wrong
 * variant) and hands it to every check. That is how one grader serves the
 * learner and the course's self-check with no second copy.
 *
 * @example A grader for a `double(n)` exercise
 * ```ts ignore
 * import assert from "node:assert/strict";
 * import { defineGrader } from "../../runner/grading/grader.ts";
 * import type * as Exercise from "./double.ts";
 *
 * export default defineGrader<typeof Exercise>({
 *   "double(2) is 4": ({ double }) => assert.equal(double(2), 4, "double(2)"),
 * });
 * ```
 *
 * Checks fail by throwing. Use `node:assert/strict` with a message that says
 * what was tried (`"double(2)"`): the runner prints it with the expected and
 * received values. Checks run in order, each to completion, so a learner
 * sees how many pass. Never compare against the wall clock: grade timing on
 * the kernel's virtual clock or by the order of events.
 *
 * @module
 */

/** One check: throws (or rejects) when the module under test is wrong. */
export type Check<M> = (module: M) => void | Promise<void>;

/** A grader: the checks of one exercise, by name, in the order they run. */
export interface Grader<M> {
  /** Checks by name; names are shown to the learner, so write them as facts. */
  checks: Record<string, Check<M>>;
}

/**
 * Declare a grader. `M` is the exercise module's type (`typeof Exercise`),
 * so every check is type-checked against the exercise's exports.
 */
export function defineGrader<M>(checks: Record<string, Check<M>>): Grader<M> {
  if (Object.keys(checks).length === 0) throw new Error("Cannot define a grader with no checks");
  return { checks };
}

/**
 * A failure the grader describes in its own words, with no expected/received
 * pair: `throw new Mistake("break did not call return() on the iterator")`.
 */
export class Mistake extends Error {
  /** Makes a mistake report; the message is shown to the learner as is. */
  constructor(message: string) {
    super(message);
    this.name = "Mistake";
  }
}
