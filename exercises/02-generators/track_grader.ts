/**
 * Grader for 02-generators/track. Run it: `deno task grade 02-generators/track`.
 *
 * Two kinds of check. Side by side: the same script (next, next(v),
 * throw, return) drives a bare generator and a tracked one, and what the
 * caller saw and what the body did must be identical, so the wrapper is
 * invisible. States: every change reported to `onChange` is joined into a
 * path (`created → running → suspended`) and compared with the path the
 * native generator takes through the same script; each expected path below
 * says why it is right.
 *
 * @module
 */

import assert from "node:assert/strict";
import { defineGrader } from "../../runner/grading/grader.ts";
import { differ, explore, fc } from "../../runner/grading/explore.ts";
import {
  literal,
  shapeSource,
  someScript,
  someShape,
} from "../../runner/grading/iterator_scripts.ts";
import { playTracked, type Track } from "../../runner/grading/truths/track.ts";
import type * as Exercise from "./track.ts";

type GeneratorState = Exercise.GeneratorState;

/** One call on a generator: `["next"]`, `["next", "a"]`, `["throw", "boom"]`, `["return", "r"]`. */
type Call = ["next"] | ["next" | "throw" | "return", string];

/** What a generator can be called with: the bare one or a tracked one. */
interface Callable {
  next(...value: [] | [string]): IteratorResult<unknown, unknown>;
  return(value: string): IteratorResult<unknown, unknown>;
  throw(error: unknown): IteratorResult<unknown, unknown>;
}

/** Run `calls` on `gen` and write down what the caller saw. */
function play(gen: Callable, calls: Call[]): string[] {
  const seen: string[] = [];
  for (const [method, arg] of calls) {
    try {
      const result = method === "next"
        ? (arg === undefined ? gen.next() : gen.next(arg))
        : method === "return"
        ? gen.return(arg)
        : gen.throw(new Error(arg));
      seen.push(`${result.done ? "done" : "yield"} ${Deno.inspect(result.value)}`);
    } catch (error) {
      seen.push(`threw ${(error as Error).name}: ${(error as Error).message}`);
    }
  }
  return seen;
}

const show = (calls: Call[]) =>
  calls.map(([m, a]) => (a === undefined ? `${m}()` : `${m}(${JSON.stringify(a)})`)).join(", ");

/** Track `gen`, play `calls`, and return the path of states it went through. */
function pathOf(
  track: typeof Exercise.track,
  gen: Generator<unknown, unknown, string>,
  calls: Call[],
): { path: string; state: GeneratorState; seen: string[] } {
  const states: string[] = [];
  const tracked = track(gen, (from, to) => {
    if (states.length === 0) states.push(from);
    states.push(to);
  });
  const seen = play(tracked as Callable, calls);
  return { path: states.join(" → ") || `${tracked.state} (no change)`, state: tracked.state, seen };
}

// ── generators to track ──────────────────────────────────────────────────

function* countToThree(log: string[]): Generator<number, string, string> {
  log.push("body starts");
  try {
    const a = yield 1;
    log.push(`body got ${a}`);
    try {
      yield 2;
    } catch (error) {
      log.push(`body caught ${(error as Error).message}`);
    }
    yield 3;
    return "end";
  } finally {
    log.push("body finally");
  }
}

function* stubborn(log: string[]): Generator<number, string, string> {
  try {
    yield 1;
    yield 2;
  } finally {
    log.push("finally starts");
    yield 99;
    log.push("finally ends");
  }
  return "end";
}

const fullScript: Call[] = [["next"], ["next", "a"], ["throw", "boom"], ["next"], ["next"]];

