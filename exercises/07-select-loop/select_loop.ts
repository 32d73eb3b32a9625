// deno-lint-ignore-file -- a stub is unfinished on purpose: delete this line to lint your work
/**
 * Exercise 07-select-loop/select_loop: the loop that waits for I/O.
 *
 * The kernel of lesson 06 is written out below (spawn, current, join, sleep,
 * now, a timer heap), with two changes: its clock is a {@linkcode Clock}
 * given to the constructor, and `run` is `async`, because waiting for the
 * network may mean waiting for the host. Add I/O:
 *
 * | the task writes              | it yields                       | your kernel                                        |
 * | ---------------------------- | ------------------------------- | -------------------------------------------------- |
 * | `yield* readWait(resource)`  | `{ kind: "readWait", resource }`  | remember "task waits to read resource", register the resource with the selector for `"read"`, block the task |
 * | `yield* writeWait(resource)` | `{ kind: "writeWait", resource }` | the same for `"write"`                             |
 *
 * Kernel sockets (`kernel/sockets.ts`: `accept`, `recv`, `send`, `connect`)
 * are built on these two: try the non-blocking call, and when it would
 * block, `readWait` and try again. So with these traps in place, the same
 * socket code runs on your kernel and on `kernel/`.
 *
 * Then the loop. Each pass starts by asking the selector what is ready:
 *
 * - no task is ready: **block** in `selector.select(timeout)`, where the
 *   timeout runs to the soonest timer (`deadline - now`, at least 0), or is
 *   `null` (wait for I/O alone) when no timer is set. No timer and nothing
 *   registered: nothing can ever happen, throw;
 * - some task is ready and something is registered: **poll** with
 *   `select(0)`, so I/O is picked up without making the ready tasks wait;
 * - tasks are ready and nothing is registered: do not call `select` at all.
 *
 * For each ready event, take the waiting task out of your map, unregister
 * that (resource, interest) from the selector, report `wake` (trap
 * `"readWait"` or `"writeWait"`) and append it to the ready queue. Only then
 * wake the timers that are due, and run the pass. I/O first, timers second:
 * that is the kernel's rule, and the grader compares traces.
 *
 * A `block` for readWait/writeWait has no `detail`. "Registered" means
 * anything the selector holds, readers and writers alike
 * (`selector.size`).
 *
 * The last checks generate programs of timers and joins, and network
 * scenarios (clients that connect in any order, hold their connections
 * open, send in pieces, close or reset, over small buffers), and compare
 * your trace, your `select()` calls and what each client saw with the
 * kernel's.
 *
 * Run the checks: `deno task grade 07-select-loop/select_loop`
 *
 * @module
 */

import type { Clock } from "../../kernel/clock.ts";
import type { Interest, Selector } from "../../kernel/selector.ts";
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
    const heap = this.#heap;
    heap.push({ deadline, seq: this.#seq++, item });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  /** Remove the soonest timer and return its item. */
  pop(): T | undefined {
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
  }
}

/** Whether timer `a` fires before timer `b`: sooner deadline, or the same one and pushed first. */
function before<T>(a: Timer<T>, b: Timer<T>): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
}

/** What a {@linkcode Kernel} is built from. */
export interface KernelOptions {
  /** Where I/O readiness comes from: a network's selector. */
  selector: Selector;
  /** Where time comes from: `new RealClock()`, or a grader's clock. */
  clock: Clock;
  /** Where events go. */
  trace?: (event: TraceEvent) => void;
}

/** A kernel with timers and a select loop. */
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
  /** Where time comes from. */
  readonly #clock: Clock;
  /** Where I/O readiness comes from. */
  readonly #selector: Selector;
  /** Tasks blocked in readWait, by resource. */
  readonly #readers = new Map<unknown, Task>();
  /** Tasks blocked in writeWait, by resource. */
  readonly #writers = new Map<unknown, Task>();

  /** A kernel over `options.selector` and `options.clock`. */
  constructor(options: KernelOptions) {
    this.#selector = options.selector;
    this.#clock = options.clock;
    this.#trace = options.trace ?? (() => {});
  }

  /** The clock's time, in seconds. */
  get #time(): number {
    return this.#clock.now();
  }

  /** Run `main` as task 1 until no task is left; return its value or throw its error. */
  async run<T>(main: () => KernelOp<T>): Promise<T> {
    const task = this.#spawn(main, [], null);
    while (this.#live > 0) {
      // TODO: nothing ready: block in #select(timeout), the timeout running
      //   to the soonest timer, null with no timer (and throw when nothing is
      //   registered either). Tasks ready and something registered: #select(0).
      throw new Error("not implemented yet");
      while (this.#timers.size > 0 && this.#timers.peek()!.deadline <= this.#time) {
        const task = this.#timers.pop()!;
        this.#trace({ type: "wake", time: this.#time, task: task.id, trap: "sleep" });
        this.#ready.push(task);
      }
      // Each pass runs the tasks that were ready when it started.
      for (let n = this.#ready.length; n > 0; n--) this.#step(this.#ready.shift()!);
    }
    if (task.failed) throw task.error;
    return task.result as T;
  }

  /** Ask the selector what is ready (waiting up to `timeout` seconds) and wake those tasks. */
  async #select(timeout: number | null): Promise<void> {
    const events = await this.#selector.select(timeout);
    // TODO: for each { resource, interest }: find the task waiting for it
    //   (none: skip it), forget it, unregister the pair from the selector,
    //   report wake (trap "readWait" or "writeWait"), append it to the queue.
    throw new Error("not implemented yet");
  }

  /** Block `task` until the selector reports `resource` ready for `interest`. */
  #ioWait(task: Task, resource: unknown, interest: Interest): void {
    // TODO: remember the task in #readers or #writers, register the pair
    //   with the selector, report block (trap "readWait" or "writeWait").
    throw new Error("not implemented yet");
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
        case "readWait":
          this.#ioWait(task, trap.resource, "read");
          return;
        case "writeWait":
          this.#ioWait(task, trap.resource, "write");
          return;
        case "sleep":
        case "now":
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
