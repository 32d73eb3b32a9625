/**
 * Grader for 12-async-from-generators/gather. Run it:
 * `deno task grade 12-async-from-generators/gather`.
 *
 * Items are native promises that settle a given number of microtasks from
 * now, so the order they finish in is known. Results are checked against
 * asyncio.gather's rules, and timing side by side with `Promise.all` and
 * `Promise.allSettled`: each is run beside the same chain of native
 * microtask ticks, and yours must settle at the same tick.
 *
 * @module
 */

import assert from "node:assert/strict";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import { explore, fc } from "../../runner/grading/explore.ts";
import { codeOf, logLine, type Spec, specs, Stage } from "../../runner/grading/awaitables.ts";
import type * as Exercise from "./gather.ts";

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A promise that fulfils with `value` (or rejects with it) after `steps` microtasks. */
function after(steps: number, value: unknown, fails = false): Promise<unknown> {
  let p: Promise<unknown> = Promise.resolve();
  for (let i = 0; i < steps; i++) p = p.then(() => undefined);
  return p.then(() => {
    if (fails) throw value;
    return value;
  });
}

function show(value: unknown): string {
  return value instanceof Error ? `${value.name}: ${value.message}` : Deno.inspect(value);
}

/** What `make()`'s promise settled to, and at which native tick. */
async function timeline(make: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  let tick = Promise.resolve();
  for (let i = 1; i <= 12; i++) tick = tick.then(() => void lines.push(`tick ${i}`));
  make().then(
    (v) => lines.push(`fulfilled ${show(v)}`),
    (e) => lines.push(`rejected ${show(e)}`),
  );
  await macrotask();
  return lines;
}

/** Settle `promise` within this turn, or say it never did. */
async function outcome(promise: Promise<unknown>, what: string): Promise<string> {
  let seen = "pending";
  promise.then((v) => seen = `fulfilled ${show(v)}`, (e) => seen = `rejected ${show(e)}`);
  await macrotask();
  if (seen === "pending") {
    throw new Mistake(`${what} never settled, though every item had: is a count off by one?`);
  }
  return seen;
}

type Check = (module: typeof Exercise) => Promise<void>;

/** A generated case: the items of one or two gathers, how they are passed, and the option. */
interface Case {
  batches: Spec[][];
  /** Pass the items as an array, or as a generator (an iterable with no length). */
  iterable: "array" | "generator";
  returnExceptions: boolean;
}

const cases = (batches: number): fc.Arbitrary<Case> =>
  fc.record({
    batches: fc.array(fc.array(specs({ pending: true }), { maxLength: 4 }), {
      minLength: batches,
      maxLength: batches,
    }),
    iterable: fc.constantFrom("array" as const, "generator" as const),
    returnExceptions: fc.boolean(),
  });

type Gather = typeof Exercise.gather;

/**
 * Run the case's gathers on one side beside a native clock; the log of
 * when each settled, and with what.
 */
async function timelineOf(gather: Gather, c: Case, truth: boolean): Promise<string[]> {
  const stage = new Stage();
  stage.startClock(40);
  const made = c.batches.map((batch) => batch.map((spec) => stage.make(spec)));
  made.forEach((items, i) => {
    const name = c.batches.length > 1 ? `#${i + 1} ` : "";
    const input = c.iterable === "array" ? items : (function* () {
      yield* items;
    })();
    const options = { returnExceptions: c.returnExceptions };
    const settled: Promise<unknown[]> = truth && c.returnExceptions
      ? Promise.allSettled(input)
      : truth
      ? Promise.all(input)
      : gather(input, options);
    // Log in the first reaction on each side: allSettled's outcomes are
    // mapped to gather's shape inside it, not one job later.
    const values = (all: unknown[]) =>
      truth && c.returnExceptions
        ? (all as PromiseSettledResult<unknown>[]).map((r) =>
          r.status === "fulfilled" ? r.value : r.reason
        )
        : all;
    settled.then(
      (v) => stage.log(`${name}fulfilled ${stage.show(values(v))}`),
      (e) => stage.log(`${name}rejected ${stage.show(e)}`),
    );
  });
  await stage.ticks!.done;
  const lines = stage.lines;
  while (lines.at(-1)?.startsWith("tick")) lines.pop();
  return lines;
}

/**
 * Run every check with an `unhandledrejection` handler that keeps Deno from
 * dying on a rejection a wrong gather leaves unhandled (Deno treats one as
 * fatal), removed again once a macrotask has let Deno report them.
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

/** The case as a program that prints both sides. */
function gatherSnippet(c: Case, from: string): string[] {
  const items = (batch: Spec[]) => `[${batch.map(codeOf).join(", ")}]`;
  const pass = (batch: Spec[]) =>
    c.iterable === "array" ? items(batch) : `(function* () { yield* ${items(batch)}; })()`;
  const calls = (who: "truth" | "yours") =>
    c.batches.map((batch) =>
      who === "yours"
        ? `gather(${pass(batch)}, { returnExceptions: ${c.returnExceptions} })`
        : c.returnExceptions
        ? `Promise.allSettled(${
          pass(batch)
        }).then((all) => all.map((r) => r.status === "fulfilled" ? r.value : r.reason))`
        : `Promise.all(${pass(batch)})`
    );
  return [
    `// deno-lint-ignore-file`,
    `import { gather } from "${from}";`,
    `const show = (v: unknown) => v instanceof Error ? \`Error \${JSON.stringify(v.message)}\` : Deno.inspect(v);`,
    `type At = (k: number, f: () => void) => void;`,
    `async function timeline(who: string, start: (at: At) => Promise<unknown>[]) {`,
    `  const lines: string[] = [];`,
    `  const work: (() => void)[][] = [];`,
    `  const at: At = (k, f) => void (work[k] ??= []).push(f);`,
    `  let clock = Promise.resolve();`,
    `  for (let k = 1; k <= 40; k++) {`,
    `    clock = clock.then(() => { lines.push(\`tick \${k}\`); work[k]?.forEach((f) => f()); });`,
    `  }`,
    `  start(at).forEach((p, i, all) => {`,
    `    const name = all.length > 1 ? \`#\${i + 1} \` : "";`,
    `    p.then((v) => lines.push(name + "fulfilled " + show(v)), (e) => lines.push(name + "rejected " + show(e)));`,
    `  });`,
    `  await clock;`,
    `  while (lines.at(-1)?.startsWith("tick")) lines.pop();`,
    `  console.log(who, lines.join(" | "));`,
    `}`,
    `addEventListener("unhandledrejection", (e) => e.preventDefault());`,
    `await timeline("the built-in:", (at) => [`,
    ...calls("truth").map((call) => `  ${call},`),
    `]);`,
    `await timeline("yours:       ", (at) => [`,
    ...calls("yours").map((call) => `  ${call},`),
    `]);`,
  ];
}

