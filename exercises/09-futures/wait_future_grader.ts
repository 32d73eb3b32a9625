/**
 * Grader for 09-futures/wait_future. Run it: `deno task grade 09-futures/wait_future`.
 *
 * Each check runs the same tasks on your kernel and on the reference kernel
 * (`kernel/`, with `yield* wait(future)`), and compares the two traces
 * event by event (`time` and `parent` left out). Where they part you see the
 * event number, both events, and the events before it.
 *
 * @module
 */

import { Future, type KernelOp, run, spawn, type TraceEvent, wait } from "../../kernel/mod.ts";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import {
  assertSameTrace,
  formatEvent,
  projectTrace,
  type TraceLike,
} from "../../runner/grading/trace_diff.ts";
import type * as Exercise from "./wait_future.ts";

/** The two operations a scenario uses, from one kernel or the other. */
interface Ops {
  spawn(fn: () => Generator<unknown, unknown, unknown>): Generator<unknown, unknown, unknown>;
  wait<T>(future: Future<T>): Generator<unknown, T, unknown>;
}

/** A scenario: builds main from the operations (fresh Futures on every call). */
type Scenario = (ops: Ops) => () => Generator<unknown, unknown, unknown>;

const kernelOps: Ops = {
  spawn: (fn) => spawn(fn as () => KernelOp<unknown>),
  wait: (future) => wait(future),
};

async function referenceTrace(scenario: Scenario): Promise<TraceLike[]> {
  const events: TraceEvent[] = [];
  await run(scenario(kernelOps) as () => KernelOp<unknown>, {
    trace: (event) => events.push(event),
    onUnjoinedError: () => {},
  }).catch(() => {});
  return projectTrace(events, { omit: ["time", "parent", "detail"] });
}

async function check(module: typeof Exercise, what: string, scenario: Scenario): Promise<void> {
  const expected = await referenceTrace(scenario);
  const ops: Ops = {
    spawn: (fn) => module.spawn(fn as Exercise.TaskFunction),
    wait: (future) => module.wait(future),
  };
  const actual: TraceLike[] = [];
  try {
    await module.run(scenario(ops) as Exercise.TaskFunction, (event) => actual.push(event));
  } catch (error) {
    throw new Mistake(
      `${what}: your kernel's run() threw ${error}, after these events:\n  ${
        actual.map((e) => formatEvent(e)).join("\n  ")
      }`,
    );
  }
  assertSameTrace(projectTrace(actual, { omit: ["time", "parent"] }), expected, what, {
    reference: "the kernel",
    explain: ({ expected, actual, before }) => {
      if (expected?.type === "trap" && actual?.type === "block") {
        return "the kernel answers a Future that is already done at once: no block, no switch";
      }
      if (actual?.type === "run" && (expected?.type === "wake" || before.at(-1)?.type === "wake")) {
        return "a task ran inside the done callback: the callback must only queue it; the loop runs it";
      }
      return undefined;
    },
  });
}

export default defineGrader<typeof Exercise>({
  "a Future that is already done is answered at once, value or error": (m) =>
    check(m, "done Futures", ({ wait }) =>
      function* main() {
        const ok = new Future<number>();
        ok.setResult(1);
        const failed = new Future<number>();
        failed.setError(new Error("already failed"));
        const one = yield* wait(ok);
        try {
          yield* wait(failed);
        } catch (error) {
          return `${one} and ${(error as Error).message}`;
        }
      }),
  "a task waiting on a Future wakes when another task completes it": (m) =>
    check(m, "one waiter, one setter", ({ spawn, wait }) =>
      function* main() {
        const answer = new Future<string>();
        yield* spawn(function* waiter() {
          return yield* wait(answer);
        });
        yield* spawn(function* setter() {
          yield;
          answer.setResult("hello");
          yield;
          return "set";
        });
      }),
  "several waiters wake in the order they waited; an error is thrown in at the wait": (m) =>
    check(m, "three waiters on a failing Future", ({ spawn, wait }) =>
      function* main() {
        const shared = new Future<number>();
        for (const name of ["a", "b", "c"]) {
          yield* spawn(
            Object.defineProperty(
              function* () {
                try {
                  return yield* wait(shared);
                } catch (error) {
                  return `${name} caught ${(error as Error).message}`;
                }
              },
              "name",
              { value: name },
            ),
          );
        }
        yield;
        shared.setError(new Error("no luck"));
        return "done";
      }),
  "a Future completed from outside (a timer) wakes a loop with nothing else to do": (m) =>
    check(m, "completed by setTimeout", ({ spawn, wait }) =>
      function* main() {
        const first = new Future<string>();
        const second = new Future<string>();
        yield* spawn(function* early() {
          // Armed by the last task to block, so both fire while the loop idles.
          setTimeout(() => first.setResult("first"), 0);
          setTimeout(() => second.setResult("second"), 50);
          return yield* wait(first);
        });
        return yield* wait(second);
      }),
});
