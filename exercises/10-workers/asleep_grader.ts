/**
 * Grader for 10-workers/asleep. Run it: `deno task grade 10-workers/asleep`.
 *
 * Runs tasks that call your `asleep` on your kernel (09-futures/wait_future)
 * with your pool (10-workers/pool), and reads the order of the trace: no
 * clock is compared. Five sleepers at once must all be asleep before the
 * first one wakes; a task that does not sleep must run while another sleeps.
 * The last check generates mixes of sleepers and busy tasks on pools of 1
 * or 2 Workers (fewer Workers than sleepers too) and checks the same rules
 * on each, and that a pool of one wakes its sleepers in the order they
 * went to sleep.
 *
 * @module
 */

import assert from "node:assert/strict";
import { explore, fc } from "../../runner/grading/explore.ts";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import type * as Exercise from "./asleep.ts";

type Event = { type: string; task: number; error?: string };

/**
 * Run `main(pool)` on the learner's kernel with a Pool of `size` (spied:
 * every submit is written down); the trace. With `expected`, the submits
 * are checked as soon as the first tasks have had their turn (a macrotask
 * after run() began): a wrong sleep fails at once, and the pool is closed
 * instead of waiting for it.
 */
async function traced(
  module: typeof Exercise,
  size: number,
  main: (pool: InstanceType<typeof Exercise.Pool>) => () => Generator<unknown, unknown, unknown>,
  expected?: string[],
): Promise<Event[]> {
  const pool = new module.Pool(size);
  const submitted: string[] = [];
  const events: Event[] = [];
  try {
    const running = module.run(
      main(spied(pool, submitted)) as never,
      (event) => events.push(event),
    );
    running.catch(() => {}); // Why: if the submits are wrong, nobody awaits it any more
    if (expected !== undefined) {
      await new Promise((resolve) => setImmediate(resolve));
      if (submitted.join() !== expected.join()) {
        throw new Mistake(
          `the sleepers' asleep calls submitted [${submitted.join(", ")}] to the pool, not [${
            expected.join(", ")
          }]: asleep blocked the kernel's thread, or slept some other way. Hand blockingSleep(seconds) to the pool, once per asleep, and wait on its Future`,
        );
      }
    }
    await running;
  } finally {
    pool.close();
  }
  const failed = events.find((e) => e.type === "exit" && e.error !== undefined);
  if (failed) throw new Mistake(`task ${failed.task} threw ${failed.error}`);
  return events;
}

/** A generated mix: pool size, sleep lengths, and busy tasks' checkpoint counts. */
const mixes = fc.record({
  size: fc.integer({ min: 1, max: 2 }),
  sleeps: fc.array(fc.constantFrom(0.01, 0.02), { minLength: 1, maxLength: 3 }),
  busy: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }),
});

/** A pool whose submit() calls are written down. */
function spied(
  pool: InstanceType<typeof Exercise.Pool>,
  submitted: string[],
): InstanceType<typeof Exercise.Pool> {
  return new Proxy(pool, {
    get(target, key) {
      if (key !== "submit") return Reflect.get(target, key);
      return (module: string | URL, name: string, ...args: unknown[]) => {
        submitted.push(`${name}(${args.map((a) => JSON.stringify(a)).join(", ")})`);
        return target.submit(module, name, ...args);
      };
    },
  });
}

const show = (events: Event[]) =>
  events.filter((e) => e.type === "block" || e.type === "wake").map((e) => `${e.type} ${e.task}`)
    .join(", ");

