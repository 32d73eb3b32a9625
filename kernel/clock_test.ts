import assert from "node:assert/strict";
import { RealClock, VirtualClock } from "./clock.ts";
import { join, now, run, sleep, spawn } from "./mod.ts";

Deno.test("VirtualClock moves only when told, never backwards", () => {
  const clock = new VirtualClock(10);
  assert.equal(clock.now(), 10);
  clock.advance(2.5);
  assert.equal(clock.now(), 12.5);
  clock.jumpTo(11);
  assert.equal(clock.now(), 12.5);
  clock.jumpTo(20);
  assert.equal(clock.now(), 20);
  assert.throws(() => clock.advance(-1), {
    name: "RangeError",
    message: "Cannot advance the virtual clock by -1 s: the step must be a finite number >= 0",
  });
});

Deno.test("RealClock counts seconds from its creation", () => {
  const clock = new RealClock();
  const a = clock.now();
  const b = clock.now();
  assert.ok(a >= 0 && b >= a);
});

Deno.test("run() with a virtual clock: sleeps of 1, 2, 3 s finish at exactly 1, 2, 3", async () => {
  const started = performance.now();
  const times = await run(function* main() {
    const tasks = [];
    for (const seconds of [3, 1, 2]) {
      tasks.push(
        yield* spawn(function* sleeper() {
          yield* sleep(seconds);
          return yield* now();
        }),
      );
    }
    const out = [];
    for (const task of tasks) out.push(yield* join(task));
    return out;
  }, { clock: "virtual" });
  assert.deepEqual(times, [3, 1, 2]);
  // No wall time was spent waiting: an hour of virtual sleeps finishes at once.
  await run(function* main() {
    yield* sleep(3600);
  }, { clock: "virtual" });
  assert.ok(performance.now() - started < 60_000, "virtual sleeps must not wait for real");
});

Deno.test("run() accepts a Clock object and reads time from it", async () => {
  const clock = new VirtualClock(100);
  const end = await run(function* main() {
    yield* sleep(0.5);
    return yield* now();
  }, { clock });
  assert.equal(end, 100.5);
  assert.equal(clock.now(), 100.5);
});
