/**
 * Grader for 12-async-from-generators/run. Run it:
 * `deno task grade 12-async-from-generators/run`.
 *
 * Side by side with the real thing: each check runs one body twice, once
 * as a native `async function` (with `await`) and once as a generator
 * driven by your `run` (with `yield`), each beside the same chain of native
 * microtasks (`tick 1`, `tick 2`, ...). Both runs must log the same events in
 * the same order: when the body starts, where each step lands among the
 * ticks, and how and when the promise settles.
 *
 * @module
 */

import assert from "node:assert/strict";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import { explore, fc } from "../../runner/grading/explore.ts";
import { logLine } from "../../runner/grading/awaitables.ts";
import {
  bodies,
  type Body,
  snippet,
  trace as traceBodies,
} from "../../runner/grading/async_bodies.ts";
import type * as Exercise from "./run.ts";

type Log = (line: string) => void;

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function show(value: unknown): string {
  return value instanceof Error ? `${value.name}: ${value.message}` : Deno.inspect(value);
}

/**
 * Start the bodies `start` returns, beside ten native microtask ticks, and
 * log everything until the event loop has run every microtask.
 */
async function trace(start: (log: Log) => Promise<unknown>[]): Promise<string[]> {
  const lines: string[] = [];
  const log: Log = (line) => lines.push(line);
  let tick = Promise.resolve();
  for (let i = 1; i <= 10; i++) tick = tick.then(() => void log(`tick ${i}`));
  const quiet = (event: PromiseRejectionEvent) => event.preventDefault();
  globalThis.addEventListener("unhandledrejection", quiet);
  try {
    log("call");
    const promises = start(log);
    log("call returned");
    promises.forEach((p, i) => {
      const name = promises.length > 1 ? `#${i + 1} ` : "";
      p.then((v) => log(`${name}fulfilled ${show(v)}`), (e) => log(`${name}rejected ${show(e)}`));
    });
    await macrotask();
    return lines;
  } finally {
    await macrotask(); // let Deno report any rejection while `quiet` still listens
    globalThis.removeEventListener("unhandledrejection", quiet);
  }
}

/** Compare a body run by `run` with the same body as a native async function. */
async function sideBySide(
  yours: (log: Log) => Promise<unknown>[],
  native: (log: Log) => Promise<unknown>[],
  what: string,
  diagnose?: (yours: string[], native: string[]) => string | undefined,
): Promise<void> {
  const expected = await trace(native);
  const actual = await trace(yours);
  const mistake = diagnose?.(actual, expected);
  if (mistake && JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Mistake(
      `${mistake}\n  native async function: ${expected.join(" | ")}\n  your run():            ${
        actual.join(" | ")
      }`,
    );
  }
  assert.deepEqual(
    actual,
    expected,
    `${what} (actual: your run(); expected: native async function)`,
  );
}

