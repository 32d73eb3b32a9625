/**
 * Grader for 09-futures/future. Run it: `deno task grade 09-futures/future`.
 *
 * A protocol suite: each check is one rule of the Future protocol, tried on
 * your class. The course's self-check runs this same suite against the
 * kernel's `Future` (`lessons/09-futures/future_suite_test.ts`), so a rule
 * here is a rule the reference keeps. The last check generates scripts of
 * calls (`runner/grading/future_scripts.ts`) and runs each on your class and
 * on the kernel's `Future`: the two logs of what every callback and call saw
 * must be the same.
 *
 * @module
 */

import assert from "node:assert/strict";
import { Future as KernelFuture } from "../../kernel/future.ts";
import { explore } from "../../runner/grading/explore.ts";
import {
  type FutureClass,
  futureScriptArbitrary,
  renderFutureScript,
  runFutureScript,
} from "../../runner/grading/future_scripts.ts";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import type * as Exercise from "./future.ts";

/** Catch uncaught-error reports from now on; `stop()` ends it. */
function reportCatcher(): { reported: unknown[]; stop(): void } {
  const reported: unknown[] = [];
  const listener = (event: ErrorEvent) => {
    event.preventDefault();
    reported.push(event.error);
  };
  globalThis.addEventListener("error", listener);
  return { reported, stop: () => globalThis.removeEventListener("error", listener) };
}

/** Run `body` with uncaught-error reports caught; returns what was reported. */
function catchReports(body: () => void): unknown[] {
  const catcher = reportCatcher();
  try {
    body();
  } finally {
    catcher.stop();
  }
  return catcher.reported;
}

/** {@linkcode catchReports}, with the listener kept on until a timer fires after `body`. */
async function catchReportsUntilTimer(body: () => void): Promise<unknown[]> {
  const catcher = reportCatcher();
  try {
    body();
    await new Promise((resolve) => setTimeout(resolve, 0));
  } finally {
    catcher.stop();
  }
  return catcher.reported;
}

/** A sentence on the likely mistake where two logs part, or `undefined`. */
function explainLogs(
  truth: readonly string[],
  yours: readonly string[],
  at: number,
): string | undefined {
  const expected = truth[at] ?? "";
  const actual = yours[at] ?? "";
  const before = truth.slice(0, at);
  const saw = /^cb\d+ saw /;
  const completion = before.find((line) => /^set(Result|Error)\(.*\) returned$/.test(line));
  if (/^reported /.test(actual) && !/^reported Error\(cb\d+ broke\)/.test(actual)) {
    return `something your Future itself registered threw ${
      actual.slice("reported ".length)
    } while it completed (then()'s own callback?): then() must hand a rejected Future's error to reject (or onRejected), never call result() on it`;
  }
  if (/^addDoneCallback\(cb\d+\) threw /.test(actual) && /^reported /.test(expected)) {
    return "a late callback that throws is reported with reportError(), as the callbacks setResult runs are: its error never comes out of addDoneCallback";
  }
  if (saw.test(actual) && !saw.test(expected) && completion !== undefined) {
    return "a callback added after completion runs once, by itself (then() adds one too): the callbacks before it have already run. Empty the list once the Future completes, so a late addDoneCallback never calls them again";
  }
  const name = expected.match(/^(cb\d+) saw /)?.[1];
  if (name !== undefined && before.some((line) => line.startsWith(`removeDoneCallback(${name})`))) {
    return "removeDoneCallback forgets one registration of a callback not yet called (the first, if it was added twice), and says whether there was one";
  }
  if (saw.test(expected) && !saw.test(actual) && completion !== undefined) {
    const falsy = /^set\w+\((undefined|0|""|null|false)\)/.test(completion);
    return `the Future is done (${completion}), so the callback runs at once${
      falsy
        ? ": a Future is done once setResult or setError is called, whatever the value or error (undefined, 0 and null included): keep the state in its own field, not in whether a value is set"
        : ""
    }`;
  }
  if (/^state /.test(expected) && /^state /.test(actual)) {
    return "a Future is done once setResult or setError is called, whatever the value or error (undefined, 0 and null included): keep the state in its own field, not in whether a value is set";
  }
  if (/^cb\d+: removeDoneCallback\(.*\) returned false$/.test(expected)) {
    return "a callback removed another while the Future ran its callbacks: the Future is done by then, and nothing is waiting any more, so removeDoneCallback returns false and every callback taken still runs. Take the list (and empty it) before you call the callbacks, not after";
  }
  if (/^removeDoneCallback/.test(expected)) {
    return "once the Future is done, every callback has been called and forgotten, so removeDoneCallback returns false";
  }
  if (/^then: /.test(actual) && !/^then: /.test(expected)) {
    return "then() callbacks run later, as a Promise's do: never inside setResult or setError";
  }
  if (/ saw pending/.test(actual)) {
    return "the callbacks must see the Future done: store the outcome before calling them";
  }
  return undefined;
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
    const reported = catchReports(() => future.setResult("x"));
    if (reported.length > 0) {
      throw new Mistake(
        `a done callback threw (${
          reported[0]
        }) when setResult called it: store the outcome before you call the callbacks, so they see the Future done`,
      );
    }
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
  "a late callback that throws is reported, never thrown out of addDoneCallback": async (
    { Future },
  ) => {
    const future = new Future<number>();
    future.setResult(7);
    const broken = new Error("broken late callback");
    const escaped: unknown[] = [];
    // Why wait a macrotask with the listener on: an error reported later
    // (a callback queued instead of called) must not crash a later check.
    const reported = await catchReportsUntilTimer(() => {
      try {
        future.addDoneCallback(() => {
          throw broken;
        });
      } catch (error) {
        escaped.push(error);
      }
    });
    if (escaped.length > 0) {
      throw new Mistake(
        `addDoneCallback threw (${
          escaped[0]
        }) on a Future already done: the late callback's error came out of it. Catch what a late callback throws, reportError() it, as setResult does for the callbacks it runs, and return normally`,
      );
    }
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
  "await works on it: the value, the error, and a Future completed later": ({ Future }) =>
    failOnReports("then()'s done callback", () => awaitChecks(Future)),
  "your Future agrees with the kernel's on generated scripts of callbacks, completions, removals and reads":
    ({ Future }) =>
      explore({
        truth: "the kernel's Future",
        arbitrary: futureScriptArbitrary(),
        runs: 100,
        compare: async (script) => {
          const truth = await runFutureScript(KernelFuture as unknown as FutureClass, script);
          const yours = await runFutureScript(Future as unknown as FutureClass, script);
          const at = truth.findIndex((line, i) => yours[i] !== line);
          if (at < 0 && yours.length === truth.length) return undefined;
          const where = at < 0 ? truth.length : at;
          const why = explainLogs(truth, yours, where);
          throw new Mistake(
            [
              `on this script the logs part at line ${where + 1}:`,
              ...truth.slice(Math.max(0, where - 3), where).map((line) => `             ${line}`),
              `  expected   ${truth[where] ?? "(nothing: the kernel's log ends here)"}`,
              `  received   ${yours[where] ?? "(nothing: your log ends here)"}`,
              ...(why === undefined ? [] : [why]),
            ].join("\n"),
          );
        },
        snippet: (script, from) => [
          `import { Future as KernelFuture } from "./kernel/future.ts";`,
          `import { Future as YourFuture } from "${from}";`,
          "",
          ...renderFutureScript(script),
          "",
          `console.log("the kernel's Future:", await script(KernelFuture));`,
          `console.log("yours:", await script(YourFuture as unknown as typeof KernelFuture));`,
        ],
      }),
});

