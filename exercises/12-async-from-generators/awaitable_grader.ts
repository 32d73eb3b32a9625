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
import { explore, fc } from "../../runner/grading/explore.ts";
import {
  codeOf,
  type Plain,
  plainCode,
  plainValues,
  type Spec,
  specs,
  Stage,
} from "../../runner/grading/awaitables.ts";
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

/** What `start` does: give back a value (any awaitable) or throw. */
type Start = { gives: Spec } | { throws: Plain };

/** What a consumer does to one of the lazies. */
type Use =
  | { await: number }
  | { then: number; onFulfilled?: Plain | "throws"; onRejected?: Plain | "throws" }
  | { resolve: number }
  | { started: number }
  | { wait: true };

/** A case: two lazies (so state shared between instances shows) and what is done with them. */
interface Case {
  starts: [Start, Start];
  uses: Use[];
}

const callback = fc.option(fc.oneof(plainValues, fc.constant("throws" as const)), {
  nil: undefined,
});
const cases: fc.Arbitrary<Case> = fc.record({
  starts: fc.tuple(
    ...[0, 1].map(() =>
      fc.oneof(
        { arbitrary: specs({ pending: true }).map((gives): Start => ({ gives })), weight: 4 },
        { arbitrary: plainValues.map((throws): Start => ({ throws })), weight: 1 },
      )
    ) as [fc.Arbitrary<Start>, fc.Arbitrary<Start>],
  ),
  uses: fc.array(
    fc.oneof(
      fc.nat(1).map((n): Use => ({ await: n })),
      fc.record({ then: fc.nat(1), onFulfilled: callback, onRejected: callback }, {
        requiredKeys: ["then"],
      }),
      fc.nat(1).map((n): Use => ({ resolve: n })),
      fc.nat(1).map((n): Use => ({ started: n })),
      fc.constant<Use>({ wait: true }),
    ),
    { minLength: 1, maxLength: 6 },
  ),
});

/**
 * The truth: what the lesson says a Lazy is, spelled with the native
 * Promise. A native promise for start()'s outcome, made inside the first
 * then() and kept.
 */
class NativeLazy<T> implements PromiseLike<T> {
  #promise: Promise<T> | undefined;
  constructor(readonly start: () => T | PromiseLike<T>) {}
  get started(): boolean {
    return this.#promise !== undefined;
  }
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    this.#promise ??= new Promise<T>((resolve) => resolve(this.start()));
    return this.#promise.then(onFulfilled, onRejected);
  }
}

/**
 * Run a case with `make` as the lazy maker. What is compared: the events
 * in the order they happen (when start runs, which then() calls return
 * what, synchronous callbacks, `started`), and how each use ended once
 * everything has settled. Not the microtask each use settles in: the
 * exercise does not promise that.
 */
async function useAll(
  c: Case,
  make: (start: () => unknown) => PromiseLike<unknown> & { readonly started: boolean },
): Promise<{ events: string[]; outcomes: string[] }> {
  const stage = new Stage();
  stage.startClock(12, { logTicks: false });
  const starts = c.starts.map((start, i) => () => {
    stage.log(`start ${i + 1} runs`);
    if ("throws" in start) throw stage.plain(start.throws);
    return stage.make(start.gives);
  });
  const lazies = starts.map((start) => make(start));
  const outcomes: string[] = [];
  const calls: string[][] = c.uses.map(() => []);
  const thenReturned = new Set<number>();
  const ended = (k: number) =>
    [
      (v: unknown) => void (outcomes[k] = `use ${k + 1} fulfilled ${stage.show(v)}`),
      (e: unknown) => void (outcomes[k] = `use ${k + 1} rejected ${stage.show(e)}`),
    ] as const;
  for (const [k, use] of c.uses.entries()) {
    outcomes[k] = `use ${k + 1} still pending`;
    const name = `use ${k + 1}`;
    if ("wait" in use) {
      for (let i = 0; i < 10; i++) await null; // let what has started settle
      outcomes[k] = `use ${k + 1} waited`;
      continue;
    }
    if ("started" in use) {
      outcomes[k] = `use ${k + 1}: lazy ${use.started + 1}.started is ${
        lazies[use.started].started
      }`;
      continue;
    }
    const [fulfilled, rejected] = ended(k);
    if ("await" in use) {
      stage.log(`${name}: await lazy ${use.await + 1}`);
      (async () => await lazies[use.await])().then(fulfilled, rejected);
      continue;
    }
    if ("resolve" in use) {
      stage.log(`${name}: Promise.resolve(lazy ${use.resolve + 1})`);
      Promise.resolve(lazies[use.resolve]).then(fulfilled, rejected);
      continue;
    }
    const handler = (what: Plain | "throws" | undefined, side: string) =>
      what === undefined ? undefined : (x: unknown) => {
        // Why in the use's own record and not among the events: when a
        // callback runs depends on microtask counts the exercise leaves open.
        if (thenReturned.has(k)) calls[k].push(`${side}(${stage.show(x)})`);
        else stage.log(`${name}'s ${side}(${stage.show(x)}) ran inside then()`);
        if (what === "throws") throw stage.plain({ error: `${side} threw` });
        return stage.plain(what);
      };
    stage.log(`${name}: lazy ${use.then + 1}.then(...)`);
    let returned: unknown;
    try {
      returned = lazies[use.then].then(
        handler(use.onFulfilled, "onFulfilled"),
        handler(use.onRejected, "onRejected"),
      );
    } catch (error) {
      stage.log(`${name}: then() threw ${stage.show(error)}`);
      continue;
    } finally {
      thenReturned.add(k);
    }
    stage.log(
      `${name}: then() returned ${
        returned instanceof Promise ? "a Promise" : stage.show(returned)
      }`,
    );
    if (returned instanceof Promise) returned.then(fulfilled, rejected);
  }
  await stage.ticks!.done;
  for (let i = 0; i < 20; i++) await null;
  return {
    // Reads of a nested thenable's then happen in jobs whose timing is open too.
    events: stage.lines.filter((line) => !line.endsWith(".then read")),
    outcomes: outcomes.map((o, k) => calls[k].length ? `${o} after ${calls[k].join(", ")}` : o),
  };
}

