/**
 * The truth for 03-coroutines/push: `filter`, `broadcast` and `source` as
 * the plainest generators the exercise's rules describe, and a player that
 * builds a generated pipeline (the grader's own sinks and taps at its
 * leaves and between its stages), runs it, and writes one log of
 * everything: every value's way down, every close, every error.
 *
 * The rules, as the truth follows them: a stage sends on what it keeps; an
 * error from a target is not caught, it ends the stage that sent the value
 * (which closes what it sends to) and travels back up; closing, by
 * `return()` or by an error, closes what a stage sends to, in `finally`;
 * `broadcast` closes every target in order even when one fails to close, and
 * then throws the first error; `source` sends every value, stops reading the
 * values (closing them, as `for...of` does) when sending fails, and closes
 * its target however it ends.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { playPush, truthPush } from "./push.ts";
 *
 * const log = playPush(truthPush, { values: [1, 2] }, { filter: { rule: "odd" }, to: { sink: "a" } }, "source");
 * assert.deepEqual(log, [
 *   "values open", "values next → 1", "a got 1", "values next → 2", "values next → done",
 *   "a closed", "source() returned", "next(99) on the head → done undefined",
 * ]);
 * ```
 *
 * @module
 */

import {
  Boom,
  type Call,
  label,
  play,
  rethrowStub,
  show,
  source as loggingSource,
  type SourceShape,
  type Thrown,
  thrownValue,
} from "../iterator_scripts.ts";

/** A coroutine values are sent into. */
export type Receiver = Generator<unknown, unknown, unknown>;

/** The three functions of the exercise: yours, or {@linkcode truthPush}. */
export interface Push {
  filter(keep: (value: unknown) => boolean, target: Receiver): Receiver;
  broadcast(targets: Receiver[]): Receiver;
  source(values: Iterable<unknown>, target: Receiver): void;
}

/** A sink (the grader's own coroutine at the end of the pipeline), as data. */
export interface SinkNode {
  /** Its name in the log. */
  sink: string;
  /** It returns after this many values (a consumer that has had enough). */
  stopAfter?: number;
  /** It throws `Boom(<name> failed)` on the value with this index, instead of taking it. */
  failsOnValue?: number;
  /** Its finally throws this when it closes (a label `l` as `Boom(<sink> l)`). */
  failsOnClose?: Thrown;
  /** Its finally yields once before it ends (so return() answers done: false). */
  stubborn?: boolean;
}

/** What a filter keeps: odd numbers, truthy values, all, none; its `throwsAt`-th call throws. */
export interface Keep {
  /** What it keeps. */
  rule: "odd" | "truthy" | "all" | "none";
  /** The call (from 0) at which keep throws `Boom(keep)`. */
  throwsAt?: number;
}

/** A pipeline, as data: a sink, or a stage in front of more pipeline. */
export type PushNode =
  | SinkNode
  | { filter: Keep; to: PushNode }
  | { broadcast: PushNode[] }
  | { tap: string; to: PushNode };

/** Run a coroutine to its first yield. */
function started(coroutine: Receiver): Receiver {
  coroutine.next();
  return coroutine;
}

/** Close every target in order; then throw the first error, if any. */
function closeEach(targets: Receiver[]): void {
  const errors: unknown[] = [];
  for (const target of targets) {
    try {
      target.return(undefined);
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw errors[0];
}

/** The rules, as the plainest generators. */
export const truthPush: Push = {
  filter(keep, target) {
    return started((function* () {
      try {
        while (true) {
          const value = yield;
          if (keep(value)) target.next(value);
        }
      } finally {
        target.return(undefined);
      }
    })());
  },
  broadcast(targets) {
    return started((function* () {
      try {
        while (true) {
          const value = yield;
          for (const target of targets) target.next(value);
        }
      } finally {
        closeEach(targets);
      }
    })());
  },
  source(values, target) {
    try {
      for (const value of values) target.next(value);
    } finally {
      target.return(undefined);
    }
  },
};

/**
 * What a sink throws when it fails to close: `Boom(<sink> <label>)`, named
 * after the sink so two sinks' errors never look alike, or the raw value.
 */
function closeError(node: SinkNode): unknown {
  const thrown = node.failsOnClose!;
  return typeof thrown === "string" ? new Boom(`${node.sink} ${thrown}`) : thrownValue(thrown);
}

function sink(node: SinkNode, log: string[]): Receiver {
  return started((function* () {
    let received = 0;
    try {
      while (true) {
        const value = yield;
        if (node.failsOnValue === received) {
          log.push(`${node.sink} fails on ${show(value)}`);
          throw new Boom(`${node.sink} failed`);
        }
        received++;
        log.push(`${node.sink} got ${show(value)}`);
        if (node.stopAfter === received) {
          log.push(`${node.sink} has had enough`);
          return;
        }
      }
    } finally {
      log.push(`${node.sink} closed`);
      if (node.stubborn) log.push(`${node.sink} finally got ${show(yield)}`);
      // deno-lint-ignore no-unsafe-finally -- on purpose: a sink that fails to close
      if (node.failsOnClose !== undefined) throw closeError(node);
    }
  })());
}

function tap(name: string, target: Receiver, log: string[]): Receiver {
  return started((function* () {
    try {
      while (true) target.next(yield);
    } finally {
      log.push(`${name} closing`);
      target.return(undefined);
    }
  })());
}

function keeper(keep: Keep, log: string[]): (value: unknown) => boolean {
  let calls = 0;
  return (value) => {
    if (keep.throwsAt === calls++) {
      log.push(`keep fails on ${show(value)}`);
      throw new Boom("keep");
    }
    switch (keep.rule) {
      case "odd":
        return typeof value === "number" && Math.abs(value % 2) === 1;
      case "truthy":
        return Boolean(value);
      case "all":
        return true;
      case "none":
        return false;
    }
  };
}

/** Build `node` with `using`'s stages, the grader's sinks and taps, children first. */
export function buildPush(using: Push, node: PushNode, log: string[]): Receiver {
  if ("sink" in node) return sink(node, log);
  if ("tap" in node) return tap(node.tap, buildPush(using, node.to, log), log);
  if ("filter" in node) {
    return using.filter(keeper(node.filter, log), buildPush(using, node.to, log));
  }
  return using.broadcast(node.broadcast.map((child) => buildPush(using, child, log)));
}

/**
 * Build the pipeline and run it: with `"source"`, `source(values, head)`
 * and then one more `next(99)` on the head; with a script, the script's
 * calls made on the head itself. Returns the one log.
 */
export function playPush(
  using: Push,
  values: SourceShape,
  tree: PushNode,
  drive: "source" | readonly Call[],
): string[] {
  const log: string[] = [];
  const head = buildPush(using, tree, log);
  if (drive === "source") {
    try {
      using.source(loggingSource(values, log, "values"), head);
      log.push("source() returned");
    } catch (error) {
      rethrowStub(error);
      log.push(`source() threw ${label(error)}`);
    }
    // Why one more value: a pipeline closed by source() must stay closed.
    const [after] = play(head, [["next", 99]]);
    log.push(after.replace("next(99)", "next(99) on the head"));
    return log;
  }
  for (const call of drive) log.push(...play(head, [call]).map((line) => `head: ${line}`));
  return log;
}
