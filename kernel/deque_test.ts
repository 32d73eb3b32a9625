import assert from "node:assert/strict";
import { Deque } from "./deque.ts";

Deno.test("Deque keeps FIFO order across growth and wrap-around", () => {
  const queue = new Deque<number>(4);
  const expected: number[] = [];
  let next = 0;
  for (let round = 0; round < 50; round++) {
    for (let i = 0; i < round % 7 + 1; i++) {
      queue.push(next);
      expected.push(next++);
    }
    for (let i = 0; i < round % 5; i++) assert.equal(queue.shift(), expected.shift());
    assert.equal(queue.length, expected.length);
  }
  assert.deepEqual(queue.toArray(), expected);
});

Deno.test("Deque.shift() returns undefined when empty", () => {
  const queue = new Deque<string>();
  assert.equal(queue.shift(), undefined);
  queue.push("a");
  assert.equal(queue.shift(), "a");
  assert.equal(queue.shift(), undefined);
  assert.equal(queue.length, 0);
});
