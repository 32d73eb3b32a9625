/**
 * The timer heap: sleeping tasks and deadlines, soonest first.
 *
 * A binary min-heap ordered by `(deadline, seq)`. The sequence number is
 * given out at `push`, so timers with equal deadlines fire in the order they
 * were set (scheduling rule 5): two tasks that both `sleep(1)` wake in the
 * order they went to sleep, on every run.
 *
 * Entries carry only their own position (`index`), so `remove` (a cancelled sleep)
 * is O(log n) and leaves no stale entry behind. Why not lazy deletion: a
 * stale entry on top would make the virtual clock jump to a deadline nobody
 * waits for.
 *
 * @module
 */

/** The one field the heap keeps on each entry; the kernel's tasks and deadlines carry it. */
export interface TimerEntry {
  /** Position in the heap, `-1` when not in it. */
  index: number;
}

/**
 * A min-heap of timer entries ordered by deadline, then insertion order.
 *
 * Why parallel arrays: the heap is three arrays indexed alike, the entries,
 * their deadlines and their sequence numbers, instead of an object per timer
 * or `deadline` and `seq` fields on each entry. A fractional number stored in
 * an object field is a separate 16-byte heap number in V8, and a million
 * sleeping tasks would each carry two more fields; in a `Float64Array` a
 * deadline is 8 bytes in one block, and the comparisons in the sift loops
 * read plain doubles.
 *
 * @example Equal deadlines keep their order
 * ```ts
 * import assert from "node:assert/strict";
 * import { TimerHeap } from "./timer_heap.ts";
 *
 * const heap = new TimerHeap<{ name: string; index: number }>();
 * for (const [name, at] of [["b", 2], ["a1", 1], ["a2", 1]] as const) {
 *   heap.push({ name, index: -1 }, at);
 * }
 * assert.equal(heap.peekDeadline(), 1);
 * assert.deepEqual([heap.pop()?.name, heap.pop()?.name, heap.pop()?.name], ["a1", "a2", "b"]);
 * ```
 */
export class TimerHeap<E extends TimerEntry> {
  #entries: E[] = [];
  #deadlines = new Float64Array(16); // #deadlines[i] is when #entries[i] fires
  #seqs = new Float64Array(16); // and #seqs[i] its tie-breaker: the order of push
  #seq = 0;

  /** How many timers are set. */
  get size(): number {
    return this.#entries.length;
  }

  /** The soonest timer, without removing it. */
  peek(): E | undefined {
    return this.#entries[0];
  }

  /** When the soonest timer fires, in kernel seconds; `Infinity` when none is set. */
  peekDeadline(): number {
    return this.#entries.length === 0 ? Infinity : this.#deadlines[0];
  }

  /** Set `entry` to fire at `deadline`. The entry must not be in the heap already. */
  push(entry: E, deadline: number): void {
    const i = this.#entries.length;
    if (i === this.#deadlines.length) this.#grow();
    this.#entries.push(entry);
    this.#place(i, entry, deadline, this.#seq++);
    this.#up(i);
  }

  /** Remove and return the soonest timer. */
  pop(): E | undefined {
    if (this.#entries.length === 0) return undefined;
    const top = this.#entries[0];
    this.#removeAt(0);
    return top;
  }

  /** Remove `entry` if it is in the heap; returns whether it was. */
  remove(entry: E): boolean {
    const i = entry.index;
    if (i < 0 || this.#entries[i] !== entry) return false;
    this.#removeAt(i);
    return true;
  }

  #removeAt(i: number): void {
    const entries = this.#entries;
    entries[i].index = -1;
    const lastAt = entries.length - 1;
    const last = entries.pop()!;
    if (i === lastAt) return;
    // Move the last timer into the hole, then sift it whichever way it belongs.
    this.#place(i, last, this.#deadlines[lastAt], this.#seqs[lastAt]);
    this.#down(i);
    this.#up(last.index);
  }

  /** Write one timer at position `i` of the three arrays. */
  #place(i: number, entry: E, deadline: number, seq: number): void {
    this.#entries[i] = entry;
    this.#deadlines[i] = deadline;
    this.#seqs[i] = seq;
    entry.index = i;
  }

  /** Whether the timer at `i` fires before the one at `j`. */
  #less(i: number, j: number): boolean {
    const a = this.#deadlines[i];
    const b = this.#deadlines[j];
    return a < b || (a === b && this.#seqs[i] < this.#seqs[j]);
  }

  #up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(i, parent)) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(i: number): void {
    const size = this.#entries.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < size && this.#less(left, least)) least = left;
      if (right < size && this.#less(right, least)) least = right;
      if (least === i) return;
      this.#swap(i, least);
      i = least;
    }
  }

  #swap(i: number, j: number): void {
    const entry = this.#entries[i];
    const deadline = this.#deadlines[i];
    const seq = this.#seqs[i];
    this.#place(i, this.#entries[j], this.#deadlines[j], this.#seqs[j]);
    this.#place(j, entry, deadline, seq);
  }

  /** Double the two typed arrays (the entries array grows by itself). */
  #grow(): void {
    const deadlines = new Float64Array(this.#deadlines.length * 2);
    const seqs = new Float64Array(this.#seqs.length * 2);
    deadlines.set(this.#deadlines);
    seqs.set(this.#seqs);
    this.#deadlines = deadlines;
    this.#seqs = seqs;
  }
}