function useCode(use: Use, k: number): string {
  const name = `use ${k + 1}`;
  const report =
    `.then((v) => log("${name} fulfilled", show(v)), (e) => log("${name} rejected", show(e)))`;
  if ("wait" in use) return `for (let i = 0; i < 10; i++) await null;`;
  if ("started" in use) {
    return `log("${name}: lazy ${use.started + 1}.started is", lazies[${use.started}].started);`;
  }
  if ("await" in use) {
    return `log("${name}: await lazy ${
      use.await + 1
    }"); (async () => await lazies[${use.await}])()${report};`;
  }
  if ("resolve" in use) {
    return `log("${name}: Promise.resolve(lazy ${
      use.resolve + 1
    })"); Promise.resolve(lazies[${use.resolve}])${report};`;
  }
  const handler = (what: Plain | "throws" | undefined, side: string) =>
    what === undefined
      ? "undefined"
      : `(x: unknown) => { log("${name}'s ${side}(" + show(x) + ")"); ${
        what === "throws" ? `throw new Error("${side} threw");` : `return ${plainCode(what)};`
      } }`;
  return `log("${name}: lazy ${use.then + 1}.then(...)"); lazies[${use.then}].then(${
    handler(use.onFulfilled, "onFulfilled")
  }, ${handler(use.onRejected, "onRejected")})${report};`;
}

function lazySnippet(c: Case, from: string): string[] {
  const start = (s: Start, i: number) =>
    `() => { log("start ${i + 1} runs"); ${
      "throws" in s ? `throw ${plainCode(s.throws)};` : `return ${codeOf(s.gives)};`
    } }`;
  return [
    `// deno-lint-ignore-file`,
    `import { lazy } from "${from}";`,
    `addEventListener("unhandledrejection", (e) => e.preventDefault());`,
    `const show = (v: unknown) => v instanceof Error ? \`Error \${JSON.stringify(v.message)}\` : Deno.inspect(v);`,
    `// The truth: a native promise for start()'s outcome, made on the first then() and kept.`,
    `const nativeLazy = (start: () => unknown) => {`,
    `  let promise: Promise<unknown> | undefined;`,
    `  return {`,
    `    get started() { return promise !== undefined; },`,
    `    then: (a?: any, b?: any) => (promise ??= new Promise((r) => r(start()))).then(a, b),`,
    `  };`,
    `};`,
    `for (const [who, make] of [["native:", nativeLazy], ["yours: ", lazy]] as const) {`,
    `  const log = (...s: unknown[]) => console.log(who, ...s);`,
    `  const work: (() => void)[][] = [];`,
    `  const at = (k: number, f: () => void) => void (work[k] ??= []).push(f);`,
    `  let clock = Promise.resolve();`,
    `  for (let k = 1; k <= 12; k++) clock = clock.then(() => work[k]?.forEach((f) => f()));`,
    `  const lazies: any[] = [${c.starts.map(start).join(", ")}].map((f) => make(f));`,
    ...c.uses.map((use, k) => "  " + useCode(use, k)),
    `  await clock;`,
    `  for (let i = 0; i < 20; i++) await null;`,
    `}`,
  ];
}

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
  "a Lazy behaves like a native promise made on its first then(), on generated starts and uses: await, then, Promise.resolve, started":
    ({ lazy }) =>
      explore({
        truth: "a native promise made on the first then()",
        arbitrary: cases,
        compare: async (c) => {
          const truth = await useAll(c, (start) => new NativeLazy(start));
          const yours = await useAll(c, (start) => lazy(start));
          for (const what of ["events", "outcomes"] as const) {
            if (JSON.stringify(truth[what]) !== JSON.stringify(yours[what])) {
              return {
                truth: truth[what].join(" | "),
                yours: yours[what].join(" | "),
                what: what === "events"
                  ? "what happened, in order"
                  : "how each use ended, once everything settled",
              };
            }
          }
          return undefined;
        },
        snippet: lazySnippet,
        runs: 150,
      }),
}));
