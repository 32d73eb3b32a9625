/**
 * The promise conformance suite of exercise 11-promises/my_promise, run
 * against the native `Promise`. Every expectation the grader holds your
 * `MyPromise` to is here proven to be what JavaScript's own Promise does;
 * the course self-check runs the same suite against the reference and the
 * stub (`deno task test`).
 *
 * Run it alone: `deno test --allow-read=. lessons/11-promises/conformance_test.ts`
 *
 * @module
 */

import grader, { checks } from "../../exercises/11-promises/my_promise_grader.ts";
import type * as Exercise from "../../exercises/11-promises/my_promise.ts";

/** The native Promise, in the place of the exercise's `MyPromise`. */
const native = { MyPromise: Promise } as unknown as typeof Exercise;

Deno.test("the promise conformance suite passes with the native Promise", async (t) => {
  for (const name of Object.keys(checks)) {
    await t.step(name, () => grader.checks[name](native));
  }
});
