/**
 * Grader for 03-coroutines/push. Run it: `deno task grade 03-coroutines/push`.
 *
 * The sinks are the grader's own coroutines: each logs what it receives
 * (`a got 2`) and, in its `finally`, that it was closed (`a closed`), all
 * into one shared log. A tap between two stages logs `tap closing` in its
 * `finally` before it closes what follows it. So one list shows the order
 * of everything: every value's way down, and the close travelling from the
 * head to the sinks.
 *
 * @module
 */

import assert from "node:assert/strict";
import { defineGrader } from "../../runner/grading/grader.ts";
import type * as Exercise from "./push.ts";

type Receiver<T> = Exercise.Receiver<T>;

/** Start a coroutine: the grader's own sinks are primed here, by hand. */
function started<T>(coroutine: Receiver<T>): Receiver<T> {
  coroutine.next();
  return coroutine;
}

/** A sink that logs each value and its closing; `failOnClose` makes its finally throw. */
function sink(name: string, log: string[], failOnClose = false): Receiver<number> {
  function* receiving(): Generator<undefined, void, number> {
    try {
      while (true) log.push(`${name} got ${yield}`);
    } finally {
      log.push(`${name} closed`);
      // deno-lint-ignore no-unsafe-finally -- this sink fails to close, on purpose
      if (failOnClose) throw new Error(`${name} failed to close`);
    }
  }
  return started(receiving());
}

/** A stage that passes values on to `target`, logging when it closes, before closing target. */
function tap(name: string, target: Receiver<number>, log: string[]): Receiver<number> {
  function* passing(): Generator<undefined, void, number> {
    try {
      while (true) target.next(yield);
    } finally {
      log.push(`${name} closing`);
      target.return(undefined);
    }
  }
  return started(passing());
}

const isEven = (n: number) => n % 2 === 0;

/** Run `action` and return the message of what it threw, or "nothing". */
function thrownBy(action: () => void): string {
  try {
    action();
  } catch (error) {
    if ((error as Error).message === "not implemented yet") throw error; // say it plainly
    return (error as Error).message;
  }
  return "nothing";
}

export default defineGrader<typeof Exercise>({
  "filter and broadcast come primed: the first value sent arrives": ({ filter, broadcast }) => {
    const log: string[] = [];
    filter(() => true, sink("a", log)).next(1);
    broadcast([sink("b", log)]).next(2);
    assert.deepEqual(
      log,
      ["a got 1", "b got 2"],
      "what the sinks got from filter(() => true, a).next(1) and broadcast([b]).next(2)",
    );
  },

  "filter sends on only the values keep accepts": ({ filter }) => {
    const log: string[] = [];
    const evens = filter(isEven, sink("a", log));
    for (const n of [1, 2, 3, 4, 6]) evens.next(n);
    assert.deepEqual(log, ["a got 2", "a got 4", "a got 6"], "what a got from filter(isEven, a)");
  },

  "broadcast sends each value to every target, in order": ({ broadcast }) => {
    const log: string[] = [];
    const all = broadcast([sink("a", log), sink("b", log), sink("c", log)]);
    all.next(1);
    all.next(2);
    assert.deepEqual(
      log,
      ["a got 1", "b got 1", "c got 1", "a got 2", "b got 2", "c got 2"],
      "what the sinks got from broadcast([a, b, c]).next(1), then .next(2)",
    );
  },

  "closing filter closes its target": ({ filter }) => {
    const log: string[] = [];
    const evens = filter(isEven, sink("a", log));
    evens.next(2);
    evens.return(undefined);
    evens.next(4);
    assert.deepEqual(
      log,
      ["a got 2", "a closed"],
      "what a logged for filter(isEven, a): next(2), return(), next(4) (return() runs finally, never catch)",
    );
  },

  "closing broadcast closes every target, in order": ({ broadcast }) => {
    const log: string[] = [];
    const all = broadcast([sink("a", log), sink("b", log), sink("c", log)]);
    all.next(1);
    all.return(undefined);
    assert.deepEqual(
      log,
      ["a got 1", "b got 1", "c got 1", "a closed", "b closed", "c closed"],
      "what the sinks logged for broadcast([a, b, c]): next(1), return()",
    );
  },

  "broadcast closes every target even when one fails to close, then passes the error on": (
    { broadcast },
  ) => {
    const log: string[] = [];
    const all = broadcast([sink("a", log), sink("b", log, true), sink("c", log)]);
    const thrown = thrownBy(() => all.return(undefined));
    assert.deepEqual(
      { log, thrown },
      { log: ["a closed", "b closed", "c closed"], thrown: "b failed to close" },
      "what broadcast([a, b, c]).return() did when closing b throws: c must still be closed",
    );
  },

  "source sends every value, then closes its target": ({ source }) => {
    const log: string[] = [];
    source([1, 2, 3], sink("a", log));
    assert.deepEqual(
      log,
      ["a got 1", "a got 2", "a got 3", "a closed"],
      "what a logged for source([1, 2, 3], a)",
    );
  },

  "source closes its target even when reading the values fails": ({ source }) => {
    const log: string[] = [];
    function* failing() {
      yield 1;
      throw new Error("the log file went away");
    }
    const thrown = thrownBy(() => source(failing(), sink("a", log)));
    assert.deepEqual(
      { log, thrown },
      { log: ["a got 1", "a closed"], thrown: "the log file went away" },
      "what source(values, a) did when values threw after 1: close a, and let the error out",
    );
  },

  "the whole pipeline: closing the head closes every stage and sink, in pipeline order": (
    { source, filter, broadcast },
  ) => {
    const log: string[] = [];
    const fanOut = broadcast([sink("a", log), sink("b", log)]);
    const head = filter(isEven, tap("tap", fanOut, log));
    source([1, 2, 3, 4], head);
    assert.deepEqual(
      log,
      ["a got 2", "b got 2", "a got 4", "b got 4", "tap closing", "a closed", "b closed"],
      "what source([1, 2, 3, 4], filter(isEven, tap(broadcast([a, b])))) made the sinks and the tap log",
    );
    assert.deepEqual(
      [head.next(6), fanOut.next(6)],
      [{ value: undefined, done: true }, { value: undefined, done: true }],
      "next(6) on the filter and on the broadcast afterwards: both should be closed",
    );
  },

  "an error in keep closes everything after filter, and comes out of source()": (
    { source, filter, broadcast },
  ) => {
    const log: string[] = [];
    const keep = (n: number) => {
      if (n === 3) throw new Error("keep cannot judge 3");
      return true;
    };
    const thrown = thrownBy(() =>
      source([2, 3, 4], filter(keep, broadcast([sink("a", log), sink("b", log)])))
    );
    assert.deepEqual(
      { log, thrown },
      { log: ["a got 2", "b got 2", "a closed", "b closed"], thrown: "keep cannot judge 3" },
      "what source([2, 3, 4], filter(keep, broadcast([a, b]))) did when keep threw at 3",
    );
  },
});
