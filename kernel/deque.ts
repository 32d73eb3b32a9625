/**
 * A first-in first-out queue on a ring buffer: the kernel's ready queue.
 *
 * Why not `Array.prototype.shift`: it moves every remaining element, so a
 * pass over 100,000 ready tasks would cost 100,000² moves. A ring buffer
 * takes from the head and appends at the tail in O(1), and only copies when
 * it doubles.
 *
 * @module
 */

/**
 * A growable ring-buffer queue: `push` at the back, `shift` from the front.
 *
 * @example Round-robin order
 * ```ts
 * import assert from "node:assert/strict";
 * import { Deque } from "./deque.ts";
 *
 * const queue = new Deque<string>();
 * queue.push("a");
 * queue.push("b");
 * assert.equal(queue.shift(), "a");
 * queue.push("a");
 * assert.deepEqual([queue.shift(), queue.shift(), queue.shift()], ["b", "a", undefined]);
 * ```
 */
export class Deque<T> {
  #items: (T | undefined)[];
  #head = 0;
  #length = 0;

  /** Create an empty queue with room for `capacity` items before it grows (rounded up to a power of two). */
  constructor(capacity = 16) {
    let size = 4;
    while (size < capacity) size *= 2;
    this.#items = new Array(size).fill(undefined);
  }

  /** How many items are queued. */
  get length(): number {
    return this.#length;
  }

  /** Append `item` at the back. */
  push(item: T): void {
    const items = this.#items;
    if (this.#length === items.length) return this.#grow(item);
    items[(this.#head + this.#length) & (items.length - 1)] = item;
    this.#length++;
  }

  /** Remove and return the front item, or `undefined` when empty. */
  shift(): T | undefined {
    if (this.#length === 0) return undefined;
    const items = this.#items;
    const item = items[this.#head];
    items[this.#head] = undefined; // Why: let the garbage collector have finished tasks.
    this.#head = (this.#head + 1) & (items.length - 1);
    this.#length--;
    return item;
  }

  /** The items front to back (a copy, for task dumps and tests). */
  toArray(): T[] {
    const out: T[] = [];
    const mask = this.#items.length - 1;
    for (let i = 0; i < this.#length; i++) out.push(this.#items[(this.#head + i) & mask] as T);
    return out;
  }

  #grow(item: T): void {
    const items = this.toArray();
    items.push(item);
    const size = this.#items.length * 2;
    this.#length = items.length;
    this.#head = 0;
    while (items.length < size) items.push(undefined as T);
    this.#items = items;
  }
}
