/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: the done callback always reads done.result(), which throws for a rejected Future, so the callback fails and its task is never queued.
 * Check: several waiters wake in the order they waited; an error is thrown in at the wait
 * Grader says: read a rejected Future with exception()
 *
 * Exercise 09-futures/wait_future: a kernel trap that waits on a Future,
 * and a loop that can be woken from outside.
 *
 * Here is a small kernel, the shape of the one you built in lessons 05 to
 * 07, cut down to what this exercise needs: tasks are generators, `spawn`
 * makes one, a bare `yield` gives up the turn, and `yield* wait(future)`
 * yields the trap `{ kind: "future", future }`. Two parts are missing:
 *
 * 1. The `future` trap. A Future that is already done is answered at once:
 *    the task goes on with the value (or the error thrown in), no switch.
 *    Otherwise the task blocks, and a done callback on the Future makes it
 *    ready again. The callback must NOT run the task itself: it may be
 *    called from anywhere (another task's `setResult`, a timer, a Worker's
 *    message), and only the loop runs tasks. It queues the task, and wakes
 *    the loop.
 * 2. Waking the loop. When nothing is ready but some task waits on a
 *    Future, the loop has nothing to do until someone outside completes
 *    one. It sleeps on a Promise that `wakeup()` resolves: the kernel's
 *    `selector.wakeup()`, asyncio's `call_soon_threadsafe`, Beazley's
 *    notify socket. It never polls (no `setTimeout` loop looking again
 *    and again): until `wakeup()` is called, the loop does nothing at all.
 *
 * Tell a Future's outcomes apart by its `state`: a Future may be rejected
 * with `null` or `0`, so whether `exception()` is truthy says nothing.
 *
 * It reports the same trace events as the reference kernel (`kernel/
 * trace.ts`) without `time` and `parent`; the grader runs the same tasks on
 * both and shows the first event where they part. The last check generates
 * programs of tasks, Futures completed by tasks and Futures completed from
 * outside (one at a time, whenever the kernel has nothing to do).
 *
 * Run the checks: `deno task grade 09-futures/wait_future`
 *
 * @module
 */

import type { Future } from "../../../kernel/future.ts";

/** What a task may yield: a request to the kernel, or nothing (a checkpoint). */
export type Trap =
  | undefined
  | { kind: "spawn"; fn: TaskFunction; args: unknown[] }
  | { kind: "future"; future: Future<unknown> };

/** A kernel operation: used with `yield*`, returns `T`. */
export type Op<T> = Generator<Trap, T, unknown>;

/** A task function: a generator function. */
// deno-lint-ignore no-explicit-any
export type TaskFunction = (...args: any[]) => Op<unknown>;

/** One trace event: the reference kernel's schema without `time` and `parent`. */
export type KernelEvent =
  | { type: "spawn"; task: number; name: string }
  | { type: "run"; task: number }
  | { type: "trap"; task: number; trap: string }
  | { type: "block"; task: number; trap: string }
  | { type: "wake"; task: number; trap: string }
  | { type: "exit"; task: number; value?: unknown; error?: string };

/** Start `fn(...args)` as a task; returns its id. The caller goes on. */
export function* spawn(fn: TaskFunction, ...args: unknown[]): Op<number> {
  return (yield { kind: "spawn", fn, args }) as number;
}

/** Wait for `future`: its value, or its error thrown here. Other tasks run meanwhile. */
export function* wait<T>(future: Future<T>): Op<T> {
  return (yield { kind: "future", future: future as Future<unknown> }) as T;
}

interface Task {
  id: number;
  gen: Op<unknown>;
  /** What to resume it with next. */
  send: { value: unknown } | { error: unknown };
}

/** The kernel: `new Kernel(trace).run(main)`, or the {@linkcode run} shortcut. */
export class Kernel {
  readonly #trace: (event: KernelEvent) => void;
  readonly #ready: Task[] = [];
  #nextId = 1;
  #live = 0;
  /** Tasks blocked on a Future: only the outside world can wake them. */
  #waiting = 0;
  // TODO: whatever wakeup() needs to end the loop's wait (a resolve function?).
  #wake: (() => void) | null = null;

