/**
 * Exercise 06-traps/sleep: timers, a timer heap, and a virtual clock.
 *
 * The kernel of the `join` exercise is written out below; add time:
 *
 * | the task writes        | it yields                     | your kernel                                  |
 * | ---------------------- | ----------------------------- | -------------------------------------------- |
 * | `yield* sleep(seconds)` | `{ kind: "sleep", seconds }` | block until the clock reaches now + seconds; `sleep(0)` is a checkpoint |
 * | `yield* now()`         | `{ kind: "now" }`             | answer at once with the clock's time         |
 *
 * A sleeping task waits in a **timer heap**, a binary min-heap ordered by
 * deadline. You write it too (`TimerHeap` below): the soonest deadline is
 * always on top, and timers with equal deadlines come out in the order they
 * were pushed, so two tasks that both `sleep(1)` wake in the order they went
 * to sleep, on every run. That tie-break is a sequence number given out at
 * `push`: order by `(deadline, seq)`.
 *
 * The clock is **virtual**: it starts at 0 and only moves when nothing is
 * ready. Then the kernel jumps it straight to the soonest deadline instead
 * of waiting, so a scenario that sleeps for an hour runs in a millisecond
 * and every time in the trace is exact. At the start of every pass, after
 * that jump if there was one, every timer whose deadline has come is popped,
 * soonest first, and its task woken (`wake`, trap `"sleep"`) onto the back
 * of the ready queue. A sleep that blocks reports `block` with trap
 * `"sleep"` and detail `"<seconds>s"` (`"1.5s"`). Every event carries the
 * clock's `time`.
 *
 * The last check generates programs that sleep (equal deadlines often),
 * join and spawn, and runs each on your kernel and on `kernel/`, trace for
 * trace, times included.
 *
 * Run the checks: `deno task grade 06-traps/sleep`
 *
 * @module
 */

import type { TraceEvent } from "../../kernel/trace.ts";
import type { KernelOp, Trap } from "../../kernel/types.ts";

/** A task function: a generator function yielding traps (the type of every task body). */
export type TaskFn = (...args: never) => KernelOp<unknown>;

/** One task: the record the kernel keeps, and the handle `spawn` and `current` give out. */
export class Task {
  /** Counts from 1 in spawn order; main is 1. */
  readonly id: number;
  /** The generator function's name, or `"task"`. */
  readonly name: string;
  /** The generator. */
  readonly gen: KernelOp<unknown>;
  /** What the next `gen.next()` sends in: the answer to the last trap. */
  sendValue: unknown = undefined;
  /** Whether the next resume throws `sendError` in instead. */
  sendThrows = false;
  /** The error the next resume throws in, when `sendThrows`. */
  sendError: unknown = undefined;
  /** Whether it has returned or thrown. */
  done = false;
  /** What it returned, once done. */
  result: unknown = undefined;
  /** What it threw, once done (`undefined` when it returned). */
  error: unknown = undefined;
  /** Whether it threw. */
  failed = false;
  /** Tasks blocked in `join` on this one, in the order they came. */
  waiters: Task[] = [];

  /** Made by the kernel's `spawn`. */
  constructor(id: number, name: string, gen: KernelOp<unknown>) {
    this.id = id;
    this.name = name;
    this.gen = gen;
  }
}

/** One timer as the heap holds it. */
export interface Timer<T> {
  /** When it fires, in kernel seconds. */
  readonly deadline: number;
  /** Tie-breaker for equal deadlines: the order of `push`. */
  readonly seq: number;
  /** What it wakes. */
  readonly item: T;
}

/** A binary min-heap of timers, ordered by deadline, then by the order they were pushed. */
export class TimerHeap<T> {
  /** The heap: `#heap[0]` is the soonest; the children of `i` are `2i + 1` and `2i + 2`. */
  readonly #heap: Timer<T>[] = [];
  /** The next sequence number. */
  #seq = 0;

  /** How many timers are set. */
  get size(): number {
    return this.#heap.length;
  }

  /** The soonest timer, left in the heap. */
  peek(): Timer<T> | undefined {
    return this.#heap[0];
  }

  /** Set a timer for `item` at `deadline`. */
  push(item: T, deadline: number): void {
    // TODO: append { deadline, seq: this.#seq++, item } at the end, then swap
    //   it with its parent ((i - 1) >> 1) while it comes before it.
    // @solution-begin
    const heap = this.#heap;
    heap.push({ deadline, seq: this.#seq++, item });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
    // @solution-end
  }

  /** Remove the soonest timer and return its item. */
  pop(): T | undefined {
    // TODO: take the top; move the last timer to the top, then swap it with
    //   its sooner child while that child comes before it.
    // @solution-begin
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined) return undefined;
    if (heap.length === 0) return top.item;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < heap.length && before(heap[left], heap[least])) least = left;
      if (right < heap.length && before(heap[right], heap[least])) least = right;
      if (least === i) return top.item;
      [heap[i], heap[least]] = [heap[least], heap[i]];
      i = least;
    }
    // @solution-end
  }
}

/** Whether timer `a` fires before timer `b`: sooner deadline, or the same one and pushed first. */
function before<T>(a: Timer<T>, b: Timer<T>): boolean {
  // TODO: compare deadlines; on a tie, compare seq.
  // @solution-begin
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
  // @solution-end
}

/** A kernel that answers `spawn`, `current`, `checkpoint`, `join`, `sleep` and `now`. */
export class Kernel {
  /** Where events go. */
  readonly #trace: (event: TraceEvent) => void;
  /** Runnable tasks, first in first out. */
  readonly #ready: Task[] = [];
  /** The id the next task gets. */
  #nextId = 1;
  /** Tasks spawned and not finished. */
  #live = 0;
  /** Sleeping tasks, soonest first. */
  readonly #timers = new TimerHeap<Task>();
  /** The virtual clock, in seconds: it moves only when the kernel jumps it. */
  #time = 0;

