/**
 * What a sleeping task costs: spawn `count` tasks that each sleep for an
 * hour, measure the heap after a full GC, then cancel them all.
 *
 * - `kernel`: tasks that `yield* sleep(3600)` (a generator, its task record,
 *   its timer heap slot); `--kernel=<dir>` runs them on another copy of
 *   `kernel/`, for a side-by-side comparison (needs read permission there).
 * - `native`: async functions awaiting a Promise settled by a long
 *   `setTimeout`; cancelling one clears its timer and rejects its Promise
 *   with the same kind of error object the kernel's cancel makes: one per
 *   task, without a stack (the kernel's `Cancelled` is made without the
 *   `Error` constructor).
 * - `native-stack`: the same, rejecting with `new Error` (a captured stack).
 * - `effection`: Effection 4 tasks in `sleep(3600_000)`, halted together by
 *   halting the task that spawned them.
 *
 * Every case runs `warmup` times unmeasured, then `repeat` times; each
 * figure is its best over the measured runs.
 *
 * Run alone in its own process (`main.ts` does), with `--expose-gc`:
 *
 * ```sh
 * deno run --v8-flags=--expose-gc kernel/bench/sleepers.ts --case=kernel --count=100000 --warmup=1 --repeat=3
 * ```
 *
 * @module
 */

// deno-lint-ignore no-import-prefix -- a bench-only peer, pinned here and in deno.lock
import * as effection from "npm:effection@4.1.1";
import * as thisKernel from "./kernel_api.ts";
import { type KernelApi, loadKernel } from "./kernel_api.ts";
import type { Repeats } from "./switch.ts";

/** One measurement of `count` sleeping tasks. */
export interface SleepersResult {
  /** Which model: `kernel`, `native`, `native-stack` or `effection`. */
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

/** The kernel case on kernel `k`. */
function kernelCase(k: KernelApi): (count: number) => Promise<SleepersResult> {
  function* kernelSleeper() {
    yield* k.sleep(HOUR);
  }
  return async (count) => {
    const before = heapAfterGc();
    const start = performance.now();
    let spawned = 0;
    let after = 0;
    await k.run(function* main() {
      const tasks = new Array(count);
      for (let i = 0; i < count; i++) {
        tasks[i] = yield* k.spawn(kernelSleeper);
      }
      yield* k.checkpoint(); // every sleeper runs to its sleep before main goes on
      spawned = performance.now();
      after = heapAfterGc();
      for (const task of tasks) yield* k.cancel(task, { wait: false });
      yield* k.checkpoint(); // every sleeper runs its Cancelled to the end
    });
    return result("kernel", count, before, after, start, spawned);
  };
}

/** An error like the kernel's `Cancelled`: an Error object made without the `Error` constructor, so no stack. */
function stacklessError(message: string): Error {
  const error = Object.create(Error.prototype) as Error;
  error.name = "Cancelled";
  error.message = message;
  error.stack = `Cancelled: ${message}`;
  return error;
}

function nativeCase(
  name: string,
  makeError: (message: string) => Error,
): (count: number) => Promise<SleepersResult> {
  return async (count) => {
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
      rejects[i](makeError(`Task ${i} was cancelled`)); // one per task, as the kernel makes
    }
    await Promise.all(tasks);
    return result(name, count, before, after, start, spawned);
  };
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
  kernel: kernelCase(thisKernel),
  native: nativeCase("native", stacklessError),
  "native-stack": nativeCase("native-stack", (message) => new Error(message)),
  effection: effectionCase,
};

/**
 * Run `body` `warmup` times, then `repeat` times; each figure is its best.
 *
 * @example
 * ```ts ignore
 * const best = await measureSleepers(SLEEPERS_CASES.kernel, 1000, { warmup: 1, repeat: 3 });
 * ```
 */
export async function measureSleepers(
  body: (count: number) => Promise<SleepersResult>,
  count: number,
  { warmup, repeat }: Repeats,
): Promise<SleepersResult> {
  for (let w = 0; w < warmup; w++) await body(count);
  let best: SleepersResult | undefined;
  for (let r = 0; r < repeat; r++) {
    const run = await body(count);
    best = best === undefined ? run : {
      ...run,
      bytesPerTask: Math.min(best.bytesPerTask, run.bytesPerTask),
      spawnMs: Math.min(best.spawnMs, run.spawnMs),
      cancelMs: Math.min(best.cancelMs, run.cancelMs),
    };
  }
  return best!;
}

if (import.meta.main) {
  const args = Object.fromEntries(Deno.args.map((arg) => arg.replace(/^--/, "").split("=")));
  const body = args.kernel !== undefined && args.case === "kernel"
    ? kernelCase(await loadKernel(args.kernel))
    : SLEEPERS_CASES[args.case];
  if (body === undefined) {
    throw new Error(
      `Cannot run sleepers case '${args.case}': use one of ${
        Object.keys(SLEEPERS_CASES).join(", ")
      }`,
    );
  }
  const best = await measureSleepers(body, Number(args.count ?? 100_000), {
    warmup: Number(args.warmup ?? 1),
    repeat: Number(args.repeat ?? 3),
  });
  console.log(
    JSON.stringify(args.kernel === undefined ? best : { ...best, case: "kernel@baseline" }),
  );
}
