import assert from "node:assert/strict";
import { type TimerEntry, TimerHeap } from "./timer_heap.ts";

interface Named extends TimerEntry {
  name: string;
}
const entry = (name: string): Named => ({ name, index: -1 });

function drain(heap: TimerHeap<Named>): string[] {
  const out: string[] = [];
  for (let e = heap.pop(); e !== undefined; e = heap.pop()) out.push(e.name);
  return out;
}

Deno.test("TimerHeap pops by deadline, equal deadlines in push order", () => {
  const heap = new TimerHeap<Named>();
  const plan: [string, number][] = [["c", 3], ["a1", 1], ["b1", 2], ["a2", 1], ["b2", 2], [
    "a3",
    1,
  ]];
  for (const [name, at] of plan) heap.push(entry(name), at);
  assert.equal(heap.peek()?.name, "a1");
  assert.deepEqual(drain(heap), ["a1", "a2", "a3", "b1", "b2", "c"]);
});

Deno.test("TimerHeap.remove() takes an entry out from anywhere", () => {
  const heap = new TimerHeap<Named>();
  const entries = Array.from({ length: 100 }, (_, i) => entry(`t${i}`));
  // Deadlines in a scrambled order, many equal.
  entries.forEach((e, i) => heap.push(e, (i * 37) % 10));
  const removed = new Set(entries.filter((_, i) => i % 3 === 0));
  for (const e of removed) assert.equal(heap.remove(e), true);
  for (const e of removed) assert.equal(heap.remove(e), false, "second remove is a no-op");
  const expected = entries
    .map((e, i) => ({ e, at: (i * 37) % 10, i }))
    .filter(({ e }) => !removed.has(e))
    .sort((x, y) => x.at - y.at || x.i - y.i)
    .map(({ e }) => e.name);
  assert.equal(heap.size, expected.length);
  assert.deepEqual(drain(heap), expected);
});

Deno.test("TimerHeap entries can be pushed again after popping", () => {
  const heap = new TimerHeap<Named>();
  const a = entry("a");
  heap.push(a, 5);
  assert.equal(heap.pop(), a);
  assert.equal(a.index, -1);
  heap.push(a, 1);
  heap.push(entry("b"), 1);
  assert.deepEqual(drain(heap), ["a", "b"]);
});

Deno.test("TimerHeap.peekDeadline() gives the soonest deadline, Infinity when empty", () => {
  const heap = new TimerHeap<Named>();
  assert.equal(heap.peekDeadline(), Infinity);
  const entries = Array.from({ length: 40 }, (_, i) => entry(`t${i}`));
  entries.forEach((e, i) => heap.push(e, 100 - i * 0.5)); // grows past the first 16 slots
  assert.equal(heap.peekDeadline(), 80.5);
  heap.remove(entries[39]);
  assert.equal(heap.peekDeadline(), 81);
  assert.equal(heap.pop(), entries[38]);
});
