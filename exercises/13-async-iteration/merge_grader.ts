/**
 * Grader for 13-async-iteration/merge. Run it: `deno task grade 13-async-iteration/merge`.
 *
 * The sources are async probes: hand-written async iterators that log every
 * call (`a open`, `a next`, `a return`) and answer a `next()` only when the
 * check says so (`a.emit(1)`, `a.end()`, `a.fail(error)`). So "which value
 * comes first" and "who was closed, and when" are decided by the order of
 * events, never by a clock.
 *
 * @module
 */

import assert from "node:assert/strict";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import { explore } from "../../runner/grading/explore.ts";
import { logLine, withoutUnhandledRejections } from "../../runner/grading/awaitables.ts";
import {
  expectedMerge,
  type MergeCase,
  mergeCases,
  mergeSnippet,
  replayMerge,
} from "../../runner/grading/async_sources.ts";
import type * as Exercise from "./merge.ts";

/** A `next()` call of a source, waiting for the check to answer it. */
interface Waiter {
  resolve: (result: IteratorResult<number>) => void;
  reject: (error: unknown) => void;
}

/** An async source whose every `next()` waits until the check answers it. */
class Source implements AsyncIterable<number> {
  #waiting: Waiter[] = [];
  #closed = false;
  constructor(readonly name: string, readonly log: string[]) {}

