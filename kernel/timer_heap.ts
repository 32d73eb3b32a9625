/**
 * The timer heap: sleeping tasks and deadlines, soonest first.
 *
 * A binary min-heap ordered by `(deadline, seq)`. The sequence number is
 * given out at `push`, so timers with equal deadlines fire in the order they
 * were set (scheduling rule 5): two tasks that both `sleep(1)` wake in the
 * order they went to sleep, on every run.
 *
 * Entries carry their own position (`index`), so `remove` (a cancelled sleep)
 * is O(log n) and leaves no stale entry behind. Why not lazy deletion: a
 * stale entry on top would make the virtual clock jump to a deadline nobody
 * waits for.
 *
 * @module
 */

/** The fields the heap keeps on each entry; the kernel's tasks and deadlines carry them. */
export interface TimerEntry {
  /** When the timer fires, in kernel seconds. */
  deadline: number;
  /** Tie-breaker for equal deadlines: the order of `push`. */
  seq: number;
  /** Position in the heap, `-1` when not in it. */
  index: number;
}

/**
 * A min-heap of timer entries ordered by deadline, then insertion order.
 *
 * @example Equal deadlines keep their order
 * ```ts
 * import assert from "node:assert/strict";
 * import { TimerHeap } from "./timer_heap.ts";
 *
 * const heap = new TimerHeap<{ name: string; deadline: number; seq: number; index: number }>();
 * for (const [name, at] of [["b", 2], ["a1", 1], ["a2", 1]] as const) {
 *   heap.push({ name, deadline: 0, seq: 0, index: -1 }, at);
 * }
 * assert.deepEqual([heap.pop()?.name, heap.pop()?.name, heap.pop()?.name], ["a1", "a2", "b"]);
 * ```
 */
export class TimerHeap<E extends TimerEntry> {
  #heap: E[] = [];
  #seq = 0;

  /** How many timers are set. */
  get size(): number {
    return this.#heap.length;
  }

  /** The soonest timer, without removing it. */
  peek(): E | undefined {
    return this.#heap[0];
  }

  /** Set `entry` to fire at `deadline`. The entry must not be in the heap already. */
  push(entry: E, deadline: number): void {
    entry.deadline = deadline;
    entry.seq = this.#seq++;
    entry.index = this.#heap.length;
    this.#heap.push(entry);
    this.#up(entry.index);
  }

  /** Remove and return the soonest timer. */
  pop(): E | undefined {
    const heap = this.#heap;
    if (heap.length === 0) return undefined;
    const top = heap[0];
    this.#removeAt(0);
    return top;
  }

  /** Remove `entry` if it is in the heap; returns whether it was. */
  remove(entry: E): boolean {
    const i = entry.index;
    if (i < 0 || this.#heap[i] !== entry) return false;
    this.#removeAt(i);
    return true;
  }

  #removeAt(i: number): void {
    const heap = this.#heap;
    const entry = heap[i];
    const last = heap.pop()!;
    entry.index = -1;
    if (last === entry) return;
    heap[i] = last;
    last.index = i;
    this.#down(i);
    this.#up(last.index);
  }

  #less(a: E, b: E): boolean {
    return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
  }

  #up(i: number): void {
    const heap = this.#heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(heap[i], heap[parent])) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(i: number): void {
    const heap = this.#heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < heap.length && this.#less(heap[left], heap[least])) least = left;
      if (right < heap.length && this.#less(heap[right], heap[least])) least = right;
      if (least === i) return;
      this.#swap(i, least);
      i = least;
    }
  }

  #swap(i: number, j: number): void {
    const heap = this.#heap;
    const a = heap[i];
    heap[i] = heap[j];
    heap[j] = a;
    heap[i].index = i;
    heap[j].index = j;
  }
}
