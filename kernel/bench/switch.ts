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
 * Every case runs `warmup` times unmeasured, then `repeat` times, and the
 * best of those counts (noise on a shared machine only ever adds time).
 * `--kernel=<dir>` runs the kernel cases on another copy of `kernel/` (an
 * older commit, say), for a side-by-side comparison in the same run; it
 * needs read permission for that directory.
 *
 * ```sh
 * deno run kernel/bench/switch.ts --case=kernel-yield --tasks=1000 --steps=1000 --warmup=1 --repeat=3
 * deno run --allow-read=/tmp/old kernel/bench/switch.ts --case=kernel-yield --kernel=/tmp/old/kernel
 * ```
 *
 * @module
 */

// deno-lint-ignore no-import-prefix -- bench-only peers, pinned here and in deno.lock
import co from "npm:co@4.6.0";
// deno-lint-ignore no-import-prefix -- bench-only peers, pinned here and in deno.lock
import { action, call, run as effectionRun, spawn as effectionSpawn } from "npm:effection@4.1.1";
import * as thisKernel from "./kernel_api.ts";
import { type KernelApi, loadKernel } from "./kernel_api.ts";

/** A switch case: `tasks` tasks giving up the turn `steps` times each. */
export type SwitchCase = (tasks: number, steps: number) => Promise<unknown>;

/** The kernel's two cases, on the kernel `k` (this one, or another copy). */
export function kernelCases(k: KernelApi): Record<string, SwitchCase> {
  return {
    "kernel-yield": (tasks, steps) =>
      k.run(function* main() {
        const all = [];
        for (let i = 0; i < tasks; i++) {
          all.push(
            yield* k.spawn(function* stepper() {
              for (let s = 0; s < steps; s++) yield;
            }),
          );
        }
        for (const task of all) yield* k.join(task);
      }),

    "kernel-checkpoint": (tasks, steps) =>
      k.run(function* main() {
        const all = [];
        for (let i = 0; i < tasks; i++) {
          all.push(
            yield* k.spawn(function* stepper() {
              for (let s = 0; s < steps; s++) yield* k.checkpoint();
            }),
          );
        }
        for (const task of all) yield* k.join(task);
      }),
  };
}

/** The switch cases, by the name `--case` takes. */
export const SWITCH_CASES: Record<string, SwitchCase> = {
  ...kernelCases(thisKernel),

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

/** How often a case runs: unmeasured first, then measured (the best counts). */
export interface Repeats {
  /** Runs before measuring (JIT warm-up). */
  warmup: number;
  /** Measured runs; the best is reported. */
  repeat: number;
}

/**
 * Run one case `warmup` times, then `repeat` times, and return the best time
 * per switch, in ns. Why the best: the noise on a shared machine only ever
 * adds time.
 *
 * @example
 * ```ts
 * import { measureSwitch, SWITCH_CASES } from "./switch.ts";
 * const ns = await measureSwitch(SWITCH_CASES["kernel-yield"], 10, 10, { warmup: 1, repeat: 1 });
 * console.assert(ns > 0);
 * ```
 */
export async function measureSwitch(
  body: SwitchCase,
  tasks: number,
  steps: number,
  { warmup, repeat }: Repeats,
): Promise<number> {
  for (let w = 0; w < warmup; w++) await body(tasks, steps);
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
  const cases = args.kernel === undefined
    ? SWITCH_CASES
    : kernelCases(await loadKernel(args.kernel));
  const body = cases[args.case];
  if (body === undefined) {
    throw new Error(
      `Cannot run switch case '${args.case}': use one of ${Object.keys(cases).join(", ")}`,
    );
  }
  const ns = await measureSwitch(body, Number(args.tasks ?? 1000), Number(args.steps ?? 1000), {
    warmup: Number(args.warmup ?? 1),
    repeat: Number(args.repeat ?? 3),
  });
  console.log(JSON.stringify({ case: args.case, kernel: args.kernel ?? null, nsPerSwitch: ns }));
}
