/**
 * Grader for 03-coroutines/primed. Run it: `deno task grade 03-coroutines/primed`.
 *
 * Side by side: a coroutine made by your `primed` must behave exactly like
 * the same generator primed by hand (`const g = f(); g.next();`), for the
 * same values sent in. The body of each test coroutine logs what it
 * receives, so a value dropped or a body run too early shows in the log.
 *
 * @module
 */

import assert from "node:assert/strict";
import { defineGrader } from "../../runner/grading/grader.ts";
import { differ, explore, fc } from "../../runner/grading/explore.ts";
import {
  type Call,
  literal,
  shapeSource,
  someScript,
  someShape,
  someValue,
} from "../../runner/grading/iterator_scripts.ts";
import { byHand, playPrimed, type Primed } from "../../runner/grading/truths/primed.ts";
import type * as Exercise from "./primed.ts";

/** A coroutine that logs what it is sent, and answers with how many it has had. */
function* receiver(log: string[], name = "echo"): Generator<number, string, string> {
  log.push(`${name} starts`);
  let count = 0;
  while (true) {
    const value = yield count;
    if (value === "stop") return `${name} got ${count}`;
    count++;
    log.push(`${name} got ${value}`);
  }
}

/** Send each value and write down the answers. */
function sendAll(gen: Generator<number, string, string>, values: string[]): string[] {
  return values.map((value) => {
    const result = gen.next(value);
    return `${result.done ? "done" : "yield"} ${Deno.inspect(result.value)}`;
  });
}

export default defineGrader<typeof Exercise>({
  "the first value sent to a primed coroutine arrives": ({ primed }) => {
    const log: string[] = [];
    const echo = primed(receiver)(log);
    echo.next("a");
    assert.deepEqual(
      log,
      ["echo starts", "echo got a"],
      "what the body logged for primed(receiver)(log), then next('a')",
    );
  },

  "it behaves exactly like the same generator primed by hand": ({ primed }) => {
    const values = ["a", "b", "stop", "c"];
    const byHand = () => {
      const log: string[] = [];
      const gen = receiver(log);
      gen.next();
      return { answers: sendAll(gen, values), log };
    };
    const log: string[] = [];
    const yours = { answers: sendAll(primed(receiver)(log), values), log };
    assert.deepEqual(
      yours,
      byHand(),
      `primed(receiver)(log) vs receiver(log) primed by hand, sent ${values.join(", ")}`,
    );
  },

  "wrapping runs nothing; each call runs the body once, up to its first yield": ({ primed }) => {
    const log: string[] = [];
    const start = primed(receiver);
    assert.deepEqual(log, [], "what the body logged after primed(receiver), before any call");
    const gen = start(log);
    assert.deepEqual(log, ["echo starts"], "what the body logged after one call");
    assert.deepEqual(
      gen.next("a"),
      { value: 1, done: false },
      "next('a') right after the call: the body must be at its first yield, with nothing counted",
    );
  },

  "arguments are passed on, and each call makes a fresh coroutine": ({ primed }) => {
    const log: string[] = [];
    const start = primed(receiver);
    const left = start(log, "left");
    const right = start(log, "right");
    left.next("1");
    right.next("2");
    left.next("3");
    assert.deepEqual(
      log,
      ["left starts", "right starts", "left got 1", "right got 2", "left got 3"],
      "what two coroutines from the same primed(receiver) logged, called with names left and right",
    );
    assert.notEqual(left, right, "the two coroutines should be different generators");
  },

  "an error thrown before the first yield comes out of the call": ({ primed }) => {
    // deno-lint-ignore require-yield -- it dies before its first yield, on purpose
    function* broken(): Generator<number, void, string> {
      throw new Error("broken before its first yield");
    }
    const start = primed(broken);
    assert.throws(
      () => start(),
      { message: "broken before its first yield" },
      "calling primed(broken)() should throw the body's error",
    );
  },
  "two coroutines from one primed(f) agree with priming by hand on generated bodies, arguments and calls":
    ({ primed }) =>
      explore({
        truth: "priming by hand",
        arbitrary: fc.record({
          shape: someShape().map((shape) => ({ ...shape, logArgs: true })),
          args: fc.tuple(
            fc.array(someValue, { maxLength: 4 }),
            fc.array(someValue, { maxLength: 4 }),
          ),
          calls: someScript({ minLength: 0, maxLength: 5 }).chain((script) =>
            fc.tuple(...script.map((call) =>
              fc.constantFrom<0 | 1>(0, 1).map((k): [0 | 1, Call] => [k, call])
            ))
          ),
        }),
        compare: ({ shape, args, calls }) =>
          differ(
            playPrimed(primed as unknown as Primed, shape, args, calls),
            playPrimed(byHand, shape, args, calls),
          ),
        snippet: ({ shape, args, calls }, from) => [
          `import { primed } from "${from}";`,
          `import { byHand, playPrimed, type Primed } from "./runner/grading/truths/primed.ts";`,
          `import type { Call, Shape } from "./runner/grading/iterator_scripts.ts";`,
          `const shape: Shape = ${literal(shape)};`,
          ...shapeSource(shape),
          `const args: [unknown[], unknown[]] = ${
            literal(args)
          }; // coroutine #0 and #1 are made with these`,
          `const calls: [0 | 1, Call][] = ${literal(calls)};`,
          `console.log("priming by hand:", playPrimed(byHand, shape, args, calls));`,
          `console.log("yours:          ", playPrimed(primed as unknown as Primed, shape, args, calls));`,
        ],
      }),
});
