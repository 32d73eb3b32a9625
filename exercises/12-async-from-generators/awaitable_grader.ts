/**
 * Grader for 12-async-from-generators/awaitable. Run it:
 * `deno task grade 12-async-from-generators/awaitable`.
 *
 * Your `Lazy` is handed to the two consumers the lesson names: a native
 * `await`, and the course kernel's `wait()` inside a kernel task (run on
 * the virtual clock). Both must get the same value, or the same error
 * thrown in. A counting `start` shows when, and how often, it was called.
 *
 * @module
 */

import assert from "node:assert/strict";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import { run, wait } from "../../kernel/mod.ts";
import type * as Exercise from "./awaitable.ts";

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A `start` function that counts its calls and gives `outcome()`. */
function counted<T>(outcome: () => T | PromiseLike<T>) {
  const start = () => {
    start.calls++;
    return outcome();
  };
  start.calls = 0;
  return start;
}

/** `await x`, as a string: `value 42` or `threw <reason>`, keeping the reason. */
async function awaited(x: PromiseLike<unknown>): Promise<{ value?: unknown; reason?: unknown }> {
  try {
    return { value: await x };
  } catch (reason) {
    return { reason };
  }
}

type Check = (module: typeof Exercise) => Promise<void> | void;

/** Run each check with Deno's fatal unhandled rejections silenced, then restored. */
function quietly(checks: Record<string, Check>): Record<string, Check> {
  return Object.fromEntries(
    Object.entries(checks).map(([name, check]) => [name, async (module) => {
      const quiet = (event: PromiseRejectionEvent) => event.preventDefault();
      globalThis.addEventListener("unhandledrejection", quiet);
      try {
        await check(module);
      } finally {
        await macrotask();
        globalThis.removeEventListener("unhandledrejection", quiet);
      }
    }]),
  );
}

export default defineGrader<typeof Exercise>(quietly({
  "nothing starts before the first then() or await": async ({ lazy }) => {
    const start = counted(() => "value");
    const value = lazy(start);
    await macrotask();
    if (start.calls > 0) {
      throw new Mistake(
        `start() ran ${start.calls} time(s) before anyone awaited: a Lazy starts on its first then(), not when it is made`,
      );
    }
    assert.equal(value.started, false, "lazy(start).started before any then()");
    assert.equal(await value, "value", "await lazy(() => 'value')");
    assert.equal(value.started, true, "started after an await");
  },
  "native await gets the value, from a plain value or a promise": async ({ lazy }) => {
    assert.equal(await lazy(() => 42), 42, "await lazy(() => 42)");
    assert.equal(
      await lazy(() => Promise.resolve().then(() => "later")),
      "later",
      "await lazy(() => a promise for 'later')",
    );
  },
  "native await throws what start threw or rejected with, Error or not": async ({ lazy }) => {
    const thrown = { code: 7 };
    const a = await awaited(lazy(() => {
      throw thrown;
    }));
    assert.ok(
      a.reason === thrown,
      `await of a Lazy whose start throws { code: 7 } gave ${Deno.inspect(a)}`,
    );
    const error = new Error("rejected");
    const b = await awaited(lazy(() => Promise.reject(error)));
    assert.ok(b.reason === error, `await of a Lazy whose start rejects gave ${Deno.inspect(b)}`);
  },
  "then() never throws, even when start throws": ({ lazy }) => {
    const value = lazy(() => {
      throw new Error("inside start");
    });
    let result: unknown;
    try {
      result = value.then(undefined, () => "handled");
    } catch (error) {
      throw new Mistake(
        `then() threw ${String(error)} out of the call: a throw in start must become a rejection`,
      );
    }
    assert.ok(result instanceof Promise, "then() returns a Promise");
  },
  "start runs once, however many times it is awaited": async ({ lazy }) => {
    const start = counted(() => Promise.resolve("once"));
    const value = lazy(start);
    const all = await Promise.all([value, value, value.then((v) => v)]);
    assert.deepEqual(all, ["once", "once", "once"], "three awaits of one Lazy");
    assert.equal(await value, "once", "a fourth await, later");
    if (start.calls !== 1) {
      throw new Mistake(
        `start() ran ${start.calls} times for four awaits of one Lazy: start once and keep the outcome`,
      );
    }
  },
  "then() callbacks run asynchronously, even once the value is known": async ({ lazy }) => {
    const value = lazy(() => "known");
    await value;
    const log: string[] = [];
    const chained = value.then((v) => log.push(`callback got ${v}`));
    log.push("then() returned");
    await chained;
    if (log[0] !== "then() returned") {
      throw new Mistake(
        `the callback ran synchronously, inside then() (${
          log.join(", ")
        }): callbacks must wait for a microtask, as a promise's do`,
      );
    }
  },
  "then() returns a promise that chains, passing values and reasons on": async ({ lazy }) => {
    assert.equal(
      await lazy(() => 2).then((x) => x * 3).then((x) => x + 1),
      7,
      "lazy(() => 2).then(x => x * 3).then(x => x + 1)",
    );
    assert.equal(await lazy(() => 5).then(), 5, "lazy(() => 5).then() with no callbacks");
    const reason = await lazy<number>(() => {
      throw new Error("passed on");
    }).then((x) => x + 1).then(() => "not this", (e: Error) => e.message);
    assert.equal(reason, "passed on", "a rejection passed through a then() with no onRejected");
  },
  "the kernel's wait() accepts it: the value, or the error thrown in at the yield*": async (
    { lazy },
  ) => {
    const start = counted(() => Promise.resolve("from the kernel"));
    const result = await run(function* main() {
      const value = yield* wait(lazy(start));
      let caught = "nothing";
      try {
        yield* wait(lazy(() => {
          throw new Error("thrown in");
        }));
      } catch (error) {
        caught = (error as Error).message;
      }
      return { value, caught };
    }, { clock: "virtual" });
    assert.deepEqual(
      result,
      { value: "from the kernel", caught: "thrown in" },
      "a kernel task's yield* wait(lazy(...)) for a value and for a throw",
    );
    assert.equal(start.calls, 1, "calls of start under the kernel");
  },
}));