  /** A kernel that reports to `trace`. */
  constructor(trace: (event: KernelEvent) => void = () => {}) {
    this.#trace = trace;
  }

  /** Run `main` as task 1 until every task has finished. */
  async run(main: TaskFunction): Promise<void> {
    this.#spawn(main, []);
    while (this.#live > 0) {
      if (this.#ready.length === 0) {
        if (this.#waiting === 0) throw new Error("Cannot go on as every task waits on nothing");
        // TODO: nothing is ready and some task waits on a Future. Sleep until
        // wakeup() is called (await a Promise it resolves), then go round.
        await new Promise<void>((resolve) => this.#wake = resolve);
        continue;
      }
      for (let n = this.#ready.length; n > 0; n--) this.#step(this.#ready.shift()!);
    }
  }

  /** Called from outside the loop (a done callback): end the loop's wait, if it waits. */
  wakeup(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  #spawn(fn: TaskFunction, args: unknown[]): number {
    const task: Task = { id: this.#nextId++, gen: fn(...args), send: { value: undefined } };
    this.#live++;
    this.#ready.push(task);
    this.#trace({ type: "spawn", task: task.id, name: fn.name || "task" });
    return task.id;
  }

  /** Run `task` until it blocks, gives up its turn, or ends. */
  #step(task: Task): void {
    this.#trace({ type: "run", task: task.id });
    let send = task.send;
    for (;;) {
      let next: IteratorResult<Trap, unknown>;
      try {
        next = "error" in send ? task.gen.throw(send.error) : task.gen.next(send.value);
      } catch (error) {
        this.#live--;
        return this.#trace({ type: "exit", task: task.id, error: String(error) });
      }
      if (next.done) {
        this.#live--;
        const value = next.value;
        return this.#trace(
          value === undefined
            ? { type: "exit", task: task.id }
            : { type: "exit", task: task.id, value },
        );
      }
      const trap = next.value;
      this.#trace({ type: "trap", task: task.id, trap: trap?.kind ?? "checkpoint" });
      if (trap === undefined) {
        task.send = { value: undefined };
        this.#ready.push(task); // a checkpoint: back of the queue
        return;
      }
      if (trap.kind === "spawn") {
        send = { value: this.#spawn(trap.fn, trap.args) }; // answered inline
        continue;
      }
      const answer = this.#waitFuture(task, trap.future);
      if (answer === "blocked") return;
      send = answer;
    }
  }

  /**
   * The `future` trap. Return the answer to send into the task at once
   * (`{ value }` or `{ error }`), or `"blocked"` after parking the task.
   */
  #waitFuture(task: Task, future: Future<unknown>): Task["send"] | "blocked" {
    // TODO: a done Future: answer now. Otherwise report
    // { type: "block", task, trap: "future" }, count the task as waiting,
    // and add a done callback that (later) reports { type: "wake", ... },
    // stores the outcome in task.send, queues the task and wakes the loop.
    if (future.done) {
      return future.state === "fulfilled"
        ? { value: future.result() }
        : { error: future.exception() };
    }
    this.#trace({ type: "block", task: task.id, trap: "future" });
    this.#waiting++;
    future.addDoneCallback((done) => {
      this.#waiting--;
      task.send = { value: done.result() };
      this.#ready.push(task); // Why not step it here: only the loop runs tasks
      this.#trace({ type: "wake", task: task.id, trap: "future" });
      this.wakeup(); // the loop may be asleep, waiting for exactly this
    });
    return "blocked";
  }
}

/** Run `main` on a new kernel reporting to `trace`. */
export function run(main: TaskFunction, trace?: (event: KernelEvent) => void): Promise<void> {
  return new Kernel(trace).run(main);
}
