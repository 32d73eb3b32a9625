/**
 * The seed's demo as a benchmark: five concurrent `asleep(pool, 1)` on a pool
 * of five Workers, timed on the wall clock. `cold` includes starting the
 * Workers (each blocks the main thread ~20 ms while it starts); `prestarted`
 * uses a new pool made with `prestart: true` just before the timed region
 * (its Workers still boot and load the job module meanwhile); `warm` reuses
 * the first pool. Prints one JSON line.
 *
 * ```sh
 * deno run --allow-read=. kernel/bench/five_asleep.ts --seconds=1
 * ```
 *
 * @module
 */

import { asleep } from "../asleep.ts";
import { run } from "../kernel.ts";
import { join, spawn } from "../operations.ts";
import type { Task } from "../task.ts";
import { WorkerPool } from "../worker_pool.ts";

/** Wall times of five concurrent `asleep(seconds)`, in seconds. */
export interface FiveAsleepResult {
  /** How long each `asleep` blocks its Worker. */
  seconds: number;
  /** First run: the pool starts its five Workers on demand. */
  cold: number;
  /** A new pool made with `prestart: true` right before the timed region. */
  prestarted: number;
  /** Second run on the same, already started, Workers. */
  warm: number;
}

function fiveAsleep(pool: WorkerPool, seconds: number): Promise<number> {
  const start = performance.now();
  return run(function* main() {
    const sleepers: Task[] = [];
    for (let i = 0; i < 5; i++) {
      sleepers.push(
        yield* spawn(function* sleeper() {
          yield* asleep(pool, seconds);
        }),
      );
    }
    for (const sleeper of sleepers) yield* join(sleeper);
    return (performance.now() - start) / 1000;
  });
}

/**
 * Time five concurrent `asleep(seconds)`, cold then warm.
 *
 * @example
 * ```ts ignore
 * const { cold, warm } = await measureFiveAsleep(1); // about 1.1 and 1.0
 * ```
 */
export async function measureFiveAsleep(seconds: number): Promise<FiveAsleepResult> {
  await using pool = new WorkerPool({ size: 5 });
  const cold = await fiveAsleep(pool, seconds);
  const warm = await fiveAsleep(pool, seconds);
  await using ready = new WorkerPool({ size: 5, prestart: true });
  const prestarted = await fiveAsleep(ready, seconds);
  return { seconds, cold, prestarted, warm };
}

if (import.meta.main) {
  const arg = Deno.args.find((arg) => arg.startsWith("--seconds="));
  console.log(JSON.stringify(await measureFiveAsleep(Number(arg?.slice(10) ?? 1))));
}