export default defineGrader<typeof Exercise>(quietly({
  "results come in argument order, whatever order the items settle in": async ({ gather }) => {
    const result = await outcome(
      gather([after(3, "slow"), after(1, "fast"), after(2, "middle")]),
      "gather([slow, fast, middle])",
    );
    assert.equal(
      result,
      `fulfilled [ "slow", "fast", "middle" ]`,
      "gather([after 3 steps, after 1 step, after 2 steps]): results must be in argument order, not the order they settled in",
    );
  },
  "plain values, promises and thenables are all accepted": async ({ gather }) => {
    const thenable = { then: (resolve: (v: string) => void) => resolve("thenable") };
    assert.equal(
      await outcome(gather<unknown>([1, Promise.resolve("promise"), thenable]), "gather"),
      `fulfilled [ 1, "promise", "thenable" ]`,
      "gather([1, Promise.resolve('promise'), a thenable])",
    );
  },
  "no items: fulfils with [] at once, like Promise.all([])": async ({ gather }) => {
    assert.deepEqual(
      await timeline(() => gather([])),
      await timeline(() => Promise.all([])),
      "when gather([]) settles among native ticks (actual) vs Promise.all([]) (expected)",
    );
  },
  "the first rejection wins, at once, in the same microtask as Promise.all": async (
    { gather },
  ) => {
    const items = () => [
      after(6, "slow"),
      after(2, new Error("first"), true),
      after(4, "late", true),
    ];
    const yours = await timeline(() => gather(items()));
    const native = await timeline(() => Promise.all(items()));
    const settledAt = (lines: string[]) => lines.findIndex((l) => !l.startsWith("tick"));
    if (
      yours[settledAt(yours)] === "rejected Error: first" && settledAt(yours) > settledAt(native)
    ) {
      throw new Mistake(
        `gather rejected with Error: first, but only after the other items had settled (${
          yours.join(" | ")
        }): the first rejection wins, so reject as soon as one item rejects`,
      );
    }
    assert.deepEqual(
      yours,
      native,
      "gather([fulfils at step 6, rejects Error: first at step 2, rejects 'late' at step 4]) among native ticks (actual) vs Promise.all (expected)",
    );
  },
  "results settle in the same microtask as Promise.all": async ({ gather }) => {
    const items = () => [after(2, "a"), Promise.resolve("b"), "c", after(5, "d")];
    assert.deepEqual(
      await timeline(() => gather(items())),
      await timeline(() => Promise.all(items())),
      "gather of four items among native ticks (actual) vs Promise.all (expected)",
    );
  },
  "returnExceptions: true puts each reason in its place and never rejects": async (
    { gather },
  ) => {
    const boom = new Error("boom");
    const items = () => [after(3, "ok"), after(1, boom, true), after(2, "also ok")];
    let values: unknown[] = [];
    const result = await outcome(
      gather(items(), { returnExceptions: true }).then((v) => values = v),
      "gather(..., { returnExceptions: true })",
    );
    assert.ok(result.startsWith("fulfilled"), `gather(..., { returnExceptions: true }) ${result}`);
    assert.deepEqual(
      values.map((v) => v === boom ? "the very Error that was thrown" : v),
      ["ok", "the very Error that was thrown", "also ok"],
      "gather([ok, rejects with boom, also ok], { returnExceptions: true })",
    );
    const settles = (lines: string[]) => lines.map((l) => l.startsWith("tick") ? l : "settles");
    assert.deepEqual(
      settles(await timeline(() => gather(items(), { returnExceptions: true }))),
      settles(await timeline(() => Promise.allSettled(items()))),
      "when gather(..., { returnExceptions: true }) settles among native ticks (actual) vs Promise.allSettled (expected)",
    );
  },
  "gather settles like Promise.all (allSettled with returnExceptions) on generated items: values, promises, odd thenables, any iterable":
    async ({ gather }) => {
      // One gather at a time first (the smallest counterexamples), then two
      // at once, for state shared between calls.
      for (const [batches, runs] of [[1, 120], [2, 30]] as const) {
        await explore({
          truth: "the built-in (Promise.all, or Promise.allSettled)",
          arbitrary: cases(batches),
          compare: async (c) => {
            const truth = await timelineOf(gather, c, true);
            const yours = await timelineOf(gather, c, false);
            return JSON.stringify(truth) === JSON.stringify(yours) ? undefined : {
              truth: logLine(truth),
              yours: logLine(yours),
              what: "when and how each gather settled, among native ticks",
            };
          },
          snippet: gatherSnippet,
          runs,
        });
      }
    },
}));
