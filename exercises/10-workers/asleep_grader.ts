/**
 * Grader for 10-workers/asleep. Run it: `deno task grade 10-workers/asleep`.
 *
 * Runs tasks that call your `asleep` on your kernel (09-futures/wait_future)
 * with your pool (10-workers/pool), and reads the order of the trace: no
 * clock is compared. Five sleepers at once must all be asleep before the
 * first one wakes; a task that does not sleep must run while another sleeps.
 *
 * @module
 */

import assert from "node:assert/strict";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import type * as Exercise from "./asleep.ts";

type Event = { type: string; task: number; error?: string };

async function traced(
  module: typeof Exercise,
  size: number,
  main: (pool: InstanceType<typeof Exercise.Pool>) => () => Generator<unknown, unknown, unknown>,
): Promise<Event[]> {
  const pool = new module.Pool(size);
  const events: Event[] = [];
  try {
    await module.run(main(pool) as never, (event) => events.push(event));
  } finally {
    pool.close();
  }
  const failed = events.find((e) => e.type === "exit" && e.error !== undefined);
  if (failed) throw new Mistake(`task ${failed.task} threw ${failed.error}`);
  return events;
}

const show = (events: Event[]) =>
  events.filter((e) => e.type === "block" || e.type === "wake").map((e) => `${e.type} ${e.task}`)
    .join(", ");

export default defineGrader<typeof Exercise>({
  "five asleep(0.2) at once: each hands blockingSleep to the pool, all asleep before one wakes":
    async (
      m,
    ) => {
      const submitted: string[] = [];
      const events = await traced(m, 5, (pool) => {
        // A spy: the learner's pool, with every submit written down.
        const spy = new Proxy(pool, {
          get(target, key) {
            if (key !== "submit") return Reflect.get(target, key);
            return (module: string | URL, name: string, ...args: unknown[]) => {
              submitted.push(`${name}(${args.map((a) => JSON.stringify(a)).join(", ")})`);
              return target.submit(module, name, ...args);
            };
          },
        });
        return function* main() {
          for (let i = 0; i < 5; i++) {
            yield* m.spawn(function* sleeper() {
              yield* m.asleep(spy, 0.2);
            });
          }
        };
      });
      if (submitted.join() !== Array(5).fill("blockingSleep(0.2)").join()) {
        throw new Mistake(
          `five asleep(pool, 0.2) submitted [${submitted.join(", ")}] to the pool: ` +
            "asleep blocked the kernel's thread, or slept some other way. Hand blockingSleep(seconds) to the pool, and wait on its Future",
        );
      }
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
      });
    assert.deepEqual(log, ["other ran", "sleeper woke"], "the order of events");
  },
});
