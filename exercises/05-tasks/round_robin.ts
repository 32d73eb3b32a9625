// deno-lint-ignore-file -- a stub is unfinished on purpose: delete this line to lint your work
/**
 * Exercise 05-tasks/round_robin: a scheduler where tasks take turns.
 *
 * A task is a generator. `spawn(fn, ...args)` calls `fn(...args)` to get
 * the generator, gives it the next id (1, 2, 3, ... in spawn order, counted
 * by each scheduler on its own), puts it at the back of the ready queue and
 * returns the id. If that call throws (a generator function whose
 * parameters cannot take the arguments, say `function* worker({ id })`
 * spawned with none), `spawn()` throws the error and does nothing else: no
 * id is used up, nothing is queued, nothing is reported. `run()` then takes
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
 * `name` is `fn.name`, or `"task"` when that is empty (an anonymous
 * function's name is `""`). `value` is there for every other result, `null`,
 * `0`, `""` and `false` included, and not there at all (not even as
 * `value: undefined`) when the task returned nothing. `error` is
 * `String(error)` whatever was thrown, `null` and `undefined` too. The trace
 * function only watches: what it would see if it called `spawn()` or `run()`
 * itself is not part of the exercise, and the grader never does.
 *
 * The grader runs the same tasks on your scheduler and on the kernel, and
 * shows the first event where your trace parts from the kernel's; then it
 * does the same with generated tasks (any number of steps, errors of every
 * kind, falsy results, anonymous functions, arguments, children spawned on
 * the way, children whose spawn fails, values yielded that must not matter).
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
  // TODO: fields for the ready queue and the next id.

  /** A scheduler that reports each event to `trace`. */
  constructor(trace: (event: SchedulerEvent) => void = () => {}) {
    this.#trace = trace;
  }

  /**
   * Create a task for `fn(...args)`, named `fn.name` (or `"task"`), append it
   * to the ready queue, report a `spawn` event, and return its id. If
   * `fn(...args)` throws, that error comes out and nothing else happens.
   */
  spawn<A extends unknown[]>(fn: TaskFunction<A>, ...args: A): number {
    // TODO: call fn(...args), give it the next id, queue it, report spawn.
    throw new Error("not implemented yet");
  }

  /** Run tasks, one step each in turn, until none is left. */
  run(): void {
    // TODO: while the queue is not empty: take the task at the front, report
    //   run, and call its next(). A yield: report trap "checkpoint" and put
    //   it at the back. Done: report exit with its value. A throw: report
    //   exit with String(error), and go on with the others.
    throw new Error("not implemented yet");
  }
}