/** The `await` check's body (see the check of that name). */
async function awaitChecks(Future: typeof Exercise.Future): Promise<void> {
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
  let timer: ReturnType<typeof setTimeout> | undefined;
  const completed = new Promise<void>((resolve) =>
    timer = setTimeout(() => {
      later.setResult(3);
      resolve();
    }, 0)
  );
  try {
    assert.equal(
      await settled(later, "await of a Future completed later", completed),
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
}

/** Run `body` with uncaught-error reports caught; a Mistake naming `who` if anything was reported. */
async function failOnReports(who: string, body: () => Promise<void>): Promise<void> {
  const reported: unknown[] = [];
  const listener = (event: ErrorEvent) => {
    event.preventDefault();
    reported.push(event.error);
  };
  globalThis.addEventListener("error", listener);
  let failure: unknown = undefined;
  try {
    await body();
  } catch (error) {
    failure = error;
  } finally {
    globalThis.removeEventListener("error", listener);
  }
  // Why the report wins over the body's own failure: a callback that threw
  // was reported, so the Promise it should have settled never settles; the
  // report names the cause, "never settled" only the symptom.
  if (reported.length > 0) {
    throw new Mistake(
      `${who} threw (${
        reported[0]
      }), so the await it serves never settled: the callbacks must see the Future done (store the outcome before you call them), and then() must hand a rejected Future's error to reject (or onRejected), never call result() on it`,
    );
  }
  if (failure !== undefined) throw failure;
}

/**
 * Await `thenable`, but fail in words if it has not settled one macrotask
 * after `done` (the Future's completion; by default, now). Not a time limit:
 * a done Future settles its `then()` in microtasks, which all run before the
 * next macrotask, so the order of events decides, however loaded the machine.
 */
async function settled<T>(
  thenable: PromiseLike<T>,
  what: string,
  done: Promise<void> = Promise.resolve(),
): Promise<T> {
  const pending = Symbol("pending");
  let timer: ReturnType<typeof setTimeout> | undefined;
  let over = false;
  const sentinel = done.then(() =>
    new Promise<typeof pending>((resolve) => {
      if (!over) timer = setTimeout(() => resolve(pending), 0);
    })
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
    over = true;
    clearTimeout(timer);
  }
}
