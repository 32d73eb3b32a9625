// Round robin: two tasks take turns at every checkpoint
import { join, run, spawn } from "../../kernel/mod.ts";

// A task is a generator. Each bare `yield` is a checkpoint: the task goes to
// the back of the ready queue and the kernel runs the next one.
function* countdown(name, n) {
  while (n > 0) {
    console.log(name, "T-minus", n);
    yield;
    n--;
  }
  return `${name} done`;
}

const result = await run(function* main() {
  const a = yield* spawn(countdown, "a", 3);
  const b = yield* spawn(countdown, "b", 2);
  return [yield* join(a), yield* join(b)];
});
console.log(result);
