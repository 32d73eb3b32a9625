/**
 * Grader for 03-coroutines/averager. Run it: `deno task grade 03-coroutines/averager`.
 *
 * Each check drives the coroutine with a script of calls (prime, send,
 * throw, end) and compares every answer it gave, written the way the
 * protocol says it: `yield 15` for `{ value: 15, done: false }`,
 * `done { count: 2, average: 15 }` for the end.
 *
 * @module
 */

import assert from "node:assert/strict";
import { defineGrader } from "../../runner/grading/grader.ts";
import { differ, explore, fc } from "../../runner/grading/explore.ts";
import { literal, someThrown, someValue } from "../../runner/grading/iterator_scripts.ts";
import {
  averagerByTheRules,
  type AveragerCall,
  type AveragerLike,
  playAverager,
} from "../../runner/grading/truths/averager.ts";
import type * as Exercise from "./averager.ts";

type Averager = ReturnType<typeof Exercise.averager>;

/** One call: a number sends it, "prime" and "end" are a bare next(), an Error is thrown in. */
type Call = number | "prime" | "end" | Error;

function drive(avg: Averager, calls: Call[]): string[] {
  const answers: string[] = [];
  for (const call of calls) {
    try {
      const result = call instanceof Error
        ? avg.throw(call)
        : typeof call === "number"
        ? avg.next(call)
        : avg.next();
      answers.push(`${result.done ? "done" : "yield"} ${Deno.inspect(result.value)}`);
    } catch (error) {
      if ((error as Error).message === "not implemented yet") throw error; // say it plainly
      answers.push(`threw ${(error as Error).name}: ${(error as Error).message}`);
    }
  }
  return answers;
}

const show = (calls: Call[]) =>
  calls.map((c) =>
    c === "prime" || c === "end"
      ? "next()"
      : c instanceof Error
      ? `throw(new ${c.name}())`
      : `next(${c})`
  ).join(", ");

/** Numbers to send: whole and fractional, 0 and -0, and the ones that are not finite. */
const someNumber = fc.constantFrom(
  0,
  -0,
  1,
  2,
  3,
  -5,
  10,
  0.5,
  2.5,
  -1.5,
  NaN,
  Infinity,
  -Infinity,
);

/** One call after priming: mostly numbers; also undefined, a bare next(), resets, other errors, return(v). */
const someCall: fc.Arbitrary<AveragerCall> = fc.oneof(
  { weight: 6, arbitrary: someNumber.map((x): AveragerCall => ["send", x]) },
  { weight: 1, arbitrary: fc.constant<AveragerCall>(["send", undefined]) },
  { weight: 1, arbitrary: fc.constant<AveragerCall>(["next"]) },
  { weight: 2, arbitrary: fc.constant<AveragerCall>(["reset"]) },
  { weight: 1, arbitrary: someThrown.map((t): AveragerCall => ["throw", t]) },
  { weight: 1, arbitrary: someValue.map((v): AveragerCall => ["return", v]) },
);

export default defineGrader<typeof Exercise>({
  "priming answers undefined: there is no average yet": ({ averager }) => {
    const calls: Call[] = ["prime"];
    assert.deepEqual(
      drive(averager(), calls),
      ["yield undefined"],
      "the answer to the first next() (priming): no number has been counted",
    );
  },

  "each number sent in is answered with the average so far": ({ averager }) => {
    const calls: Call[] = ["prime", 10, 30, 5, -5];
    assert.deepEqual(
      drive(averager(), calls),
      ["yield undefined", "yield 10", "yield 20", "yield 15", "yield 10"],
      `answers to ${show(calls)}`,
    );
  },

  "0 is a number like any other: sending 0 counts it, only undefined ends it": ({ averager }) => {
    const calls: Call[] = ["prime", 0, 6, 0, "end"];
    assert.deepEqual(
      drive(averager(), calls),
      ["yield undefined", "yield 0", "yield 3", "yield 2", "done { count: 3, average: 2 }"],
      `answers to ${
        show(calls)
      }: next(0) sends the number 0 (it is falsy, but it is not undefined)`,
    );
  },

  "a bare next() ends it, returning { count, average } as the done value": ({ averager }) => {
    const calls: Call[] = ["prime", 10, 20, "end", 5];
    assert.deepEqual(
      drive(averager(), calls),
      [
        "yield undefined",
        "yield 10",
        "yield 15",
        "done { count: 2, average: 15 }",
        "done undefined",
      ],
      `answers to ${show(calls)}: the summary is the value of { done: true }, once`,
    );
    assert.deepEqual(
      drive(averager(), ["prime", "end"]),
      ["yield undefined", "done { count: 0, average: undefined }"],
      "answers to next(), next(): ended before any number",
    );
  },

  "throw(new Reset()) is caught inside: the average starts over": ({ averager, Reset }) => {
    const calls: Call[] = ["prime", 100, 50, new Reset(), 4, 6, "end"];
    assert.deepEqual(
      drive(averager(), calls),
      [
        "yield undefined",
        "yield 100",
        "yield 75",
        "yield undefined",
        "yield 4",
        "yield 5",
        "done { count: 2, average: 5 }",
      ],
      `answers to ${show(calls)}: throw() answers like a next(), with no average`,
    );
  },

  "any other error is not caught: it comes out of throw(), and the averager is finished": (
    { averager },
  ) => {
    const calls: Call[] = ["prime", 10, new TypeError("not a number"), 20];
    assert.deepEqual(
      drive(averager(), calls),
      ["yield undefined", "yield 10", "threw TypeError: not a number", "done undefined"],
      `answers to ${show(calls)}: the error ends the coroutine`,
    );
  },

  "return() closes it at once, with the value given": ({ averager }) => {
    const avg = averager();
    avg.next();
    avg.next(10);
    assert.deepEqual(avg.return({ count: -1, average: 0 }), {
      value: { count: -1, average: 0 },
      done: true,
    }, "return({ count: -1, average: 0 }) after next(), next(10)");
    assert.deepEqual(drive(avg, [20]), ["done undefined"], "next(20) after return()");
  },

  "answers agree with the rules on generated scripts of numbers, resets, other errors and returns":
    (
      { averager, Reset },
    ) =>
      explore({
        truth: "the rules",
        arbitrary: fc.tuple(
          fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, {
            weight: 1,
            arbitrary: fc.constant(false),
          }),
          fc.array(someCall, { maxLength: 8 }),
        ).map(([prime, calls]): AveragerCall[] => (prime ? [["next"], ...calls] : calls)),
        compare: (calls) =>
          differ(
            playAverager(() => averager() as AveragerLike, Reset, calls),
            playAverager(() => averagerByTheRules(Reset), Reset, calls),
          ),
        snippet: (calls, from) => [
          `import { averager, Reset } from "${from}";`,
          `import { type AveragerCall, type AveragerLike, averagerByTheRules, playAverager } from "./runner/grading/truths/averager.ts";`,
          `const calls: AveragerCall[] = ${literal(calls)};`,
          `console.log("the rules:", playAverager(() => averagerByTheRules(Reset), Reset, calls));`,
          `console.log("yours:    ", playAverager(() => averager() as AveragerLike, Reset, calls));`,
        ],
      }),
});
