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
import { differ, explore, fc } from "../../runner/grading/explore.ts";
import {
  compact,
  literal,
  someScript,
  someSource,
  someThrown,
  sometimes,
  someValue,
  type Thrown,
} from "../../runner/grading/iterator_scripts.ts";
import {
  type Keep,
  playPush,
  type Push,
  type PushNode,
  type SinkNode,
  truthPush,
} from "../../runner/grading/truths/push.ts";
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

// ── generated pipelines ─────────────────────────────────────────────────

const someSink: fc.Arbitrary<SinkNode> = fc.record({
  sink: fc.constant("?"),
  stopAfter: sometimes(fc.integer({ min: 1, max: 2 }), 0.3),
  failsOnValue: sometimes(fc.nat(2), 0.1),
  // Half of them falsy: a close error of 0 or undefined is an error all the same.
  failsOnClose: sometimes(
    fc.oneof(someThrown, fc.constantFrom<Thrown>(["raw", 0], ["raw", undefined], ["raw", ""])),
    0.4,
  ),
  stubborn: sometimes(fc.constant(true), 0.15),
}).map((sink) => compact(sink) as SinkNode);

const someKeep: fc.Arbitrary<Keep> = fc.record({
  rule: fc.constantFrom<Keep["rule"]>("odd", "truthy", "all", "none"),
  throwsAt: sometimes(fc.nat(3), 0.2),
}).map(({ rule, throwsAt }) => (throwsAt === undefined ? { rule } : { rule, throwsAt }));

const { node: someNode, stage: someStage } = fc.letrec<{ node: PushNode; stage: PushNode }>((
  tie,
) => ({
  node: fc.oneof(
    { maxDepth: 3, depthIdentifier: "push", withCrossShrink: true },
    someSink,
    tie("stage"),
  ),
  stage: fc.oneof(
    { depthIdentifier: "push" },
    { weight: 1, arbitrary: fc.record({ filter: someKeep, to: tie("node") }) },
    {
      weight: 2,
      arbitrary: fc.record({ broadcast: fc.array(tie("node"), { minLength: 2, maxLength: 3 }) }),
    },
    { weight: 1, arbitrary: fc.record({ tap: fc.constant("tap"), to: tie("node") }) },
  ),
}));

/** A pipeline whose head is a stage (a bare sink at the head says little), mostly. */
const someTree = fc.oneof({ weight: 1, arbitrary: someNode }, { weight: 4, arbitrary: someStage });

/** Name the sinks a, b, c, ... and the taps tap1, tap2, ... in building order. */
function named(tree: PushNode): PushNode {
  let sinks = 0;
  let taps = 0;
  const walk = (node: PushNode): PushNode => {
    if ("sink" in node) return { ...node, sink: String.fromCharCode(97 + sinks++) };
    if ("tap" in node) return { tap: `tap${++taps}`, to: walk(node.to) };
    if ("filter" in node) return { filter: node.filter, to: walk(node.to) };
    return { broadcast: node.broadcast.map(walk) };
  };
  return walk(tree);
}

/** The failures in a case: errors on the way down, and sinks that fail to close. */
function failures(tree: PushNode): { down: number; close: number } {
  if ("sink" in tree) {
    const closing = tree.failsOnClose !== undefined;
    // A sink that stops by itself closes while a value is on its way down.
    const down = (tree.failsOnValue !== undefined ? 1 : 0) + (closing && tree.stopAfter ? 1 : 0);
    return { down, close: closing && !tree.stopAfter ? 1 : 0 };
  }
  const children = "broadcast" in tree ? tree.broadcast : [tree.to];
  const own = "filter" in tree && tree.filter.throwsAt !== undefined ? 1 : 0;
  return children.map(failures).reduce(
    (sum, f) => ({ down: sum.down + f.down, close: sum.close + f.close }),
    { down: own, close: 0 },
  );
}

/**
 * Pipelines with at most one error on the way down, or else any number of
 * sinks that fail to close: the exercise says what happens then (the first
 * close error goes on). Which of two errors wins when both happen at once is
 * left to JavaScript's finally, so such cases are not generated.
 */
const somePushCase = fc.record({
  values: someSource(someValue, { maxLength: 4 }).map((shape) =>
    shape.returnThrows ? { ...shape, returnThrows: undefined } : shape
  ),
  tree: someTree.map(named),
  drive: fc.oneof(
    { weight: 3, arbitrary: fc.constant<"source">("source") },
    { weight: 1, arbitrary: someScript({ maxLength: 4 }) },
  ),
}).filter(({ values, tree, drive }) => {
  const { down, close } = failures(tree);
  const thrownIn = drive === "source"
    ? (values.throwsAt !== undefined ? 1 : 0)
    : drive.filter((call) => call[0] === "throw").length;
  return down + thrownIn === 0 || (down + thrownIn === 1 && close === 0);
}).map(({ values, tree, drive }) => ({
  values: compact(values),
  tree,
  drive,
}));

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

  "pipelines agree with the rules on generated shapes, values, failing sinks and scripts": (
    module,
  ) =>
    explore({
      truth: "the rules",
      arbitrary: somePushCase,
      compare: ({ values, tree, drive }) =>
        differ(
          playPush(module as unknown as Push, values, tree, drive),
          playPush(truthPush, values, tree, drive),
          "what happened, in order",
        ),
      snippet: ({ values, tree, drive }, from) => [
        `import * as yours from "${from}";`,
        `import { playPush, type Push, type PushNode, truthPush } from "./runner/grading/truths/push.ts";`,
        `import type { Call, SourceShape } from "./runner/grading/iterator_scripts.ts";`,
        `const values: SourceShape = ${literal(values)};`,
        `const tree: PushNode = ${literal(tree)};`,
        `const drive: "source" | Call[] = ${literal(drive)};`,
        `console.log("the rules:", playPush(truthPush, values, tree, drive));`,
        `console.log("yours:    ", playPush(yours as unknown as Push, values, tree, drive));`,
      ],
    }),
});
