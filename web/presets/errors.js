// Errors: a task that throws, and the task that joins it
import { join, run, sleep, spawn } from "../../kernel/mod.ts";

function* fragile(n) {
  yield* sleep(n);
  if (n === 2) throw new Error(`task with n=${n} broke`);
  return n * 10;
}

await run(function* main() {
  const tasks = [];
  for (const n of [1, 2, 3]) tasks.push(yield* spawn(fragile, n));
  for (const task of tasks) {
    try {
      console.log("joined:", yield* join(task));
    } catch (error) {
      // join rethrows the child's error in the parent.
      console.log("caught:", error.message);
    }
  }
}, { clock: "virtual" });