export default defineGrader<typeof Exercise>({
  "five asleep(0.2) at once: each hands blockingSleep to the pool, all asleep before one wakes":
    async (
      m,
    ) => {
      const events = await traced(m, 5, (pool) =>
        function* main() {
          for (let i = 0; i < 5; i++) {
            yield* m.spawn(function* sleeper() {
              yield* m.asleep(pool, 0.2);
            });
          }
        }, Array(5).fill("blockingSleep(0.2)"));
      const firstWake = events.findIndex((e) => e.type === "wake");
      const blocked = events.slice(0, firstWake < 0 ? events.length : firstWake)
        .filter((e) => e.type === "block").length;
      if (blocked < 5) {
        throw new Mistake(
          `only ${blocked} sleeper(s) were asleep when the first woke (${show(events)}): ` +
            "each sleeper must wait on its job's Future with your kernel's wait()",
        );
      }
      assert.equal(events.filter((e) => e.type === "wake").length, 5, "wake events for 5 sleepers");
    },
  "another task runs while one is asleep": async (m) => {
    const log: string[] = [];
    await traced(m, 1, (pool) =>
      function* main() {
        yield* m.spawn(function* sleeper() {
          yield* m.asleep(pool, 0.05);
          log.push("sleeper woke");
        });
        yield* m.spawn(function* other() {
          log.push("other ran");
        });
      }, ["blockingSleep(0.05)"]);
    assert.deepEqual(log, ["other ran", "sleeper woke"], "the order of events");
  },
  "generated mixes of sleepers and busy tasks, on pools of one or two Workers, keep the same rules":
    (m) =>
      explore({
        truth: "the rules of asleep",
        arbitrary: mixes,
        runs: 3,
        // Why no shrinking: every case starts real Workers and sleeps.
        shrink: false,
        compare: async ({ size, sleeps, busy }) => {
          const events = await traced(m, size, (pool) =>
            function* main() {
              for (const seconds of sleeps) {
                yield* m.spawn(function* sleeper() {
                  yield* m.asleep(pool, seconds);
                });
              }
              for (const turns of busy) {
                yield* m.spawn(function* busy() {
                  for (let i = 0; i < turns; i++) yield;
                });
              }
            }, sleeps.map((s) => `blockingSleep(${s})`));
          const sleepers = sleeps.map((_, i) => i + 2);
          const busyTasks = busy.map((_, i) => sleeps.length + i + 2);
          const firstWake = events.findIndex((e) => e.type === "wake");
          const lastBusyExit = Math.max(
            -1,
            ...busyTasks.map((t) => events.findIndex((e) => e.type === "exit" && e.task === t)),
          );
          if (firstWake >= 0 && lastBusyExit > firstWake) {
            throw new Mistake(
              `a task that never sleeps ended after a sleeper woke (${
                show(events)
              }): while the Workers sleep, the kernel must run every other task`,
            );
          }
          for (const task of sleepers) {
            const blocks = events.filter((e) => e.type === "block" && e.task === task).length;
            const wakes = events.filter((e) => e.type === "wake" && e.task === task).length;
            if (blocks !== 1 || wakes !== 1) {
              throw new Mistake(
                `sleeper task ${task} blocked ${blocks} and woke ${wakes} times (${
                  show(events)
                }): asleep waits once, on its job's Future`,
              );
            }
          }
          if (size === 1) {
            const woke = events.filter((e) => e.type === "wake").map((e) => e.task);
            if (woke.join() !== sleepers.join()) {
              throw new Mistake(
                `on a pool of one Worker the sleepers woke in the order ${
                  woke.join(", ")
                }: they went to sleep as ${
                  sleepers.join(", ")
                }, and one Worker runs their jobs in the order they were submitted`,
              );
            }
          }
          return undefined;
        },
        snippet: ({ size, sleeps, busy }, from) => [
          `import { asleep, Pool, run, spawn } from "${from}";`,
          `const pool = new Pool(${size});`,
          "const events: unknown[] = [];",
          "await run(function* main() {",
          `  for (const seconds of ${JSON.stringify(sleeps)}) {`,
          "    yield* spawn(function* sleeper() {",
          "      yield* asleep(pool, seconds);",
          "    });",
          "  }",
          `  for (const turns of ${JSON.stringify(busy)}) {`,
          "    yield* spawn(function* busy() {",
          "      for (let i = 0; i < turns; i++) yield;",
          "    });",
          "  }",
          "}, (event) => events.push(event));",
          "pool.close();",
          "console.log(events);",
        ],
        permissions: ["--allow-read"],
      }),
});