  [Symbol.asyncIterator](): AsyncIterator<number> {
    this.log.push(`${this.name} open`);
    return {
      next: () => {
        this.log.push(`${this.name} next`);
        if (this.#closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
      },
      return: async () => {
        this.log.push(`${this.name} return`);
        this.#closed = true;
        await tick(); // closing takes a moment, as closing a socket does
        for (const w of this.#waiting.splice(0)) w.resolve({ value: undefined, done: true });
        this.log.push(`${this.name} closed`);
        return { value: undefined, done: true };
      },
    };
  }

  #answer(): Waiter {
    const waiter = this.#waiting.shift();
    if (waiter === undefined) {
      throw new Mistake(
        `${this.name} was never asked for a value here: merge should have a next() waiting on every open source`,
      );
    }
    return waiter;
  }
  emit(value: number) {
    this.#answer().resolve({ value, done: false });
  }
  end() {
    this.#answer().resolve({ value: undefined, done: true });
  }
  fail(error: unknown) {
    this.#answer().reject(error);
  }
}

/** Mark `promise` as handled now (it is awaited later): a stub's rejection must not kill the run. */
function later<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/** Let every pending callback run (one macrotask: all microtasks first). */
function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function sources(...names: string[]): [string[], ...Source[]] {
  const log: string[] = [];
  return [log, ...names.map((name) => new Source(name, log))];
}

/** The calls one source saw, without its name. */
function of(log: string[], name: string): string[] {
  return log.filter((line) => line.startsWith(`${name} `)).map((line) =>
    line.slice(name.length + 1)
  );
}

/**
 * Await `promise`, but fail (not hang) when it is still pending after the
 * sources have had every chance to answer (50 rounds of callbacks).
 */
async function settled<T>(promise: Promise<T>, what: string): Promise<T> {
  let done = false;
  promise.then(() => done = true, () => done = true);
  for (let round = 0; round < 50 && !done; round++) await tick();
  if (!done) throw new Mistake(`${what} is still pending although the sources have answered`);
  return await promise;
}

export default defineGrader<typeof Exercise>({
  "opens every source and asks each for one value": async ({ merge }) => {
    const [log, a, b] = sources("a", "b");
    const merged = merge(a, b);
    const first = later(merged.next());
    await Promise.race([first, tick()]); // Why the race: an error thrown at once shows here
    assert.deepEqual(
      [of(log, "a"), of(log, "b")],
      [["open", "next"], ["open", "next"]],
      "calls each source saw after the first next()",
    );
    b.emit(1);
    await settled(first, "the first next()");
    await merged.return();
  },
  "yields values in the order they arrive, not in source order": async ({ merge }) => {
    const [, a, b, c] = sources("a", "b", "c");
    const merged = merge(a, b, c);
    const got: unknown[] = [];
    const next = async (answer: () => void) => {
      const result = later(merged.next());
      await tick();
      answer();
      got.push((await settled(result, "next()")).value);
    };
    await next(() => c.emit(30));
    await next(() => a.emit(10));
    await next(() => c.emit(31));
    await next(() => b.emit(20));
    assert.deepEqual(
      got,
      [30, 10, 31, 20],
      "values when c, a, c, b answer in that order (they must come in the order they arrive)",
    );
    await merged.return();
  },
  "asks a source again only after its value was taken (no reading ahead)": async ({ merge }) => {
    const [log, a, b] = sources("a", "b");
    const merged = merge(a, b);
    const first = later(merged.next());
    await tick();
    a.emit(1);
    await settled(first, "the first next()");
    await tick();
    assert.deepEqual(
      of(log, "a"),
      ["open", "next"],
      "calls a saw after its value 1 was yielded, before the consumer asked again",
    );
    const second = later(merged.next());
    await tick();
    assert.deepEqual(
      of(log, "a"),
      ["open", "next", "next"],
      "calls a saw once the consumer asked for another value",
    );
    assert.deepEqual(
      of(log, "b"),
      ["open", "next"],
      "calls b saw (its first next() is still waiting: ask it only once)",
    );
    b.emit(2);
    assert.deepEqual(
      await settled(second, "the second next()"),
      { value: 2, done: false },
      "second value",
    );
    await merged.return();
  },
  "ends when every source has ended, without closing the finished ones": async ({ merge }) => {
    const [log, a, b] = sources("a", "b");
    const merged = merge(a, b);
    const got: unknown[] = [];
    const first = later(merged.next());
    await tick();
    a.end();
    b.emit(7);
    got.push((await settled(first, "next()")).value);
    const second = later(merged.next());
    await tick();
    b.end();
    const last = await settled(second, "next() after every source ended");
    assert.deepEqual([got, last], [[7], { value: undefined, done: true }], "values, then the end");
    assert.ok(
      !log.some((l) => l.endsWith("return")),
      `a finished source must not be closed, yet the log is ${JSON.stringify(log)}`,
    );
    assert.deepEqual(await merged.next(), { value: undefined, done: true }, "next() after the end");
  },
  "a consumer that breaks closes every source still open, before its loop ends": async (
    { merge },
  ) => {
    const [log, a, b, c] = sources("a", "b", "c");
    const loop = later((async () => {
      for await (const value of merge(a, b, c)) {
        log.push(`got ${value}`);
        break;
      }
      log.push("loop ended");
    })());
    await tick();
    b.end();
    await tick();
    c.emit(5);
    await settled(loop, "the loop (after break)");
    assert.deepEqual(
      log.filter((l) => !l.endsWith("open") && !l.endsWith("next")),
      ["got 5", "a return", "a closed", "c return", "c closed", "loop ended"],
      "events after the consumer breaks: every source still open (a and c, not the finished b) is closed and its close awaited, before the loop ends",
    );
  },
  "a source that throws: the others are closed, then the error reaches the consumer": async (
    { merge },
  ) => {
    const [log, a, b, c] = sources("a", "b", "c");
    const boom = new Error("b broke");
    const loop = later((async () => {
      try {
        for await (const value of merge(a, b, c)) log.push(`got ${value}`);
      } catch (error) {
        log.push(error === boom ? "caught b's error" : `caught ${String(error)}`);
      }
    })());
    await tick();
    b.fail(boom);
    await settled(loop, "the loop (after a source threw)");
    assert.deepEqual(
      log.filter((l) => !l.endsWith("open") && !l.endsWith("next")),
      ["a return", "a closed", "c return", "c closed", "caught b's error"],
      "events after b throws: every other source still open is closed (not b, it is broken), then the consumer gets b's own error",
    );
  },
  "merge() of no sources ends at once": async ({ merge }) => {
    assert.deepEqual(await settled(merge().next(), "merge().next()"), {
      value: undefined,
      done: true,
    }, "merge().next()");
  },
  "a close that fails does not stop the others: every source still open is closed": async (
    { merge },
  ) => {
    // a's return() throws; b and c close normally. The consumer takes one
    // value from a, then stops with return().
    const c: MergeCase = {
      sources: [
        { values: [1], then: "hang", onReturn: "throws" },
        { values: [], then: "hang", onReturn: "closes" },
        { values: [], then: "hang", onReturn: "closes" },
      ],
      reads: 1,
      stop: "return",
      choices: [],
    };
    const yours = (await replayMerge(merge, c)).order;
    const unclosed = ["b", "c"].filter((name) => !yours.includes(`${name} return`));
    if (yours.includes("a return threw") && unclosed.length > 0) {
      throw new Mistake(
        `after a's return() threw, ${unclosed.join(" and ")} ${
          unclosed.length > 1 ? "were" : "was"
        } never closed (the events: ${
          yours.join(" | ")
        }): a close that fails must not stop the others. Close each source in its own try/catch, and throw the first failure once all are closed`,
      );
    }
    assert.deepEqual(
      yours,
      expectedMerge(c).order,
      "events when a's return() throws as the consumer stops: b and c must still be closed, then return() rejects with a's error",
    );
  },
  "merge follows the rules on generated sources, answer orders and consumers: values, ends, failures, hangs, closes that fail":
    ({ merge }) =>
      withoutUnhandledRejections(() =>
        explore({
          truth: "the rules",
          arbitrary: mergeCases,
          compare: async (c) => {
            const truth = expectedMerge(c);
            const yours = await replayMerge(merge, c);
            if (JSON.stringify(truth.order) !== JSON.stringify(yours.order)) {
              return {
                truth: logLine(truth.order),
                yours: logLine(yours.order),
                what: "what the consumer got and which sources were closed, in order",
              };
            }
            for (const [i, calls] of truth.sources.entries()) {
              if (JSON.stringify(calls) !== JSON.stringify(yours.sources[i])) {
                return {
                  truth: calls.join(", "),
                  yours: yours.sources[i].join(", "),
                  what: `the calls source ${"abc"[i]} saw, @n: during the consumer's n-th call`,
                };
              }
            }
            return undefined;
          },
          snippet: mergeSnippet,
          runs: 150,
        })
      ),
});
