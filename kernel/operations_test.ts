import assert from "node:assert/strict";
import {
  cancel,
  checkpoint,
  current,
  Future,
  join,
  now,
  readWait,
  sleep,
  spawn,
  type Task,
  type Trap,
  wait,
  writeWait,
} from "./mod.ts";

/** The first trap an operation yields, without a kernel. */
function firstTrap(op: Generator<Trap | undefined, unknown, unknown>): Trap | undefined {
  return op.next().value as Trap | undefined;
}

Deno.test("each operation yields exactly one plain trap object", () => {
  function* worker(_n: number) {}
  const task = {} as Task;
  const future = new Future();
  const promise = Promise.resolve(1);
  assert.deepEqual(firstTrap(spawn(worker, 1)), { kind: "spawn", fn: worker, args: [1] });
  assert.deepEqual(firstTrap(join(task)), { kind: "join", task });
  assert.deepEqual(firstTrap(sleep(2)), { kind: "sleep", seconds: 2 });
  assert.deepEqual(firstTrap(current()), { kind: "current" });
  assert.deepEqual(firstTrap(now()), { kind: "now" });
  assert.deepEqual(firstTrap(cancel(task)), { kind: "cancel", task, wait: true });
  assert.deepEqual(firstTrap(cancel(task, { wait: false })), { kind: "cancel", task, wait: false });
  assert.deepEqual(firstTrap(checkpoint()), { kind: "checkpoint" });
  assert.deepEqual(firstTrap(readWait("r")), { kind: "readWait", resource: "r" });
  assert.deepEqual(firstTrap(writeWait("w")), { kind: "writeWait", resource: "w" });
  assert.deepEqual(firstTrap(wait(future)), { kind: "future", future });
  assert.deepEqual(firstTrap(wait(promise)), { kind: "promise", promise });
});

Deno.test("an operation returns what the kernel sends back", () => {
  const op = join({} as Task<number>);
  op.next();
  assert.deepEqual(op.next(42), { value: 42, done: true });
});