  /** A kernel that reports each event to `trace`. */
  constructor(trace: (event: TraceEvent) => void = () => {}) {
    this.#trace = trace;
  }

  /** Run `main` as task 1 until no task is left; return its value or throw its error. */
  run<T>(main: () => KernelOp<T>): T {
    const task = this.#spawn(main, [], null);
    while (this.#live > 0) {
      // TODO: when no task is ready, jump the clock to the soonest deadline
      //   (no timer at all: throw, nothing can ever wake the tasks). Then pop
      //   every timer whose deadline <= the clock, soonest first: report wake
      //   (trap "sleep") and append its task to the ready queue.
      // @solution-begin
      if (this.#ready.length === 0) {
        const next = this.#timers.peek();
        if (next === undefined) {
          throw new Error(
            `Cannot continue as ${this.#live} task(s) wait and nothing can wake them: a cycle of joins?`,
          );
        }
        this.#time = Math.max(this.#time, next.deadline);
      }
      while (this.#timers.size > 0 && this.#timers.peek()!.deadline <= this.#time) {
        const task = this.#timers.pop()!;
        this.#trace({ type: "wake", time: this.#time, task: task.id, trap: "sleep" });
        this.#ready.push(task);
      }
      // @solution-end
      // Each pass runs the tasks that were ready when it started.
      for (let n = this.#ready.length; n > 0; n--) this.#step(this.#ready.shift()!);
    }
    if (task.failed) throw task.error;
    return task.result as T;
  }

  /** Make a task for `fn(...args)`, queue it, report `spawn`, return it. */
  #spawn(fn: TaskFn, args: readonly unknown[], parent: Task | null, name?: string): Task {
    const gen = (fn as (...args: unknown[]) => KernelOp<unknown>)(...args);
    const task = new Task(this.#nextId++, name ?? (fn.name || "task"), gen);
    this.#ready.push(task);
    this.#live++;
    this.#trace({
      type: "spawn",
      time: this.#time,
      task: task.id,
      name: task.name,
      parent: parent?.id ?? null,
    });
    return task;
  }

  /** Resume `task` and answer its traps until it blocks, yields a checkpoint or ends. */
  #step(task: Task): void {
    this.#trace({ type: "run", time: this.#time, task: task.id });
    let value = task.sendValue;
    let throws = task.sendThrows;
    let error = task.sendError;
    task.sendValue = task.sendError = undefined;
    task.sendThrows = false;
    for (;;) {
      let next: IteratorResult<Trap | undefined, unknown>;
      try {
        next = throws ? task.gen.throw(error) : task.gen.next(value);
      } catch (thrown) {
        return this.#exit(task, undefined, thrown, true);
      }
      if (next.done) return this.#exit(task, next.value, undefined, false);
      throws = false;
      const trap: Trap = next.value ?? { kind: "checkpoint" };
      this.#trace({ type: "trap", time: this.#time, task: task.id, trap: trap.kind });
      switch (trap.kind) {
        case "checkpoint":
          this.#ready.push(task);
          return;
        case "spawn":
          value = this.#spawn(trap.fn, trap.args, task, trap.name);
          continue;
        case "current":
          value = task;
          continue;
        case "sleep":
        case "now":
          // TODO: now: value = the clock's time, continue. sleep(0): back of
          //   the ready queue, return. sleep(s): push the task on the timer
          //   heap for time + s, report block (trap "sleep", detail `${s}s`),
          //   return.
          // @solution-begin
          if (trap.kind === "now") {
            value = this.#time;
            continue;
          }
          if (trap.seconds === 0) {
            this.#ready.push(task);
            return;
          }
          this.#timers.push(task, this.#time + trap.seconds);
          this.#trace({
            type: "block",
            time: this.#time,
            task: task.id,
            trap: "sleep",
            detail: `${trap.seconds}s`,
          });
          return;
          // @solution-end
        case "join": {
          const target = trap.task as unknown as Task;
          if (target === task) {
            // Why an error, not a block: nothing could ever wake a task that
            // waits for itself. The kernel (and curio) refuse it at once.
            [throws, error] = [
              true,
              new Error(
                `Cannot join task ${task.id} ("${task.name}") from itself: it would wait forever`,
              ),
            ];
            continue;
          }
          if (target.done) {
            if (target.failed) [throws, error] = [true, target.error];
            else value = target.result;
            continue;
          }
          target.waiters.push(task);
          this.#trace({
            type: "block",
            time: this.#time,
            task: task.id,
            trap: "join",
            detail: `task ${target.id}`,
          });
          return;
        }
      }
      throw new Error(`Cannot answer trap "${trap.kind}" as this kernel does not know it yet`);
    }
  }

  /** The task returned (or threw): report `exit`, then wake whoever joined it. */
  #exit(task: Task, value: unknown, error: unknown, failed: boolean): void {
    task.done = true;
    task.result = value;
    task.error = error;
    task.failed = failed;
    this.#live--;
    const time = this.#time;
    if (failed) this.#trace({ type: "exit", time, task: task.id, error: String(error) });
    else if (value === undefined) this.#trace({ type: "exit", time, task: task.id });
    else this.#trace({ type: "exit", time, task: task.id, value });
    for (const waiter of task.waiters) {
      if (failed) [waiter.sendThrows, waiter.sendError] = [true, error];
      else waiter.sendValue = value;
      this.#trace({ type: "wake", time, task: waiter.id, trap: "join" });
      this.#ready.push(waiter);
    }
    task.waiters = [];
  }
}
