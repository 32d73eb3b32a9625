/**
 * Grader for 11-promises/my_promise: the course's Promise conformance suite.
 * Run it: `deno task grade 11-promises/my_promise`.
 *
 * Every check is written against a promise class `P` with the native
 * Promise's API, and only uses what both promise kinds have. Your
 * `MyPromise` is graded with it; `lessons/11-promises/conformance_test.ts`
 * runs the very same checks with `P = Promise`, so every expectation here
 * is proven to be what the native Promise does.
 *
 * The timing checks log events from chains of `P` beside a chain of native
 * promise callbacks (`tick 1`, `tick 2`, ...) queued in the same turn: the
 * two kinds of callbacks must interleave exactly as two native chains do.
 * "Settled" always means: within the turn, once every microtask has run
 * (checked after a `setTimeout(0)`), never by the wall clock.
 *
 * @module
 */

import assert from "node:assert/strict";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import { explore } from "../../runner/grading/explore.ts";
import { logLine } from "../../runner/grading/awaitables.ts";
import { programs, programSnippet, runProgram } from "../../runner/grading/promise_programs.ts";
import type * as Exercise from "./my_promise.ts";

type P = typeof Exercise.MyPromise;
type Log = (line: string) => void;

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function show(value: unknown): string {
  return value instanceof Error ? `${value.name}: ${value.message}` : Deno.inspect(value);
}

/**
 * How `promise` settled once every microtask of this turn has run:
 * `fulfilled 1`, `rejected Error: x`. A promise still pending then is a
 * mistake, named with `what`.
 */
async function settled(promise: PromiseLike<unknown>, what: string): Promise<string> {
  let seen: string | undefined;
  promise.then(
    (v) => void (seen = `fulfilled ${show(v)}`),
    (e) => void (seen = `rejected ${show(e)}`),
  );
  await macrotask();
  if (seen === undefined) {
    throw new Mistake(
      `${what} never settled: after every microtask had run, it was still pending`,
    );
  }
  return seen;
}

/**
 * The reason `promise` rejected with, in a box (a bare promise as a reason
 * would be adopted by `await`), or a Mistake.
 */
async function reasonOf(promise: PromiseLike<unknown>, what: string): Promise<{ reason: unknown }> {
  let box: { reason: unknown } | undefined;
  const state = await settled(
    promise.then(undefined, (reason) => {
      box = { reason };
    }),
    what,
  );
  if (box === undefined) throw new Mistake(`${what} did not reject (${state} instead)`);
  return box;
}

/**
 * Run `scenario` beside twelve native ticks queued in the same turn, and
 * return the log once every microtask has run.
 */
async function interleaving(scenario: (log: Log) => void): Promise<string[]> {
  const lines: string[] = [];
  const log: Log = (line) => lines.push(line);
  scenario(log);
  let tick = Promise.resolve();
  for (let i = 1; i <= 12; i++) tick = tick.then(() => log(`tick ${i}`));
  await macrotask();
  while (lines.at(-1)?.startsWith("tick")) lines.pop(); // trailing ticks say nothing
  return lines;
}

type Check = (module: typeof Exercise) => Promise<void> | void;

/** A hand-made thenable, typed as one (TypeScript wants then's full signature). */
const thenable = (object: object) => object as PromiseLike<unknown>;

/**
 * Run every check with an `unhandledrejection` handler that calls
 * `preventDefault()`: Deno treats an unhandled rejection as fatal, and the
 * suite leaves some unhandled on purpose. It is removed again once a
 * macrotask has let Deno report the check's rejections.
 */
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

