// asleep: five blocking sleeps in five Workers take one sleep's time
// needs: workers
import { join, run, spawn } from "../../kernel/mod.ts";
import { asleep } from "../../kernel/asleep.ts";
import { WorkerPool } from "../../kernel/worker_pool.ts";

// `asleep` blocks a pool Worker with Atomics.wait (a real blocking call, like
// Python's time.sleep) while the task waits on the job's Future. The kernel's
// thread stays free, so the five sleeps overlap. This runs on the real clock.
await using pool = new WorkerPool({ size: 5 });

function* sleeper(n) {
  yield* asleep(pool, 0.5);
  console.log(`sleeper ${n} woke`);
}

const started = performance.now();
await run(function* main() {
  const tasks = [];
  for (let n = 1; n <= 5; n++) tasks.push(yield* spawn(sleeper, n));
  for (const task of tasks) yield* join(task);
}, { clock: "real" });
const seconds = (performance.now() - started) / 1000;
console.log(`five 0.5 s sleeps took ${seconds.toFixed(2)} s (one after another: 2.5 s)`);