export default defineGrader<typeof Exercise>({
  "a new generator is created, and the first next() takes it created → running → suspended": (
    { track },
  ) => {
    const tracked = track(countToThree([]));
    assert.equal(tracked.state, "created", "state of a tracked generator before any call");
    const { path } = pathOf(track, countToThree([]), [["next"]]);
    assert.equal(path, "created → running → suspended", "states reported for next()");
  },

  "inside its own body, the generator is running": ({ track }) => {
    const seenInside: GeneratorState[] = [];
    function* body(): Generator<number, void, string> {
      seenInside.push(tracked.state);
      yield 1;
      seenInside.push(tracked.state);
    }
    const tracked = track(body());
    tracked.next();
    tracked.next();
    assert.deepEqual(
      seenInside,
      ["running", "running"],
      "tracked.state read inside the body, during the first and second next()",
    );
  },

  "values, done and errors pass through unchanged, as with the bare generator": ({ track }) => {
    const run = (wrap: boolean) => {
      const log: string[] = [];
      const gen = countToThree(log);
      const seen = play(wrap ? (track(gen) as Callable) : gen, fullScript);
      return { "what the caller saw": seen, "what the body did": log };
    };
    assert.deepEqual(
      run(true),
      run(false),
      `tracked vs bare generator, driven with ${show(fullScript)}`,
    );
  },

  "states follow next(), next(v), a caught throw() and the end, then stay closed": ({ track }) => {
    const { path } = pathOf(track, countToThree([]), fullScript);
    // Every call on a live generator runs its body; the caught throw() pauses
    // at `yield 3`; the fourth call finishes the body; the fifth finds it closed.
    assert.equal(
      path,
      "created → running → suspended → running → suspended → running → suspended → running → closed",
      `states reported for ${show(fullScript)}`,
    );
  },

  "an error that leaves the body closes the generator": ({ track }) => {
    const calls: Call[] = [["next"], ["next", "a"], ["next"], ["throw", "boom"], ["next"]];
    const { path, state, seen } = pathOf(track, countToThree([]), calls);
    assert.equal(seen[3], "threw Error: boom", "throw(new Error('boom')) at `yield 3`");
    assert.equal(state, "closed", "state after an error left the body");
    assert.equal(
      path,
      "created → running → suspended → running → suspended → running → suspended → running → closed",
      `states reported for ${show(calls)}`,
    );
  },

  "return() and throw() on a created generator close it without running its body": (
    { track },
  ) => {
    for (const call of [["return", "r"], ["throw", "boom"]] satisfies Call[]) {
      const log: string[] = [];
      const { path, seen } = pathOf(track, countToThree(log), [call, ["next"]]);
      assert.deepEqual(
        { path, "what the body did": log, "what the caller saw": seen },
        {
          path: "created → closed",
          "what the body did": [],
          "what the caller saw": [
            call[0] === "return" ? `done "r"` : "threw Error: boom",
            "done undefined",
          ],
        },
        `${show([call])} on a created generator, then next(): the body never starts`,
      );
    }
  },

  "return() into a finally that yields leaves it suspended until the finally ends": (
    { track },
  ) => {
    const log: string[] = [];
    const calls: Call[] = [["next"], ["return", "r"]];
    const { path, state, seen } = pathOf(track, stubborn(log), calls);
    assert.deepEqual(seen, ["yield 1", "yield 99"], "what the caller saw for next(), return('r')");
    assert.equal(
      state,
      "suspended",
      "state after return('r') ran into a finally that yields: the generator paused at `yield 99`",
    );
    assert.equal(
      path,
      "created → running → suspended → running → suspended",
      `states reported for ${show(calls)}`,
    );
    const more = pathOf(track, stubborn([]), [...calls, ["next"]]);
    assert.deepEqual(
      [more.path, more.seen[2]],
      ["created → running → suspended → running → suspended → running → closed", `done "r"`],
      "states and last result after next(), return('r'), next(): the finally ends and the return completes",
    );
  },

  "a closed generator stays closed: later calls change nothing and act as the bare one": (
    { track },
  ) => {
    const calls: Call[] = [["next"], ["return", "r"], ["next"], ["return", "s"], ["throw", "boom"]];
    const bare = play(countToThree([]), calls);
    const { path, seen } = pathOf(track, countToThree([]), calls);
    assert.deepEqual(seen, bare, `tracked vs bare generator, driven with ${show(calls)}`);
    assert.equal(
      path,
      "created → running → suspended → running → closed",
      `states reported for ${show(calls)}: nothing after the first return()`,
    );
  },

  "a re-entrant next() throws TypeError: Generator is already running, and state stays running": (
    { track },
  ) => {
    const run = (wrap: boolean) => {
      const log: string[] = [];
      const states: string[] = [];
      function* reentrant(): Generator<number, string, string> {
        try {
          self.next();
          log.push("re-entrant next() returned");
        } catch (error) {
          log.push(`re-entrant next() threw ${(error as Error).name}: ${(error as Error).message}`);
        }
        if (tracked) log.push(`state after it: ${tracked.state}`);
        yield 1;
        return "end";
      }
      const gen = reentrant();
      const tracked = wrap ? track(gen, (_from, to) => states.push(to)) : undefined;
      const self: Callable = tracked ?? gen;
      const seen = play(self, [["next"]]);
      return { log, seen, states };
    };
    const bare = run(false);
    const tracked = run(true);
    assert.deepEqual(
      tracked.log,
      [...bare.log, "state after it: running"],
      "what the body saw when it called next() on itself, bare then tracked",
    );
    assert.deepEqual(tracked.seen, bare.seen, "what the caller of the outer next() saw");
    assert.deepEqual(
      tracked.states,
      ["running", "suspended"],
      "states reported for a next() whose body calls next() on itself",
    );
  },

  "for...of drives a tracked generator, and break closes it": ({ track }) => {
    const log: string[] = [];
    const states: string[] = [];
    const tracked = track(countToThree(log), (_from, to) => states.push(to));
    for (const n of tracked) if (n === 2) break;
    assert.deepEqual(
      { "what the body did": log, state: tracked.state },
      {
        "what the body did": ["body starts", "body got undefined", "body finally"],
        state: "closed",
      },
      "for (const n of track(gen)) if (n === 2) break",
    );
    assert.deepEqual(
      states,
      ["running", "suspended", "running", "suspended", "running", "closed"],
      "states reported for two passes of for...of and a break",
    );
  },
  "states, values and errors agree with the native generator on generated bodies and scripts": (
    { track },
  ) =>
    explore({
      truth: "the native generator",
      arbitrary: fc.record({
        shape: someShape({ reenter: true, peek: true }),
        script: someScript({ maxLength: 6 }),
      }),
      compare: ({ shape, script }) =>
        differ(
          playTracked(track as unknown as Track, shape, script),
          playTracked(undefined, shape, script),
        ),
      snippet: ({ shape, script }, from) => [
        `import { track } from "${from}";`,
        `import { playTracked, type Track } from "./runner/grading/truths/track.ts";`,
        `import type { Call, Shape } from "./runner/grading/iterator_scripts.ts";`,
        `const shape: Shape = ${literal(shape)};`,
        ...shapeSource(shape),
        `const script: Call[] = ${literal(script)};`,
        `console.log("the native generator:", playTracked(undefined, shape, script));`,
        `console.log("yours:               ", playTracked(track as unknown as Track, shape, script));`,
      ],
    }),
});
