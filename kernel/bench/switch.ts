/**
 * Task switch cost: `tasks` tasks each give up the turn `steps` times, and
 * the figure is wall time divided by `tasks × steps` switches.
 *
 * The same shape in every model: the kernel (bare `yield`, and
 * `yield* checkpoint()`), native `async` functions (`await null`), `co`
 * (a generator driven by Promises), and Effection 4 (an `action` that
 * resolves synchronously, and `call(() => Promise.resolve())`). Python
 * asyncio's `sleep(0)` is `switch.py`, run by `main.ts`.
 *
 * ```sh
 * deno run kernel/bench/switch.ts --case=kernel-yield --tasks=1000 --steps=1000
 * ```
 *
 * @module
 */

// deno-lint-ignore no-import-prefix -- bench-only peers, pinned here and in deno.lock
import co from "npm:co@4.6.0";
// deno-lint-ignore no-import-prefix -- bench-only peers, pinned here and in deno.lock
import { action, call, run as effectionRun, spawn as effectionSpawn } from "npm:effection@4.1.1";
import { run } from "../kernel.ts";
import { checkpoint, join, spawn } from "../operations.ts";
import type { Task } from "../task.ts";

/** The switch cases, by the name `--case` takes. */
export const SWITCH_CASES: Record<string, (tasks: number, steps: number) => Promise<unknown>> = {
  "kernel-yield": (tasks, steps) =>
    run(function* main() {
      const all: Task[] = [];
      for (let i = 0; i < tasks; i++) {
        all.push(
          yield* spawn(function* stepper() {
            for (let s = 0; s < steps; s++) yield;
          }),
        );
      }
      for (const task of all) yield* join(task);
    }),

  "kernel-checkpoint": (tasks, steps) =>
    run(function* main() {
      const all: Task[] = [];
      for (let i = 0; i < tasks; i++) {
        all.push(
          yield* spawn(function* stepper() {
            for (let s = 0; s < steps; s++) yield* checkpoint();
          }),
        );
      }
      for (const task of all) yield* join(task);
    }),

  "native-await": (tasks, steps) =>
    Promise.all(Array.from({ length: tasks }, async () => {
      for (let s = 0; s < steps; s++) await null;
    })),

  "co": (tasks, steps) =>
    Promise.all(Array.from({ length: tasks }, () =>
      co(function* stepper() {
        for (let s = 0; s < steps; s++) yield Promise.resolve();
      }))),

  "effection-action": (tasks, steps) =>
    effectionRun(function* main() {
      const all = [];
      for (let i = 0; i < tasks; i++) {
        all.push(
          yield* effectionSpawn(function* stepper() {
            for (let s = 0; s < steps; s++) {
              yield* action<void>((resolve) => {
                resolve();
                return () => {};
              });
            }
          }),
        );
      }
      for (const task of all) yield* task;
    }),

  "effection-call": (tasks, steps) =>
    effectionRun(function* main() {
      const all = [];
      for (let i = 0; i < tasks; i++) {
        all.push(
          yield* effectionSpawn(function* stepper() {
            for (let s = 0; s < steps; s++) yield* call(() => Promise.resolve());
          }),
        );
      }
      for (const task of all) yield* task;
    }),
};

/**
 * Run one case `repeat` times and return the best time per switch, in ns.
 * Why the best: the noise on a shared machine only ever adds time.
 *
 * @example
 * ```ts
 * import { measureSwitch } from "./switch.ts";
 * const ns = await measureSwitch("kernel-yield", 10, 10, 1);
 * console.assert(ns > 0);
 * ```
 */
export async function measureSwitch(
  name: string,
  tasks: number,
  steps: number,
  repeat: number,
): Promise<number> {
  const body = SWITCH_CASES[name];
  if (body === undefined) {
    throw new Error(
      `Cannot run switch case '${name}': use one of ${Object.keys(SWITCH_CASES).join(", ")}`,
    );
  }
  let best = Infinity;
  for (let r = 0; r < repeat; r++) {
    const start = performance.now();
    await body(tasks, steps);
    best = Math.min(best, performance.now() - start);
  }
  return (best * 1e6) / (tasks * steps);
}

if (import.meta.main) {
  const args = Object.fromEntries(Deno.args.map((arg) => arg.replace(/^--/, "").split("=")));
  const ns = await measureSwitch(
    args.case,
    Number(args.tasks ?? 1000),
    Number(args.steps ?? 1000),
    Number(args.repeat ?? 3),
  );
  console.log(JSON.stringify({ case: args.case, nsPerSwitch: ns }));
}
