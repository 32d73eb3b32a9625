/**
 * The two objects every layer of the kernel shares, in a module that imports
 * nothing: the one checkpoint trap, and {@linkcode TrapOp}, the iterator the
 * hottest operations are made of.
 *
 * Why a module of their own: the loop (`kernel.ts`) recognises both on its
 * fast path, the operations (`operations.ts`) build them, and the trap
 * table (`traps.ts`) answers the checkpoint. With both here, none of those
 * three has to import another to find them, and the imports between the
 * kernel's modules run one way only.
 *
 * @module
 */

/** The shape of every trap: a plain object with a `kind` (see `types.ts` for the list). */
export interface TrapLike {
  /** Which trap it is. */
  readonly kind: string;
}

/**
 * The one checkpoint trap object: `yield* checkpoint()` yields it, and the
 * loop's fast path knows it by identity.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CHECKPOINT } from "./trap_op.ts";
 * import { checkpoint } from "./mod.ts";
 *
 * assert.equal(checkpoint().next().value, CHECKPOINT);
 * ```
 */
export const CHECKPOINT: { readonly kind: "checkpoint" } = Object.freeze({ kind: "checkpoint" });

/**
 * A one-trap operation as a hand-written iterator: it behaves as the
 * generator `function* () { return yield trap; }` does. `next()` yields the
 * trap once, then returns the kernel's answer; `throw(error)` rethrows, so a
 * cancellation surfaces at the `yield*`; `return()` ends it.
 *
 * Why not a generator function, like the other operations: `yield*` takes
 * any iterator, and these run on every switch and stay alive while their
 * task waits. A generator object costs ~150 bytes and a resume through V8's
 * generator machinery on both steps; this object is 40 bytes, and is its
 * own iterator result (`value`, `done`), so the two steps allocate nothing.
 *
 * `Y` is the type of the trap it yields (`Trap`, from `types.ts`, for the
 * kernel's own operations).
 *
 * @example What `yield*` sees
 * ```ts
 * import assert from "node:assert/strict";
 * import { TrapOp } from "./trap_op.ts";
 *
 * const op = new TrapOp<number>({ kind: "now" });
 * assert.deepEqual(op.next().value, { kind: "now" }); // the trap, for the kernel
 * assert.deepEqual({ ...op.next(7) }, { value: 7, done: true }); // the answer, for the task
 * ```
 */
export class TrapOp<T, Y extends TrapLike = TrapLike> {
  /** The trap until it is yielded, then the answer. */
  value: Y | T | undefined;
  /** `undefined` before the first `next()`, `false` while the trap waits, `true` at the end. */
  done: boolean | undefined = undefined;

  /** An operation that will yield `trap`. */
  constructor(trap: Y) {
    this.value = trap;
  }

  /** First call: yield the trap. Second: return `answer` (what the kernel sent). */
  next(answer?: unknown): IteratorResult<Y | undefined, T> {
    if (this.done === undefined) this.done = false; // value is the trap
    else {
      this.value = this.done ? undefined : answer as T;
      this.done = true;
    }
    return this as IteratorResult<Y | undefined, T>;
  }

  /** An error thrown into the waiting task: end, and let it propagate at the `yield*`. */
  throw(error: unknown): IteratorResult<Y | undefined, T> {
    this.value = undefined;
    this.done = true;
    throw error;
  }

  /** The task is being closed with `gen.return(value)`: end with `value`. */
  return(value?: T): IteratorResult<Y | undefined, T> {
    this.value = value;
    this.done = true;
    return this as IteratorResult<Y | undefined, T>;
  }

  /** It is its own iterator, so `yield*` can take it. */
  [Symbol.iterator](): TrapOp<T, Y> {
    return this;
  }
}

// Why not `class TrapOp extends Iterator`: its constructor would have to
// call `super()`, and calling the built-in `Iterator` constructor made every
// `yield* checkpoint()` ~15 ns slower (median of six runs: ~95 -> ~75 ns per
// switch). Linking the prototype by hand gives the same object, with the
// iterator helpers (`map`, `take`, ...), without the call; the interface
// below tells TypeScript so.
Object.setPrototypeOf(TrapOp.prototype, Iterator.prototype);
/** The iterator helpers `TrapOp` inherits from `Iterator.prototype`. */
export interface TrapOp<T, Y extends TrapLike = TrapLike>
  extends IteratorObject<Y | undefined, T, unknown> {}