export default defineGrader<typeof Exercise>({
  "the body starts at once, inside the call, and its return value fulfils the promise": (
    { run },
  ) =>
    sideBySide(
      // deno-lint-ignore require-yield -- a body with no yield is the case under test
      (log) => [run(function* () {
        log("body runs");
        return "done";
      })],
      // deno-lint-ignore require-await -- a body with no await is the case under test
      (log) => [(async () => {
        log("body runs");
        return "done";
      })()],
      "events for a body with no yield",
    ),
  "a yield of a plain value still waits one microtask, as await does": ({ run }) =>
    sideBySide(
      (log) => [run(function* () {
        log("before");
        const x = yield 1;
        log(`after, got ${x}`);
        return (x as number) + 1;
      })],
      (log) => [(async () => {
        log("before");
        const x = await 1;
        log(`after, got ${x}`);
        return x + 1;
      })()],
      "events for `const x = yield 1` vs `await 1`: a yield of a plain value still waits one microtask, as await does",
    ),
  "fulfilled promises and thenables come back as the value of the yield, on time": ({ run }) => {
    const thenable = (v: string) => ({ then: (resolve: (v: string) => void) => resolve(v) });
    return sideBySide(
      (log) => [run(function* () {
        log(`got ${yield Promise.resolve("promise")}`);
        log(`got ${yield thenable("thenable")}`);
        log(`got ${yield Promise.resolve().then(() => "chain")}`);
        return "end";
      })],
      (log) => [(async () => {
        log(`got ${await Promise.resolve("promise")}`);
        log(`got ${await thenable("thenable")}`);
        log(`got ${await Promise.resolve().then(() => "chain")}`);
        return "end";
      })()],
      "events for three yields: a resolved promise, a thenable, a promise one then() away",
    );
  },
  "a rejection runs the generator's finally blocks before the promise rejects": ({ run }) =>
    sideBySide(
      (log) => [run(function* () {
        try {
          yield Promise.reject(new Error("nope"));
          log("not reached");
        } finally {
          log("cleanup starts");
          yield null;
          log("cleanup ends");
        }
      })],
      (log) => [(async () => {
        try {
          await Promise.reject(new Error("nope"));
          log("not reached");
        } finally {
          log("cleanup starts");
          await null;
          log("cleanup ends");
        }
      })()],
      "events for a rejection inside try/finally whose finally yields",
      (yours) =>
        !yours.includes("cleanup starts")
          ? "the rejection was never thrown back into the generator at the yield: its finally block did not even start"
          : !yours.includes("cleanup ends") ||
              yours.indexOf("rejected Error: nope") < yours.indexOf("cleanup ends")
          ? "the promise settled before the generator's finally block finished: throw the rejection into the generator and settle only when the body is done"
          : undefined,
    ),
  "a rejection is thrown back in at the yield, where try/catch can handle it": ({ run }) =>
    sideBySide(
      (log) => [run(function* () {
        try {
          yield Promise.reject(new Error("first try failed"));
        } catch (error) {
          log(`caught ${show(error)}`);
        }
        const again = yield Promise.resolve("second try");
        return `recovered with ${again}`;
      })],
      (log) => [(async () => {
        try {
          await Promise.reject(new Error("first try failed"));
        } catch (error) {
          log(`caught ${show(error)}`);
        }
        const again = await Promise.resolve("second try");
        return `recovered with ${again}`;
      })()],
      "events for a rejection caught around the yield",
      (yours) =>
        !yours.some((line) => line.startsWith("caught"))
          ? "the rejection was not thrown back into the generator at the yield: its try/catch never saw it (use gen.throw(error))"
          : undefined,
    ),
  "whatever the body throws rejects the promise, Error or not, the very same value": async (
    { run },
  ) => {
    const thrown = { code: 42 };
    const reason = await run(function* () {
      yield null;
      throw thrown;
    }).then(
      () => new Mistake("run() fulfilled though its body threw { code: 42 }"),
      (error) => error,
    );
    if (reason instanceof Mistake) throw reason;
    if (reason !== thrown) {
      throw new Mistake(
        `the body threw the object { code: 42 }; run() rejected with ${
          show(reason)
        } instead: reject with exactly what was thrown, wrapped in nothing`,
      );
    }
    await sideBySide(
      (log) => [
        // deno-lint-ignore require-yield -- a body with no yield is the case under test
        run(function* () {
          log("throwing a string");
          throw "plain string";
        }),
        run(function* () {
          yield null;
          throw 7;
        }),
      ],
      (log) => [
        // deno-lint-ignore require-await -- a body with no await is the case under test
        (async () => {
          log("throwing a string");
          throw "plain string";
        })(),
        (async () => {
          await null;
          throw 7;
        })(),
      ],
      "events for a body that throws a string at once, and one that throws 7 after a yield",
    );
  },
  "run() never throws itself: a body that throws at once gives a rejected promise": ({ run }) => {
    let promise: Promise<unknown>;
    try {
      // deno-lint-ignore require-yield -- a body with no yield is the case under test
      promise = run(function* () {
        throw new TypeError("at once");
      });
    } catch (error) {
      throw new Mistake(
        `run() threw ${
          show(error)
        } out of the call: an async function never throws, it returns a rejected promise`,
      );
    }
    return promise.then(
      () => {
        throw new Mistake("run() fulfilled though its body threw TypeError: at once");
      },
      (error) => assert.equal(show(error), "TypeError: at once", "the rejection reason"),
    );
  },
  "several runs settle and reject in the same order as native async functions": ({ run }) => {
    const slow = (n: number) => {
      let p: Promise<number> = Promise.resolve(0);
      for (let i = 0; i < n; i++) p = p.then((x) => x + 1);
      return p;
    };
    return sideBySide(
      (log) => [
        run(function* (name: string) {
          yield slow(3);
          log(`${name} fails`);
          throw new Error(name);
        }, "A"),
        run(function* (name: string) {
          yield slow(1);
          log(`${name} fails`);
          throw new Error(name);
        }, "B"),
        run(function* () {
          const a = yield slow(2);
          return Promise.resolve(`C adopts a promise after ${a} steps`);
        }),
      ],
      (log) => [
        (async (name: string) => {
          await slow(3);
          log(`${name} fails`);
          throw new Error(name);
        })("A"),
        (async (name: string) => {
          await slow(1);
          log(`${name} fails`);
          throw new Error(name);
        })("B"),
        (async () => {
          const a = await slow(2);
          return Promise.resolve(`C adopts a promise after ${a} steps`);
        })(),
      ],
      "events for three bodies: A rejects late, B rejects early, C returns a promise",
    );
  },
  "run agrees with native async functions on generated bodies: awaits of values, promises and odd thenables, try/catch/finally, return and throw":
    async ({ run }) => {
      const quiet = (event: PromiseRejectionEvent) => event.preventDefault();
      globalThis.addEventListener("unhandledrejection", quiet);
      try {
        // One body at a time first, so a counterexample is as small as it
        // can be; then two at once, for state shared between runs.
        for (
          const [arbitrary, runs] of [
            [bodies.map((body) => [body]), 80],
            [fc.tuple(bodies, bodies), 20],
          ] as const
        ) {
          await explore({
            truth: "native async functions",
            arbitrary: arbitrary as fc.Arbitrary<Body[]>,
            compare: async (list) => {
              const native = await traceBodies(list);
              const yours = await traceBodies(list, (genFn) => run(genFn));
              return JSON.stringify(native) === JSON.stringify(yours) ? undefined : {
                truth: logLine(native),
                yours: logLine(yours),
                what: "the events, among native ticks",
              };
            },
            snippet,
            runs,
          });
        }
      } finally {
        await macrotask();
        globalThis.removeEventListener("unhandledrejection", quiet);
      }
    },
});
