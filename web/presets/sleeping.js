// Sleeping: timers on the virtual clock, and join
import { join, now, run, sleep, spawn } from "../../kernel/mod.ts";

// On the virtual clock a sleep costs no real time: when every task waits,
// the kernel jumps straight to the next deadline.
function* sleeper(name, seconds) {
  yield* sleep(seconds);
  console.log(`${name} woke at t=${yield* now()}`);
  return seconds;
}

const total = await run(function* main() {
  const tasks = [];
  for (const [name, seconds] of [["slow", 3], ["fast", 1], ["medium", 2]]) {
    tasks.push(yield* spawn(sleeper, name, seconds));
  }
  let sum = 0;
  for (const task of tasks) sum += yield* join(task);
  return sum;
}, { clock: "virtual" });
console.log("slept", total, "virtual seconds in", 3);
