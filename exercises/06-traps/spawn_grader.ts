/**
 * Grader for 06-traps/spawn. Run it: `deno task grade 06-traps/spawn`.
 *
 * Side by side with the reference kernel: every check writes one scenario
 * as task code with `kernel/operations.ts` (`spawn`, `current`,
 * `checkpoint`, a bare `yield`), runs it on your `Kernel` and on
 * `kernel/`'s `run(main, { clock: "virtual", trace })`, and compares the
 * two traces event by event, every field included. Where they part you see
 * the event number, both events, and the events before it.
 *
 * @module
 */

import assert from "node:assert/strict";
import { checkpoint, current, type KernelOp, spawn } from "../../kernel/mod.ts";
import { exploreKernelPrograms } from "../../runner/grading/program_checks.ts";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import {
  assertSameRun,
  explainSchedule,
  learnerRun,
  referenceRun,
} from "../../runner/grading/kernel_runs.ts";
import type { Divergence } from "../../runner/grading/trace_diff.ts";
import type * as Exercise from "./spawn.ts";

function explain(d: Divergence): string | undefined {
  const actual = d.actual as { type: string; task?: number } | undefined;
  const previous = d.before.at(-1) as { type: string; task?: number } | undefined;
  if (d.expected?.type === "trap" && actual?.type === "run" && previous?.type === "spawn") {
    return `task ${actual.task} ran right after it was spawned: spawn only queues the child (at the back); the parent goes on at once`;
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

export default defineGrader<typeof Exercise>({
  "main runs as task 1 and run() returns its value": async (module) => {
    // deno-lint-ignore require-yield
    await sideBySide(module, "main returns 42 at once", function* main() {
      return 42;
    });
  },
  "a checkpoint sends the task to the back of the queue": async (module) => {
    await sideBySide(module, "main checkpoints twice, once with yield*", function* main() {
      yield;
      yield* checkpoint();
      return "done";
    });
  },
  "spawn queues the child at the back and the parent goes on at once": async (module) => {
    await sideBySide(module, "main spawns three workers, then checkpoints", function* main() {
      yield* spawn(worker, "a", 2);
      yield* spawn(worker, "b", 1);
      yield* spawn(worker, "c", 2);
      yield;
      return "main done";
    });
  },
  "spawn answers with a handle whose id counts up from 2": ({ Kernel }) => {
    const ids: number[] = [];
    new Kernel().run(function* main() {
      for (let i = 0; i < 3; i++) ids.push((yield* spawn(worker, "w", 0)).id);
    });
    assert.deepEqual(ids, [2, 3, 4], "the ids of three tasks spawned by main");
  },
  "spawn passes the arguments to the task function": async (module) => {
    await sideBySide(module, "a task spawned with arguments returns them", function* main() {
      yield* spawn(
        function* add(a: number, b: number) {
          yield;
          return a + b;
        },
        2,
        3,
      );
      yield* spawn(function* greet(name: string) {
        return `hello ${name}`;
      }, "ada");
    });
  },
  "current() answers with the task's own handle, at once": async (module) => {
    function* whoAmI(): KernelOp<string> {
      const me = yield* current();
      yield;
      const again = yield* current();
      return `${me.id} ${me.name} ${me === again}`;
    }
    const answers: unknown[] = [];
    new module.Kernel().run(function* main() {
      answers.push(yield* current(), yield* current());
    });
    if (answers[0] !== answers[1]) {
      throw new Mistake(
        "two current() calls in one task answered with two different objects: answer with the task's own handle, the Task the kernel keeps for it (the one spawn gave out), not a copy",
      );
    }
    await sideBySide(module, "three tasks ask who they are", function* main() {
      yield* spawn(whoAmI);
      yield* spawn(whoAmI);
      const me = yield* current();
      return me.id;
    });
  },
  "a child spawns a grandchild: the trace names each parent": async (module) => {
    function* grandchild(): KernelOp<string> {
      yield;
      return "grandchild";
    }
    function* child(): KernelOp<string> {
      yield;
      yield* spawn(grandchild);
      yield;
      return "child";
    }
    await sideBySide(module, "main → child → grandchild", function* main() {
      yield* spawn(child);
      yield* spawn(worker, "sibling", 3);
      return "main";
    });
  },
  "a task that throws exits with its error, and the others run on": async (module) => {
    await sideBySide(module, "a worker throws at its second step", function* main() {
      yield* spawn(function* fails() {
        yield;
        throw new Error("boom");
      });
      yield* spawn(worker, "fine", 3);
      yield;
      return "main";
    });
  },
  "when main throws, run() throws main's error": async (module) => {
    await sideBySide(module, "main throws after spawning a worker", function* main() {
      yield* spawn(worker, "w", 2);
      yield;
      throw new TypeError("main failed");
    });
  },
  "many tasks: main spawns ten, each of them spawns one more": async (module) => {
    function* parent(n: number): KernelOp<number> {
      for (let i = 0; i < n % 3; i++) yield;
      yield* spawn(worker, `child of ${n}`, n % 2);
      return n;
    }
    await sideBySide(module, "ten parents with a child each", function* main() {
      for (let n = 0; n < 10; n++) yield* spawn(parent, n);
    });
  },
  "your kernel agrees with the kernel, trace for trace, on generated programs of spawn, current and checkpoint":
    (
      { Kernel },
    ) =>
      exploreKernelPrograms({
        features: {},
        run: (main, trace) => new Kernel(trace).run(main),
        explain,
        runner: (from) => [
          `import { showRuns } from "./runner/grading/program_checks.ts";`,
          `import { Kernel } from "${from}";`,
          `await showRuns(main, (trace) => new Kernel(trace).run(main));`,
        ],
      }),
});
