/**
 * Grader for 06-traps/join. Run it: `deno task grade 06-traps/join`.
 *
 * Side by side with the reference kernel, as in the `spawn` exercise: each
 * check is one scenario of task code (`spawn`, `join`, `checkpoint` from
 * `kernel/operations.ts`), run on your `Kernel` and on `kernel/`, and the
 * traces must agree event for event, `block` and `wake` included.
 *
 * @module
 */

import { checkpoint, current, join, type KernelOp, spawn } from "../../kernel/mod.ts";
import { exploreKernelPrograms } from "../../runner/grading/program_checks.ts";
import { defineGrader } from "../../runner/grading/grader.ts";
import {
  assertSameRun,
  explainSchedule,
  learnerRun,
  referenceRun,
} from "../../runner/grading/kernel_runs.ts";
import type { Divergence } from "../../runner/grading/trace_diff.ts";
import type * as Exercise from "./join.ts";

type Event = {
  type: string;
  task?: number;
  trap?: string;
  detail?: string;
  error?: string;
  value?: unknown;
};

function explain(d: Divergence): string | undefined {
  const expected = d.expected as Event | undefined;
  const actual = d.actual as Event | undefined;
  if (
    actual?.type === "block" && actual.trap === "join" && actual.detail === `task ${actual.task}`
  ) {
    return `task ${actual.task} joined itself and blocked: nothing could ever wake it. Throw the kernel's error into it at once instead (new Error(\`Cannot join task \${id} ("\${name}") from itself: it would wait forever\`)), where its try/catch can take it`;
  }
  if (expected?.type === "wake" && expected.trap === "join") {
    return `task ${expected.task} was waiting in join and must be woken when the task it joined exits: wake every waiter, in the order they started waiting`;
  }
  if (expected?.type !== "block" && actual?.type === "block" && actual.trap === "join") {
    return `task ${actual.task} blocked on a task that had already finished: join of a finished task answers at once (its value, or its error thrown in)`;
  }
  if (
    expected?.type === "exit" && actual?.type === "exit" && expected.task === actual.task &&
    / from itself: it would wait forever$/.test(expected.error ?? "") && actual.error === undefined
  ) {
    return `task ${actual.task} joined itself and went on as if the join had answered: a task that joins itself must get the kernel's error thrown in at once (new Error(\`Cannot join task \${id} ("\${name}") from itself: it would wait forever\`))`;
  }
  if (expected?.type === "exit" && actual?.type === "exit" && expected.task === actual.task) {
    if (expected.error !== undefined && actual.error === undefined) {
      return `task ${actual.task} should have ended with ${expected.error}: the error of a joined task is thrown into the joiner at its join, never swallowed`;
    }
    if (expected.error === undefined && actual.error !== undefined) {
      return `task ${actual.task} should have caught the joined task's error with try/catch: throw it in at the join (gen.throw), so the joiner's catch can see it`;
    }
    return `task ${actual.task} ended differently: a join gave it the wrong answer. A join answers with the joined task's value, or throws its error in: an error is never swallowed`;
  }
  return explainSchedule(d);
}

async function sideBySide(
  { Kernel }: typeof Exercise,
  what: string,
  main: () => KernelOp<unknown>,
): Promise<void> {
  const reference = await referenceRun(main);
  const learner = await learnerRun((trace) => new Kernel(trace).run(main));
  assertSameRun(learner, reference, what, explain);
}

function* worker(name: string, steps: number): KernelOp<string> {
  for (let i = 0; i < steps; i++) yield;
  return name;
}

function* fails(message: string, steps: number): KernelOp<never> {
  for (let i = 0; i < steps; i++) yield;
  throw new Error(message);
}

export default defineGrader<typeof Exercise>({
  "join blocks until the task exits, then answers with its value": async (module) => {
    await sideBySide(module, "main joins a worker of three steps", function* main() {
      const task = yield* spawn(worker, "w", 3);
      return yield* join(task);
    });
  },
  "join of a finished task answers at once, without blocking": async (module) => {
    await sideBySide(module, "main joins a worker that already ended", function* main() {
      const task = yield* spawn(worker, "quick", 0);
      yield* checkpoint();
      yield* checkpoint();
      const value = yield* join(task);
      return `${value} at once`;
    });
  },
  "a joined task's error is thrown into the joiner, where catch can take it": async (module) => {
    await sideBySide(module, "main catches a worker's error at the join", function* main() {
      const task = yield* spawn(fails, "disk full", 2);
      try {
        yield* join(task);
        return "no error?";
      } catch (error) {
        return `caught ${(error as Error).message}`;
      }
    });
  },
  "a finished task's error is thrown at once by a later join": async (module) => {
    await sideBySide(module, "main joins a task that already failed", function* main() {
      const task = yield* spawn(fails, "early", 0);
      yield;
      try {
        yield* join(task);
      } catch (error) {
        return `caught ${(error as Error).message}`;
      }
    });
  },
  "an error nobody catches travels up the joins to run()": async (module) => {
    function* middle(): KernelOp<string> {
      const inner = yield* spawn(fails, "deep down", 1);
      return yield* join(inner);
    }
    await sideBySide(module, "main joins middle, which joins a failing task", function* main() {
      const task = yield* spawn(middle);
      return yield* join(task);
    });
  },
  "several tasks join one target: all wake, in the order they waited": async (module) => {
    function* waiter(target: unknown): KernelOp<string> {
      const me = yield* current();
      const value = yield* join(target as Parameters<typeof join>[0]);
      return `${me.id} got ${value}`;
    }
    await sideBySide(module, "three tasks join one slow worker", function* main() {
      const slow = yield* spawn(worker, "slow", 4);
      const waiters = [];
      for (let i = 0; i < 3; i++) waiters.push(yield* spawn(waiter, slow));
      const values = [];
      for (const w of waiters) values.push(yield* join(w));
      return values;
    });
  },
  "one task joins many in turn, some finished, some not": async (module) => {
    await sideBySide(module, "main joins five workers of 3, 0, 2, 5 and 1 steps", function* main() {
      const tasks = [];
      for (const [i, steps] of [3, 0, 2, 5, 1].entries()) {
        tasks.push(yield* spawn(worker, `w${i}`, steps));
      }
      yield;
      const values = [];
      for (const task of tasks) values.push(yield* join(task));
      return values.join(",");
    });
  },
  "a task that joins itself gets the kernel's error at once, where catch can take it; it never blocks":
    async (module) => {
      function* selfish(): KernelOp<string> {
        yield;
        return String(yield* join(yield* current())); // not caught: the task fails with it
      }
      await sideBySide(
        module,
        "main joins itself inside try/catch; a task that joins itself without one fails",
        function* main() {
          const seen: string[] = [];
          const task = yield* spawn(selfish);
          try {
            yield* join(yield* current());
            seen.push("main joined itself?");
          } catch (error) {
            seen.push(`main caught ${error}`);
          }
          try {
            seen.push(yield* join(task));
          } catch (error) {
            seen.push(`caught from selfish: ${error}`);
          }
          return seen;
        },
      );
    },
  "your kernel agrees with the kernel, trace for trace, on generated programs that join finished, waiting and failed tasks":
    (
      { Kernel },
    ) =>
      exploreKernelPrograms({
        features: { join: true },
        run: (main, trace) => new Kernel(trace).run(main),
        explain,
        runner: (from) => [
          `import { showRuns } from "./runner/grading/program_checks.ts";`,
          `import { Kernel } from "${from}";`,
          `await showRuns(main, (trace) => new Kernel(trace).run(main));`,
        ],
      }),
});
