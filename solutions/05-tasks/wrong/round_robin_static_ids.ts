/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: the next id is a static field, shared by every Scheduler: the first scheduler counts from 1, the next one goes on from where the last stopped.
 * Check: three tasks of two steps take turns: 1, 2, 3, 1, 2, 3
 * Grader says: task ids count from 1 in each new Scheduler
 *
 * Exercise 05-tasks/round_robin: a scheduler where tasks take turns.
 *
 * A task is a generator. `spawn(fn, ...args)` calls `fn(...args)` to get
 * the generator, gives it the next id (1, 2, 3, ... in spawn order), puts
 * it at the back of the ready queue and returns the id. `run()` then takes
 * tasks from the front of the queue one at a time and resumes each with
 * `next()` until it yields or ends:
 *
 * - a `yield` is the switch point: the task goes to the back of the queue;
 * - a task that returns, or throws, is finished and not queued again. A
 *   task that throws must not stop the others: its error is reported in
 *   the trace and the rest run on.
 *
 * `run()` returns when the queue is empty. What a task yields does not
 * matter yet (lesson 06 gives it a meaning): write `yield` on its own.
 *
 * As it goes, the scheduler reports what it does to the `trace` function
 * given to its constructor, with the same event types and field names as
 * the reference kernel (`kernel/trace.ts`), minus `time` and `parent`:
 *
 * | event                                       | when                             |
 * | ------------------------------------------- | -------------------------------- |
 * | `{ type: "spawn", task, name }`             | `spawn()` made a task            |
 * | `{ type: "run", task }`                     | a task is taken from the queue   |
 * | `{ type: "trap", task, trap: "checkpoint" }`| it yielded (it goes to the back) |
 * | `{ type: "exit", task, value }`             | it returned (`value` only when not `undefined`) |
 * | `{ type: "exit", task, error }`             | it threw: `error` is `String(error)` |
 *
 * The grader runs the same tasks on your scheduler and on the kernel, and
 * shows the first event where your trace parts from the kernel's.
 *
 * Run the checks: `deno task grade 05-tasks/round_robin`
 *
 * @module
 */

/** One thing the scheduler did; the kernel's event schema without `time` and `parent`. */
export type SchedulerEvent =
  | { type: "spawn"; task: number; name: string }
  | { type: "run"; task: number }
  | { type: "trap"; task: number; trap: "checkpoint" }
  | { type: "exit"; task: number; value?: unknown; error?: string };

/** A task function: a generator function. What it yields is ignored at this stage. */
export type TaskFunction<A extends unknown[]> = (
  ...args: A
) => Iterator<unknown, unknown, undefined>;

/** A round-robin scheduler of generator tasks. */
export class Scheduler {
  /** Where events go. */
  readonly #trace: (event: SchedulerEvent) => void;
  // TODO: the ready queue, and the next task id, go here.
  /** Runnable tasks, first in first out. */
  readonly #ready: { id: number; gen: Iterator<unknown, unknown, undefined> }[] = [];
  /** The id the next spawned task gets. */
  static #nextId = 1;

  /** A scheduler that reports each event to `trace`. */
  constructor(trace: (event: SchedulerEvent) => void = () => {}) {
    this.#trace = trace;
  }

  /**
   * Create a task for `fn(...args)`, named `fn.name` (or `"task"`), append it
   * to the ready queue, report a `spawn` event, and return its id.
   */
  spawn<A extends unknown[]>(fn: TaskFunction<A>, ...args: A): number {
    // TODO: call fn(...args), give it the next id, queue it, report spawn.
    const gen = fn(...args);
    const id = Scheduler.#nextId++;
    this.#ready.push({ id, gen });
    this.#trace({ type: "spawn", task: id, name: fn.name || "task" });
    return id;
  }

  /** Run tasks, one step each in turn, until none is left. */
  run(): void {
    // TODO: while the queue is not empty: take the task at the front, report
    //   run, and call its next(). A yield: report trap "checkpoint" and put
    //   it at the back. Done: report exit with its value. A throw: report
    //   exit with String(error), and go on with the others.
    while (this.#ready.length > 0) {
      const task = this.#ready.shift()!;
      this.#trace({ type: "run", task: task.id });
      let result: IteratorResult<unknown, unknown>;
      try {
        result = task.gen.next();
      } catch (error) {
        this.#trace({ type: "exit", task: task.id, error: String(error) });
        continue;
      }
      if (result.done) {
        const { value } = result;
        this.#trace(
          value === undefined
            ? { type: "exit", task: task.id }
            : { type: "exit", task: task.id, value },
        );
        continue;
      }
      this.#trace({ type: "trap", task: task.id, trap: "checkpoint" });
      this.#ready.push(task);
    }
  }
}
