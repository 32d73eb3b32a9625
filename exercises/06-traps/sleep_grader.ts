/**
 * Grader for 06-traps/sleep. Run it: `deno task grade 06-traps/sleep`.
 *
 * Two kinds of checks. Your `TimerHeap` is run side by side with the
 * kernel's (`kernel/timer_heap.ts`) on the same pushes and pops, and must
 * give the same items in the same order. Your `Kernel` runs sleeping
 * scenarios side by side with `kernel/`'s `run(main, { clock: "virtual" })`:
 * both clocks are virtual, so every `time` in the two traces must be equal,
 * exactly, and an hour of sleeping takes no time at all.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join, type KernelOp, now, sleep, spawn } from "../../kernel/mod.ts";
import { TimerHeap as KernelHeap } from "../../kernel/timer_heap.ts";
import { exploreKernelPrograms } from "../../runner/grading/program_checks.ts";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import {
  assertSameRun,
  explainSchedule,
  learnerRun,
  referenceRun,
} from "../../runner/grading/kernel_runs.ts";
import type { Divergence } from "../../runner/grading/trace_diff.ts";
import type * as Exercise from "./sleep.ts";

type Event = { type: string; task?: number; trap?: string; time?: number };

function explain(d: Divergence): string | undefined {
  const expected = d.expected as Event | undefined;
  const actual = d.actual as Event | undefined;
  if (expected?.type === "wake" && actual?.type === "wake" && expected.trap === "sleep") {
    if (expected.time === actual.time && expected.task !== actual.task) {
      return `task ${actual.task} woke before task ${expected.task}, at the same time: timers with equal deadlines fire in the order they were set (order by deadline, then by push order)`;
    }
    return `task ${actual.task} woke at ${actual.time}, where the kernel wakes task ${expected.task} at ${expected.time}: sleepers wake soonest deadline first, each at its own deadline`;
  }
  if (expected?.type !== "wake" && actual?.type === "wake" && actual.trap === "sleep") {
    return `task ${actual.task} woke at ${actual.time} before its deadline: wake only the timers whose deadline has come (deadline <= the clock); the others stay in the heap`;
  }
  if (expected?.type === "run" && actual?.type === "block" && actual.trap === "sleep") {
    return `task ${actual.task} blocked in sleep(0): sleeping for 0 seconds is a checkpoint (back of the ready queue), with no timer, no block and no wake`;
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

function* sleeper(seconds: number): KernelOp<number> {
  yield* sleep(seconds);
  return yield* now();
}

/** Beazley's countdown: print (here: collect) a number each second. */
function* countdown(n: number, pause: number): KernelOp<string> {
  const ticks: number[] = [];
  while (n > 0) {
    ticks.push(yield* now());
    yield* sleep(pause);
    n--;
  }
  return ticks.join(" ");
}

/** A deterministic sequence of numbers in [0, 1): the same on every run. */
function* lcg(seed: number): Generator<number, never> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2147483648;
    yield x / 2147483648;
  }
}

