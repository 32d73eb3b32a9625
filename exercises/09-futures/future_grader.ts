/**
 * Grader for 09-futures/future. Run it: `deno task grade 09-futures/future`.
 *
 * A protocol suite: each check is one rule of the Future protocol, tried on
 * your class. The course's self-check runs this same suite against the
 * kernel's `Future` (`lessons/09-futures/future_suite_test.ts`), so a rule
 * here is a rule the reference keeps.
 *
 * @module
 */

import assert from "node:assert/strict";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import type * as Exercise from "./future.ts";

/** Run `body` with uncaught-error reports caught; returns what was reported. */
function catchReports(body: () => void): unknown[] {
  const reported: unknown[] = [];
  const listener = (event: ErrorEvent) => {
    event.preventDefault();
    reported.push(event.error);
  };
  globalThis.addEventListener("error", listener);
  try {
    body();
  } finally {
    globalThis.removeEventListener("error", listener);
  }
  return reported;
}

function throwsMessage(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return undefined;
}

export default defineGrader<typeof Exercise>({
  "a new Future is pending; setResult fulfils it with that value": ({ Future }) => {
    const future = new Future<number>();
    assert.deepEqual([future.state, future.done], ["pending", false], "[state, done] when new");
    future.setResult(42);
    assert.deepEqual(
      [future.state, future.done],
      ["fulfilled", true],
      "[state, done] after setResult(42)",
    );
    assert.equal(future.result(), 42, "result() after setResult(42)");
    assert.equal(future.exception(), undefined, "exception() after setResult(42)");
  },
  "setError rejects it: result() rethrows that error, exception() returns it": ({ Future }) => {
    const future = new Future<number>();
    const boom = new Error("boom");
    future.setError(boom);
    assert.deepEqual(
      [future.state, future.done],
      ["rejected", true],
      "[state, done] after setError",
    );
    assert.equal(future.exception(), boom, "exception() after setError(boom)");
    assert.throws(() => future.result(), (e) => e === boom, "result() must throw the very error");
  },
  "result() and exception() throw while it is pending": ({ Future }) => {
    const future = new Future();
    assert.equal(future.state, "pending", "state of a new Future");
    assert.ok(throwsMessage(() => future.result()), "result() on a pending Future must throw");
    assert.ok(
      throwsMessage(() => future.exception()),
      "exception() on a pending Future must throw",
    );
  },
  "it is completed once: a second setResult or setError throws and changes nothing": (
    { Future },
  ) => {
    for (const second of ["setResult", "setError"] as const) {
      const future = new Future<string>();
      let calls = 0;
      future.addDoneCallback(() => calls++);
      future.setResult("first");
      const message = throwsMessage(() =>
        second === "setResult" ? future.setResult("second") : future.setError(new Error("second"))
      );
      if (message === undefined) {
        throw new Mistake(
          `${second}() on a fulfilled Future returned quietly: a Future is completed once, so the second completion must throw`,
        );
      }
      assert.deepEqual(
        [future.state, future.result(), calls],
        ["fulfilled", "first", 1],
        `[state, result(), callback calls] after setResult("first") then ${second}()`,
      );
    }
  },
  "done callbacks run once each, in the order added, inside setResult": ({ Future }) => {
    const log: string[] = [];
    const future = new Future<string>();
    future.addDoneCallback((f) => log.push(`first saw ${f.result()}`));
    future.addDoneCallback((f) => log.push(`second saw ${f.result()}`));
    assert.deepEqual(log.length, 0, "callbacks called before the Future is done");
    log.push("setResult starts");
    future.setResult("x");
    log.push("setResult returned");
    assert.deepEqual(
      log,
      ["setResult starts", "first saw x", "second saw x", "setResult returned"],
      "the order of events around setResult",
    );
  },
  "a callback added after completion runs at once": ({ Future }) => {
    const future = new Future<string>();
    future.setError(new Error("late"));
    const seen: string[] = [];
    future.addDoneCallback((f) => seen.push(`${f.state}: ${(f.exception() as Error).message}`));
    if (seen.length === 0) {
      throw new Mistake(
        "a callback added after completion was never called: the Future is done, so call it at once",
      );
    }
    assert.deepEqual(seen, ["rejected: late"], "what the late callback saw");
  },
  "a callback that throws is reported, and the callbacks after it still run": ({ Future }) => {
    const future = new Future<number>();
    const seen: number[] = [];
    const broken = new Error("broken callback");
    future.addDoneCallback(() => {
      throw broken;
    });
    future.addDoneCallback((f) => seen.push(f.result()));
    let thrown: unknown = undefined;
    const reported = catchReports(() => {
      try {
        future.setResult(7);
      } catch (error) {
        thrown = error;
      }
    });
    if (thrown !== undefined || seen.length === 0) {
      throw new Mistake(
        `one callback threw ${thrown === undefined ? "" : `(and setResult threw ${thrown}) `}` +
          `and the callbacks after it ${seen.length === 0 ? "never ran" : "ran"}: ` +
          "catch each callback's error, reportError() it, and go on with the next",
      );
    }
    assert.deepEqual(seen, [7], "what the second callback saw");
    assert.deepEqual(reported, [broken], "errors passed to reportError()");
  },
  "removeDoneCallback forgets a callback before it runs": ({ Future }) => {
    const future = new Future<number>();
    const log: string[] = [];
    const a = () => log.push("a");
    const b = () => log.push("b");
    future.addDoneCallback(a);
    future.addDoneCallback(b);
    assert.equal(future.removeDoneCallback(a), true, "removeDoneCallback(a) the first time");
    assert.equal(future.removeDoneCallback(a), false, "removeDoneCallback(a) again");
    future.setResult(1);
    assert.deepEqual(log, ["b"], "callbacks run after removing a");
  },
  "await works on it: the value, the error, and a Future completed later": async ({ Future }) => {
    const ready = new Future<string>();
    ready.setResult("ready");
    assert.equal(
      await settled(ready, "await of a fulfilled Future"),
      "ready",
      "await of a fulfilled Future",
    );
    const failed = new Future<string>();
    const boom = new Error("boom");
    failed.setError(boom);
    await assert.rejects(
      () => settled(failed, "await of a rejected Future"),
      (e) => e === boom,
      "await of a rejected Future",
    );
    const later = new Future<number>();
    const timer = setTimeout(() => later.setResult(3), 0);
    try {
      assert.equal(
        await settled(later, "await of a Future completed later", 20),
        3,
        "await of a later Future",
      );
    } finally {
      clearTimeout(timer);
    }
    assert.equal(
      await settled(later.then((v) => v * 2), "later.then(v => v * 2)"),
      6,
      "later.then(v => v * 2)",
    );
  },
});

/**
 * Await `thenable`, but fail in words if it has not settled by the time a
 * timer of `ms` fires. Not a time limit: a done Future settles in
 * microtasks, which all run before any timer; `ms` only orders this timer
 * after the one that completes a later Future.
 */
async function settled<T>(thenable: PromiseLike<T>, what: string, ms = 0): Promise<T> {
  const pending = Symbol("pending");
  let timer: ReturnType<typeof setTimeout> | undefined;
  const sentinel = new Promise<typeof pending>((resolve) =>
    timer = setTimeout(() => resolve(pending), ms)
  );
  try {
    const outcome = await Promise.race([thenable, sentinel]);
    if (outcome === pending) {
      throw new Mistake(
        `${what} never settled: then() must call onFulfilled/onRejected once the Future is done, even when it was done before then() was called`,
      );
    }
    return outcome as T;
  } finally {
    clearTimeout(timer);
  }
}