/** The checks, in an order that builds up: each relies only on those before it. */
export const checks: Record<string, Check> = {
  "the executor runs at once, inside the constructor": ({ MyPromise }) => {
    const log: string[] = [];
    new MyPromise<void>(() => log.push("executor"));
    log.push("after new");
    assert.deepEqual(
      log,
      ["executor", "after new"],
      "the order of the executor and the line after new",
    );
  },
  "then callbacks never run synchronously, even on a settled promise": async ({ MyPromise }) => {
    const log: string[] = [];
    const p = new MyPromise<string>((resolve) => resolve("now"));
    p.then((v) => log.push(`callback got ${v}`));
    log.push("then() returned");
    if (log[0] !== "then() returned") {
      throw new Mistake(
        `a then callback ran synchronously, inside then() (the log: ${
          log.join(", ")
        }): callbacks must wait for a microtask (queueMicrotask), even when the promise is already settled`,
      );
    }
    await settled(p, "new MyPromise(resolve => resolve('now'))");
    assert.deepEqual(log, ["then() returned", "callback got now"], "the log once microtasks ran");
  },
  "resolve fulfils once: later resolve and reject calls are ignored": async ({ MyPromise }) => {
    const p = new MyPromise<number>((resolve, reject) => {
      resolve(1);
      resolve(2);
      reject(new Error("late"));
    });
    assert.equal(await settled(p, "p"), "fulfilled 1", "resolve(1); resolve(2); reject(late)");
    const q = new MyPromise<number>((resolve, reject) => {
      reject(new Error("first"));
      resolve(3);
    });
    assert.equal(await settled(q, "q"), "rejected Error: first", "reject(first); resolve(3)");
  },
  "resolve(thenable) locks the promise in: a later reject or throw is ignored while it waits":
    async (
      { MyPromise },
    ) => {
      const never = thenable({ then() {} }); // a thenable that never calls back
      const p = new MyPromise((resolve, reject) => {
        resolve(never);
        reject(new Error("late"));
      });
      const q = new MyPromise((resolve) => {
        resolve(never);
        throw new Error("thrown after resolve");
      });
      for (
        const [what, promise] of [[
          "new P((res, rej) => { res(pendingThenable); rej(Error: late); })",
          p,
        ], [
          "new P((res) => { res(pendingThenable); throw Error: thrown after resolve; })",
          q,
        ]] as const
      ) {
        let seen = "still pending";
        promise.then((v) => seen = `fulfilled ${show(v)}`, (e) => seen = `rejected ${show(e)}`);
        await macrotask();
        if (seen !== "still pending") {
          throw new Mistake(
            `${what} ${seen}, where the native Promise stays pending, locked in to the thenable: resolve(thenable) uses up the resolve/reject pair although the promise is not settled yet. Guard the pair with an "already resolved" flag, not with the promise's state`,
          );
        }
      }
    },
  "a throw in the executor rejects; a throw after resolve is ignored": async ({ MyPromise }) => {
    const p = new MyPromise(() => {
      throw new TypeError("in executor");
    });
    assert.equal(await settled(p, "p"), "rejected TypeError: in executor", "executor throws");
    const q = new MyPromise<string>((resolve) => {
      resolve("kept");
      throw new Error("ignored");
    });
    assert.equal(await settled(q, "q"), `fulfilled "kept"`, "executor resolves, then throws");
  },
  "then callbacks run in the order they were added, before and after settling": async (
    { MyPromise },
  ) => {
    const log: string[] = [];
    let resolve!: (value: string) => void;
    const p = new MyPromise<string>((r) => resolve = r);
    p.then((v) => log.push(`a ${v}`));
    p.then((v) => log.push(`b ${v}`));
    resolve("x");
    p.then((v) => log.push(`c ${v}`));
    await settled(p, "p");
    p.then((v) => log.push(`d ${v}`));
    p.then((v) => log.push(`e ${v}`));
    await settled(p, "p");
    assert.deepEqual(
      log,
      ["a x", "b x", "c x", "d x", "e x"],
      "callbacks a, b (before), c, d, e (after)",
    );
  },
  "chaining: a callback's return value resolves the next promise; a missing callback passes it on":
    async ({ MyPromise }) => {
      const p = MyPromise.resolve(2).then((x) => x * 10).then(null).then((x) => `got ${x}`);
      assert.equal(
        await settled(p, "the chain"),
        `fulfilled "got 20"`,
        "resolve(2) * 10, pass, got",
      );
      const q = MyPromise.reject(new Error("down")).then((x) => `not ${x}`).then(
        undefined,
        (e) => `recovered from ${(e as Error).message}`,
      );
      assert.equal(
        await settled(q, "the chain"),
        `fulfilled "recovered from down"`,
        "a rejection passes a then() without onRejected, then is handled",
      );
    },
  "a throw inside a then callback rejects the promise then() returned": async ({ MyPromise }) => {
    const thrown = { not: "an Error" };
    const p = MyPromise.resolve(1).then(() => {
      throw thrown;
    });
    let reason: unknown;
    try {
      reason = (await reasonOf(p, "resolve(1).then(() => { throw ... })")).reason;
    } catch (error) {
      if (!(error instanceof Mistake)) throw error;
      throw new Mistake(
        `${error.message}: the throw inside the then callback was swallowed. What a callback throws must reject the promise then() returned`,
      );
    }
    assert.ok(
      reason === thrown,
      `the rejection reason is the thrown object itself, got ${show(reason)}`,
    );
    const q = MyPromise.reject(new Error("a")).catch(() => {
      throw new Error("b");
    });
    assert.equal(await settled(q, "q"), "rejected Error: b", "a catch callback that throws");
  },
  "resolving with a promise adopts its state, for MyPromise and native Promise alike": async (
    { MyPromise },
  ) => {
    const cases: [string, () => PromiseLike<unknown>, string][] = [
      [
        "new P(r => r(P.resolve('own')))",
        () => new MyPromise((r) => r(MyPromise.resolve("own"))),
        `fulfilled "own"`,
      ],
      [
        "new P(r => r(Promise.resolve('native')))",
        () => new MyPromise((r) => r(Promise.resolve("native"))),
        `fulfilled "native"`,
      ],
      [
        "new P(r => r(P.reject(Error: own)))",
        () => new MyPromise((r) => r(MyPromise.reject(new Error("own")))),
        "rejected Error: own",
      ],
      [
        "new P(r => r(Promise.reject(Error: native)))",
        () => new MyPromise((r) => r(Promise.reject(new Error("native")))),
        "rejected Error: native",
      ],
      [
        "P.resolve().then(() => P.resolve('returned'))",
        () => MyPromise.resolve().then(() => MyPromise.resolve("returned")),
        `fulfilled "returned"`,
      ],
      [
        "P.resolve().then(() => a promise resolved later)",
        () => MyPromise.resolve().then(() => new MyPromise((r) => setTimeout(() => r("later"), 0))),
        `fulfilled "later"`,
      ],
    ];
    for (const [what, make, expected] of cases) {
      const p = make();
      if (what.includes("later")) await macrotask(); // that one waits a timer by design
      assert.equal(await settled(p, what), expected, what);
    }
  },
  "native await and Promise.resolve accept a MyPromise (it is a thenable)": async (
    { MyPromise },
  ) => {
    assert.equal(await new MyPromise<number>((r) => r(5)), 5, "await new MyPromise(r => r(5))");
    const error = new Error("awaited");
    await assert.rejects(
      async () => {
        await MyPromise.reject(error);
      },
      (e) => e === error,
      "await MyPromise.reject(error) throws that error",
    );
    assert.equal(
      await Promise.resolve(MyPromise.resolve("bridged")),
      "bridged",
      "Promise.resolve(MyPromise)",
    );
  },
  "resolving a promise with itself rejects it with a TypeError that says why": async (
    { MyPromise },
  ) => {
    let resolve!: (value: unknown) => void;
    const p = new MyPromise<unknown>((r) => resolve = r);
    resolve(p);
    const { reason } = await reasonOf(p, "a promise resolved with itself");
    assert.ok(
      reason instanceof TypeError,
      `the reason for resolving p with p is a TypeError, got ${show(reason)}`,
    );
    if (reason.message.trim() === "") {
      throw new Mistake(
        "resolving p with p rejected it with a TypeError whose message is empty: say why, as the native one does (Chaining cycle detected for promise), so whoever meets it can find the cycle",
      );
    }
    const q: PromiseLike<unknown> = MyPromise.resolve().then(() => q);
    const { reason: reason2 } = await reasonOf(q, "q = P.resolve().then(() => q)");
    assert.ok(
      reason2 instanceof TypeError,
      `the reason for q = resolve().then(() => q) is a TypeError, got ${show(reason2)}`,
    );
  },
  "thenables: then is read once; the first call wins; a throw after it is ignored": async (
    { MyPromise },
  ) => {
    let reads = 0;
    const counted = {
      get then() {
        reads++;
        return (resolve: (v: string) => void) => resolve("read once");
      },
    };
    const p = MyPromise.resolve(thenable(counted));
    assert.equal(
      await settled(p, "resolve(thenable with a then getter)"),
      `fulfilled "read once"`,
      "a then getter",
    );
    assert.equal(reads, 1, "how many times the then property was read");

    const greedy = {
      then(resolve: (v: string) => void, reject: (e: unknown) => void) {
        resolve("first");
        reject(new Error("second"));
        resolve("third");
        throw new Error("after the fact");
      },
    };
    assert.equal(
      await settled(MyPromise.resolve(thenable(greedy)), "resolve(greedy thenable)"),
      `fulfilled "first"`,
      "a thenable that calls resolve, reject, resolve, then throws",
    );
    const rejectFirst = {
      then(resolve: (v: string) => void, reject: (e: unknown) => void) {
        reject(new Error("no"));
        resolve("yes");
      },
    };
    assert.equal(
      await settled(
        MyPromise.resolve(thenable(rejectFirst)),
        "resolve(thenable that rejects first)",
      ),
      "rejected Error: no",
      "a thenable that calls reject, then resolve",
    );
  },
  "thenables: a then that throws first, or a throwing then getter, rejects": async (
    { MyPromise },
  ) => {
    const throws = {
      then() {
        throw new Error("then threw");
      },
    };
    assert.equal(
      await settled(MyPromise.resolve(thenable(throws)), "resolve(thenable whose then throws)"),
      "rejected Error: then threw",
      "a thenable whose then() throws before calling back",
    );
    const getterThrows = {
      get then() {
        throw new Error("getter threw");
      },
    };
    assert.equal(
      await settled(
        MyPromise.resolve(thenable(getterThrows)),
        "resolve(object whose then getter throws)",
      ),
      "rejected Error: getter threw",
      "an object whose then getter throws",
    );
  },
  "thenables are adopted asynchronously and recursively; a non-function then is a plain value":
    async ({ MyPromise }) => {
      const log: string[] = [];
      const watched = {
        then(resolve: (v: unknown) => void) {
          log.push("then called");
          resolve({ then: (r: (v: string) => void) => r("nested") });
        },
      };
      const p = MyPromise.resolve(thenable(watched));
      log.push("after resolve");
      assert.equal(
        await settled(p, "resolve(thenable resolving to a thenable)"),
        `fulfilled "nested"`,
        "a thenable that resolves to a thenable",
      );
      assert.deepEqual(
        log,
        ["after resolve", "then called"],
        "the thenable's then is called in a microtask, not inside resolve",
      );
      const plain = { then: 42 };
      let got: unknown;
      await settled(
        MyPromise.resolve(thenable(plain)).then((v) => got = v),
        "resolve({ then: 42 })",
      );
      assert.ok(got === plain, "resolve({ then: 42 }) fulfils with that very object");
    },
  "catch handles a rejection and returns a promise for its result": async ({ MyPromise }) => {
    const p = MyPromise.reject(new Error("x")).catch((e) => `caught ${(e as Error).message}`);
    assert.equal(
      await settled(p, "reject(x).catch(...)"),
      `fulfilled "caught x"`,
      "reject(x).catch(e => 'caught ' + e.message)",
    );
    const q = MyPromise.resolve("untouched").catch(() => "not this");
    assert.equal(
      await settled(q, "resolve().catch(...)"),
      `fulfilled "untouched"`,
      "catch on a fulfilled promise passes the value on",
    );
  },
  "finally runs either way, passes the value or reason on, and its own throw wins": async (
    { MyPromise },
  ) => {
    const log: string[] = [];
    const a = MyPromise.resolve("value").finally(() => log.push("finally a"));
    const b = MyPromise.reject(new Error("reason")).finally(() => log.push("finally b"));
    const c = MyPromise.resolve("value").finally(() => {
      throw new Error("from finally");
    });
    const d = MyPromise.resolve("value").finally(() =>
      MyPromise.reject(new Error("rejected in finally"))
    );
    const e = MyPromise.resolve("waited").finally(() => new MyPromise((r) => setTimeout(r, 0)));
    assert.equal(
      await settled(a, "a"),
      `fulfilled "value"`,
      "resolve('value').finally(f): f returns a number, ignored",
    );
    assert.equal(await settled(b, "b"), "rejected Error: reason", "reject(reason).finally(f)");
    assert.equal(
      await settled(c, "c"),
      "rejected Error: from finally",
      "finally callback that throws",
    );
    assert.equal(
      await settled(d, "d"),
      "rejected Error: rejected in finally",
      "finally callback returning a rejected promise",
    );
    await macrotask(); // e's finally waits a timer by design
    assert.equal(
      await settled(e, "e"),
      `fulfilled "waited"`,
      "finally waits for the promise its callback returns",
    );
    assert.deepEqual(log, ["finally a", "finally b"], "finally callbacks that ran");
  },
  "static resolve returns its own kind as is and wraps anything else; reject rejects": async (
    { MyPromise },
  ) => {
    const own = MyPromise.resolve(1);
    assert.equal(MyPromise.resolve(own), own, "P.resolve(p) for p made by P is p itself");
    const wrapped = MyPromise.resolve(Promise.resolve("native inside"));
    assert.ok(wrapped instanceof MyPromise, "P.resolve(a promise of the other kind) is a P");
    assert.equal(
      await settled(wrapped, "P.resolve(native promise)"),
      `fulfilled "native inside"`,
      "P.resolve(native promise)",
    );
    const error = new Error("r");
    const rejected = MyPromise.reject(error);
    assert.ok(rejected instanceof MyPromise, "P.reject(e) is a P");
    assert.ok(
      (await reasonOf(rejected, "P.reject(e)")).reason === error,
      "P.reject(e) rejects with e itself",
    );
    const notUnwrapped = MyPromise.reject(MyPromise.resolve("inner"));
    assert.ok(
      (await reasonOf(notUnwrapped, "P.reject(a promise)")).reason instanceof MyPromise,
      "P.reject(p) rejects with p itself, unwrapped",
    );
  },
  "static all: values in argument order, plain values welcome, first rejection wins, [] at once":
    async ({ MyPromise }) => {
      let resolveSlow!: (v: string) => void;
      const slow = new MyPromise<string>((r) => resolveSlow = r);
      const all = MyPromise.all<unknown>([slow, 2, MyPromise.resolve("three"), Promise.resolve(4)]);
      await macrotask();
      resolveSlow("one");
      assert.equal(
        await settled(all, "P.all([...])"),
        `fulfilled [ "one", 2, "three", 4 ]`,
        "P.all([slow, 2, three, 4]) with slow settling last",
      );
      const failing = MyPromise.all<unknown>([
        new MyPromise(() => {}),
        MyPromise.reject(new Error("first")),
        MyPromise.reject(new Error("second")),
      ]);
      assert.equal(
        await settled(failing, "P.all with rejections"),
        "rejected Error: first",
        "P.all([pending, reject first, reject second])",
      );
      assert.equal(await settled(MyPromise.all([]), "P.all([])"), "fulfilled []", "P.all([])");
      assert.equal(
        await settled(MyPromise.all(new Set(["from", "a set"])), "P.all(a Set)"),
        `fulfilled [ "from", "a set" ]`,
        "P.all takes any iterable",
      );
    },
  "timing: chains interleave with native callbacks job for job": async ({ MyPromise }) => {
    assert.deepEqual(
      await interleaving((log) => {
        MyPromise.resolve(0).then(() => log("P1")).then(() => log("P2")).then(() => log("P3"));
      }),
      ["P1", "tick 1", "P2", "tick 2", "P3"],
      "three then()s on P.resolve(0) beside native ticks",
    );
    assert.deepEqual(
      await interleaving((log) => {
        let resolve!: (v: string) => void;
        const p = new MyPromise<string>((r) => resolve = r);
        p.then((v) => log(`p got ${v}`));
        Promise.resolve().then(() => {
          log("native resolves p");
          resolve("v");
        });
      }),
      ["native resolves p", "tick 1", "p got v"],
      "a P resolved from inside a native callback",
    );
  },
  "timing: adopting a promise or thenable takes two extra jobs, as natively": async (
    { MyPromise },
  ) => {
    assert.deepEqual(
      await interleaving((log) => {
        new MyPromise((r) => r(MyPromise.resolve("own"))).then((v) => log(`adopted ${v}`));
      }),
      ["tick 1", "tick 2", "adopted own"],
      "new P(r => r(P.resolve('own'))).then(log) beside native ticks",
    );
    assert.deepEqual(
      await interleaving((log) => {
        MyPromise.resolve().then(() => Promise.resolve("native")).then((v) => log(`adopted ${v}`));
      }),
      ["tick 1", "tick 2", "tick 3", "adopted native"],
      "P.resolve().then(() => a native promise).then(log)",
    );
    assert.deepEqual(
      await interleaving((log) => {
        new Promise((r) => r(MyPromise.resolve("mine"))).then((v) => log(`native adopted ${v}`));
      }),
      ["tick 1", "tick 2", "native adopted mine"],
      "a native promise resolved with a P",
    );
  },
  "timing: rejections, catch, finally and all take as many jobs as natively": async (
    { MyPromise },
  ) => {
    assert.deepEqual(
      await interleaving((log) => {
        MyPromise.reject(new Error("e"))
          .then(() => log("skipped"))
          .catch(() => log("caught"))
          .finally(() => log("finally"))
          .then(() => log("after finally"));
      }),
      ["tick 1", "caught", "tick 2", "finally", "tick 3", "tick 4", "tick 5", "after finally"],
      "reject(e).then(skipped).catch(caught).finally(f).then(after) beside native ticks",
    );
    assert.deepEqual(
      await interleaving((log) => {
        MyPromise.all<unknown>([1, MyPromise.resolve(2), MyPromise.resolve().then(() => 3)]).then((
          v,
        ) => log(`all ${v}`));
      }),
      ["tick 1", "tick 2", "all 1,2,3"],
      "P.all([1, P.resolve(2), P.resolve().then(() => 3)]).then(log)",
    );
  },
};

/**
 * The generated layer: not part of the conformance suite above, since its
 * truth is the native Promise itself (run with `P = Promise` it would
 * compare the native Promise with itself).
 */
export const generated: Record<string, Check> = {
  "MyPromise agrees with the native Promise on generated programs: values, reasons, odd thenables, and the order of every job":
    ({ MyPromise }) =>
      explore({
        truth: "the native Promise",
        arbitrary: programs(),
        compare: async (program) => {
          const native = await runProgram(program, Promise, true);
          const yours = await runProgram(program, MyPromise, false);
          return JSON.stringify(native) === JSON.stringify(yours) ? undefined : {
            truth: logLine(native),
            yours: logLine(yours),
            what: "the events, among native ticks",
          };
        },
        snippet: programSnippet,
        runs: 150,
      }),
};

export default defineGrader<typeof Exercise>(quietly({ ...checks, ...generated }));
