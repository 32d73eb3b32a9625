/**
 * What a sleeping task costs: spawn `count` tasks that each sleep for an
 * hour, measure the heap after a full GC, then cancel them all.
 *
 * - `kernel`: tasks that `yield* sleep(3600)` (a generator, its task record,
 *   its timer heap slot).
 * - `native`: async functions awaiting a Promise settled by a long
 *   `setTimeout`; cancelling one clears its timer and rejects its Promise.
 * - `effection`: Effection 4 tasks in `sleep(3600_000)`, halted together by
 *   halting the task that spawned them.
 *
 * Run alone in its own process (`main.ts` does), with `--expose-gc`:
 *
 * ```sh
 * deno run --v8-flags=--expose-gc kernel/bench/sleepers.ts --case=kernel --count=100000
 * ```
 *
 * @module
 */

// deno-lint-ignore no-import-prefix -- a bench-only peer, pinned here and in deno.lock
import * as effection from "npm:effection@4.1.1";
import { run } from "../kernel.ts";
import { cancel, checkpoint, sleep, spawn } from "../operations.ts";
import type { Task } from "../task.ts";

/** One measurement of `count` sleeping tasks. */
export interface SleepersResult {
  /** Which model: `kernel`, `native` or `effection`. */
  case: string;
  /** How many tasks slept at once. */
  count: number;
  /** Heap growth per sleeping task after a full GC, in bytes. */
  bytesPerTask: number;
  /** Time to start every task and park it in its sleep, in ms. */
  spawnMs: number;
  /** Time to cancel every task and let it finish, in ms. */
  cancelMs: number;
}

const HOUR = 3600;

// Why every task body is defined once, outside the loops: a closure made per
// task would add its own ~100 bytes to every model's figure.
function* kernelSleeper() {
  yield* sleep(HOUR);
}

async function nativeSleeper(
  i: number,
  timers: ReturnType<typeof setTimeout>[],
  rejects: ((reason: unknown) => void)[],
): Promise<void> {
  try {
    await new Promise((resolve, reject) => {
      timers[i] = setTimeout(resolve, HOUR * 1000);
      rejects[i] = reject;
    });
  } catch {
    // cancelled: done
  }
}

function* effectionSleeper() {
  yield* effection.sleep(HOUR * 1000);
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("Cannot measure the heap: run with --v8-flags=--expose-gc");
  gc();
  gc();
  return Deno.memoryUsage().heapUsed;
}

async function kernel(count: number): Promise<SleepersResult> {
  const before = heapAfterGc();
  const start = performance.now();
  let spawned = 0;
  let after = 0;
  await run(function* main() {
    const tasks: Task[] = new Array(count);
    for (let i = 0; i < count; i++) {
      tasks[i] = yield* spawn(kernelSleeper);
    }
    yield* checkpoint(); // every sleeper runs to its sleep before main goes on
    spawned = performance.now();
    after = heapAfterGc();
    for (const task of tasks) yield* cancel(task, { wait: false });
    yield* checkpoint(); // every sleeper runs its Cancelled to the end
  });
  return result("kernel", count, before, after, start, spawned);
}

async function native(count: number): Promise<SleepersResult> {
  const before = heapAfterGc();
  const start = performance.now();
  const timers: ReturnType<typeof setTimeout>[] = new Array(count);
  const rejects: ((reason: unknown) => void)[] = new Array(count);
  const tasks: Promise<void>[] = new Array(count);
  for (let i = 0; i < count; i++) tasks[i] = nativeSleeper(i, timers, rejects);
  await null; // every async function is now parked on its timer
  const spawned = performance.now();
  const after = heapAfterGc();
  for (let i = 0; i < count; i++) {
    clearTimeout(timers[i]);
    rejects[i](new Error("cancelled")); // Why a new Error: the kernel makes one Cancelled per task
  }
  await Promise.all(tasks);
  return result("native", count, before, after, start, spawned);
}

async function effectionCase(count: number): Promise<SleepersResult> {
  const before = heapAfterGc();
  const start = performance.now();
  let spawned = 0;
  let after = 0;
  await effection.run(function* main() {
    const group = yield* effection.spawn(function* group() {
      for (let i = 0; i < count; i++) {
        yield* effection.spawn(effectionSleeper);
      }
      yield* effection.suspend();
    });
    yield* effection.sleep(0); // let every sleeper start its sleep
    spawned = performance.now();
    after = heapAfterGc();
    yield* group.halt(); // halts every sleeper
  });
  return result("effection", count, before, after, start, spawned);
}

function result(
  name: string,
  count: number,
  before: number,
  after: number,
  start: number,
  spawned: number,
): SleepersResult {
  return {
    case: name,
    count,
    bytesPerTask: (after - before) / count,
    spawnMs: spawned - start,
    cancelMs: performance.now() - spawned,
  };
}

/** The cases, by the name `--case` takes. */
export const SLEEPERS_CASES: Record<string, (count: number) => Promise<SleepersResult>> = {
  kernel,
  native,
  effection: effectionCase,
};

if (import.meta.main) {
  const args = Object.fromEntries(Deno.args.map((arg) => arg.replace(/^--/, "").split("=")));
  const body = SLEEPERS_CASES[args.case];
  if (body === undefined) {
    throw new Error(
      `Cannot run sleepers case '${args.case}': use one of ${
        Object.keys(SLEEPERS_CASES).join(", ")
      }`,
    );
  }
  console.log(JSON.stringify(await body(Number(args.count ?? 100_000))));
}