export default defineGrader<typeof Exercise>({
  "TimerHeap pops the soonest deadline first": ({ TimerHeap }) => {
    const heap = new TimerHeap<string>();
    for (const [name, at] of [["c", 3], ["a", 1], ["e", 5], ["b", 2], ["d", 4]] as const) {
      heap.push(name, at);
    }
    assert.equal(heap.peek()?.item, "a", "peek() after pushing deadlines 3, 1, 5, 2, 4");
    const order = [];
    // Why bounded: a heap that never empties must fail here, not hang.
    for (let i = 0; i < 8 && heap.size > 0; i++) order.push(heap.pop());
    assert.deepEqual(order, ["a", "b", "c", "d", "e"], "pop() until empty");
    assert.equal(heap.pop(), undefined, "pop() on an empty heap");
  },
  "TimerHeap pops equal deadlines in the order they were pushed": ({ TimerHeap }) => {
    const heap = new TimerHeap<string>();
    for (const name of ["first", "second", "third", "fourth", "fifth"]) heap.push(name, 1);
    heap.push("sooner", 0.5);
    const order = [];
    for (let i = 0; i < 9 && heap.size > 0; i++) order.push(heap.pop());
    assert.deepEqual(
      order,
      ["sooner", "first", "second", "third", "fourth", "fifth"],
      "five timers at 1 s pushed in order, then one at 0.5 s (equal deadlines come out in the order they were pushed)",
    );
  },
  "TimerHeap agrees with the kernel's on 2,000 mixed pushes and pops": ({ TimerHeap }) => {
    const mine = new TimerHeap<number>();
    const theirs = new KernelHeap<{ id: number; deadline: number; seq: number; index: number }>();
    const random = lcg(42);
    for (let step = 0, id = 0; step < 2000; step++) {
      if (random.next().value < 0.6) {
        const deadline = Math.floor(random.next().value * 20) / 2; // many ties
        mine.push(id, deadline);
        theirs.push({ id, deadline: 0, seq: 0, index: -1 }, deadline);
        id++;
      } else {
        const got = mine.pop();
        const want = theirs.pop()?.id;
        if (got !== want) {
          throw new Mistake(
            `at step ${step} pop() gave item ${got}, the kernel's heap gives ${want}: the soonest deadline comes first, and equal deadlines come out in the order they were pushed (compare deadline, then seq); check the sift-down after a pop too`,
          );
        }
      }
      assert.equal(mine.size, theirs.size, `size after step ${step}`);
    }
  },
  "sleep blocks, and the virtual clock jumps to the deadline": async (module) => {
    await sideBySide(module, "main sleeps 1.5 s, then asks the time", function* main() {
      yield* sleep(1.5);
      return yield* now();
    });
  },
  "sleepers wake soonest first, each at its own deadline": async (module) => {
    await sideBySide(module, "tasks sleep 3, 1 and 2 s", function* main() {
      for (const seconds of [3, 1, 2]) yield* spawn(sleeper, seconds);
    });
  },
  "equal deadlines wake in the order the tasks went to sleep": async (module) => {
    await sideBySide(module, "ten tasks sleep 1, 1, 2, 1, 2, 1, 1, 2, 1, 2 s", function* main() {
      for (const seconds of [1, 1, 2, 1, 2, 1, 1, 2, 1, 2]) yield* spawn(sleeper, seconds);
    });
  },
  "a deadline set later waits behind an equal one set earlier": async (module) => {
    await sideBySide(module, "one task sleeps 2 s, another 1 s then 1 s", function* main() {
      yield* spawn(sleeper, 2);
      yield* spawn(function* twice() {
        yield* sleep(1);
        yield* sleep(1);
        return yield* now();
      });
    });
  },
  "sleep(0) is a checkpoint: no timer, no block": async (module) => {
    await sideBySide(module, "two tasks sleep(0) in turn", function* main() {
      yield* spawn(function* other() {
        yield* sleep(0);
        yield* sleep(0);
      });
      yield* sleep(0);
      yield* sleep(0);
      return yield* now();
    });
  },
  "Beazley's countdowns: sleep and join together": async (module) => {
    await sideBySide(module, "countdowns of 3 × 1 s and 2 × 1.5 s, joined", function* main() {
      const a = yield* spawn(countdown, 3, 1);
      const b = yield* spawn(countdown, 2, 1.5);
      return [yield* join(a), yield* join(b), yield* now()];
    });
  },
  "an hour of sleeping takes no time: 100 tasks on a virtual clock": async (module) => {
    await sideBySide(module, "100 tasks sleep 0 to 3600 s", function* main() {
      const random = lcg(7);
      const tasks = [];
      for (let i = 0; i < 100; i++) {
        tasks.push(yield* spawn(sleeper, Math.floor(random.next().value * 8) * 450));
      }
      let last = 0;
      for (const task of tasks) last = Math.max(last, yield* join(task));
      return last;
    });
  },
  "your kernel agrees with the kernel, trace for trace, on generated programs that sleep, join and spawn":
    (
      { Kernel },
    ) =>
      exploreKernelPrograms({
        features: { join: true, sleep: true },
        run: (main, trace) => new Kernel(trace).run(main),
        explain,
        runner: (from) => [
          `import { showRuns } from "./runner/grading/program_checks.ts";`,
          `import { Kernel } from "${from}";`,
          `await showRuns(main, (trace) => new Kernel(trace).run(main));`,
        ],
      }),
});
