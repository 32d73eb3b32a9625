/**
 * Cancel scopes and nurseries: the records behind `cancelScope`,
 * `timeoutAfter` and `taskGroup`, as in Trio's `_core/_run.py`.
 *
 * A **cancel scope** is a stretch of one task's code, entered and exited by
 * traps (`enterScope`, `exitScope`). Scopes nest: each task has a stack of
 * them (`task.scope` is the innermost, `scope.parent` the next one out), and
 * a task group's scope is also the outermost scope of every child it spawns,
 * so the stacks of a parent and its group's children form one tree.
 *
 * A scope is cancelled by its deadline, by `scope.cancel()`, or by its task
 * group when a task in it fails. Cancellation is **level-triggered**, as in
 * Trio: from then on, *every* blocking trap inside the scope raises
 * {@linkcode Cancelled}, not just the first, until the scope is exited. So a
 * `catch` that swallows one `Cancelled` does not make the code run on past
 * its deadline: the next wait raises it again. A **shielded** scope stops
 * the cancellation of the scopes around it (for cleanup that must finish);
 * its own deadline or `cancel()` still apply inside it.
 *
 * Which error: a blocking trap raises the `Cancelled` of the *outermost*
 * cancelled scope it can see (up to the first shield). At its exit, a scope
 * catches a `Cancelled` that is its own, unless a scope around it is
 * cancelled too, in which case that one's `Cancelled` goes on outwards
 * (Trio's `parent_cancellation_is_visible_to_us`; curio's `time.py` rule 2
 * for nested timeouts). `timeoutAfter` turns the `Cancelled` its scope
 * caught into a {@linkcode TimeoutError} for its caller.
 *
 * This module holds the records and the lookups on the tree; the kernel
 * (`kernel.ts`) links and unlinks them and wakes the tasks a cancellation
 * reaches.
 *
 * @module
 */

import { Cancelled } from "./errors.ts";

/**
 * What this module needs to know of a task: the kernel's `Task` record.
 * Declared here, and not imported, so that `task.ts` (whose records point
 * to their scopes) and this module do not import each other.
 *
 * @example The kernel's Task is one
 * ```ts
 * import type { ScopeMember } from "./cancel_scope.ts";
 * import type { Task } from "./task.ts";
 *
 * const member = (task: Task): ScopeMember => task;
 * console.assert(typeof member === "function");
 * ```
 */
export interface ScopeMember {
  /** The innermost cancel scope the task is in. */
  readonly scope: CancelScope | null;
  /** How the task appears in messages: `task 2 ("worker")`. */
  toString(): string;
}

/** Options for a {@linkcode CancelScope}. */
export interface CancelScopeOptions {
  /**
   * Cancel the scope this many seconds after it is entered: a deadline.
   *
   * @default {Infinity}
   */
  timeout?: number;
  /**
   * Keep the cancellation of the scopes around this one (and a `cancel()`
   * of its task) out of it, so cleanup inside it can wait and finish. Its
   * own deadline and `cancel()` still apply.
   *
   * @default {false}
   */
  shield?: boolean;
  /**
   * What the scope is called in messages, e.g. `"timeoutAfter(2)"`.
   *
   * @default {"cancel scope"}
   */
  name?: string;
}

/** What an entered scope asks of its kernel. @ignore */
export interface ScopeHost {
  /** Cancel `scope` now: every blocking trap inside it raises `Cancelled`. */
  cancelScope(scope: CancelScope, reason: string, by: ScopeMember | null): void;
}

/**
 * A cancel scope: a stretch of code that can be cancelled as a unit, by a
 * deadline or by {@linkcode CancelScope.cancel}. Enter one with
 * `cancelScope(body, options)`; `timeoutAfter` and `taskGroup` are built on
 * them.
 *
 * @example Cancelled from another task
 * ```ts
 * import assert from "node:assert/strict";
 * import { CancelScope, cancelScope, run, sleep, spawn } from "./mod.ts";
 *
 * const log: string[] = [];
 * await run(function* main() {
 *   let scope: CancelScope | undefined;
 *   yield* spawn(function* stopper() {
 *     yield* sleep(1);
 *     scope!.cancel();
 *   });
 *   yield* cancelScope(function* (s) {
 *     scope = s;
 *     yield* sleep(60);
 *     log.push("not reached");
 *   });
 *   log.push(`cancelled and caught: ${scope!.cancelledCaught}`);
 * }, { clock: "virtual" });
 * assert.deepEqual(log, ["cancelled and caught: true"]);
 * ```
 */
export class CancelScope {
  /** Seconds from entry to the deadline; `Infinity` when there is none. */
  readonly timeout: number;
  /** Whether cancellation from the scopes around it is kept out. */
  readonly shield: boolean;
  /** What the scope is called in messages. */
  readonly name: string;

  /** @ignore Kernel: the next scope out (in this task, or the group that spawned it). */
  parent: CancelScope | null = null;
  /** @ignore Kernel: the task that entered it. */
  owner: ScopeMember | null = null;
  /** @ignore Kernel: scopes entered directly inside this one (`null`: none yet). */
  children: Set<CancelScope> | null = null;
  /** @ignore Kernel: for a task group's scope, the group (its tasks are inside it). */
  nursery: Nursery | null = null;
  /** @ignore Kernel: the `Cancelled` this scope raises once cancelled. */
  error: Cancelled | null = null;
  /** @ignore Kernel: who cancels it once entered; `null` before entry and after exit. */
  host: ScopeHost | null = null;
  /** @ignore Timer heap: position, `-1` when no deadline is armed. */
  index = -1;
  #deadline = Infinity;
  #state: "new" | "entered" | "exited" = "new";
  #cancelCalled = false;
  #cancelledCaught = false;

  /**
   * Make a scope; it takes effect when entered.
   *
   * @throws {RangeError} When `timeout` is negative or not a number.
   */
  constructor(options: CancelScopeOptions = {}) {
    const { timeout = Infinity, shield = false, name = "cancel scope" } = options;
    if (!(timeout >= 0)) {
      throw new RangeError(
        `Cannot set a timeout of ${timeout} s: use a finite number of seconds >= 0`,
      );
    }
    this.timeout = timeout;
    this.shield = shield;
    this.name = name;
  }

  /** When the deadline passes, in kernel seconds; `Infinity` when there is none (or not entered yet). */
  get deadline(): number {
    return this.#deadline;
  }

  /** Whether the scope has been cancelled (by its deadline, `cancel()` or its task group). */
  get cancelCalled(): boolean {
    return this.#cancelCalled;
  }

  /** Whether the scope caught its own `Cancelled` at its exit: its body was cut short by it. */
  get cancelledCaught(): boolean {
    return this.#cancelledCaught;
  }

  /**
   * Cancel the scope: from now on every blocking trap inside it raises
   * `Cancelled`, and the tasks waiting inside it are woken with it. Safe
   * from any task, any number of times; before the scope is entered, it is
   * cancelled as soon as it is.
   */
  cancel(): void {
    if (this.#cancelCalled) return;
    if (this.host !== null) this.host.cancelScope(this, "was cancelled", null);
    else this.#cancelCalled = true;
  }

  /** @ignore Kernel: the scope is being entered at `now`; returns its deadline. */
  _enter(owner: ScopeMember, parent: CancelScope | null, host: ScopeHost, now: number): number {
    if (this.#state !== "new") {
      throw new Error(
        `Cannot enter ${this.name} in ${owner} as it was entered before: make a new scope for each block`,
      );
    }
    this.#state = "entered";
    this.owner = owner;
    this.parent = parent;
    this.host = host;
    if (parent !== null) (parent.children ??= new Set()).add(this);
    this.#deadline = now + this.timeout;
    return this.#deadline;
  }

  /** @ignore Kernel: the scope is left. */
  _exit(): void {
    this.#state = "exited";
    this.host = null;
    this.parent?.children?.delete(this);
  }

  /** @ignore Kernel: mark it cancelled with `error` (once). */
  _cancelled(error: Cancelled): void {
    this.#cancelCalled = true;
    this.error = error;
  }

  /** @ignore Kernel: its exit caught its own `Cancelled`. */
  _caught(): void {
    this.#cancelledCaught = true;
  }

  /** A scope as text: its name and owner, for messages. */
  toString(): string {
    return this.owner === null ? this.name : `${this.name} in ${this.owner}`;
  }
}

/**
 * The `Cancelled` a blocking trap at `scope` must raise now: that of the
 * outermost cancelled scope from `scope` outwards, stopping after the first
 * shielded one; `null` when none is cancelled. (A scope cancelled before it
 * was entered has no error yet and counts once it is entered.)
 *
 * @example Nothing cancelled
 * ```ts
 * import assert from "node:assert/strict";
 * import { cancellationAt } from "./cancel_scope.ts";
 *
 * assert.equal(cancellationAt(null), null);
 * ```
 */
export function cancellationAt(scope: CancelScope | null): Cancelled | null {
  let outermost: Cancelled | null = null;
  for (let s = scope; s !== null; s = s.parent) {
    if (s.error !== null) outermost = s.error;
    if (s.shield) break;
  }
  return outermost;
}

/**
 * Whether a shielded scope stands between `scope` and the outside (so a
 * `cancel()` of the task waits until the code leaves it).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CancelScope, isShielded } from "./cancel_scope.ts";
 *
 * assert.equal(isShielded(new CancelScope({ shield: true })), true);
 * ```
 */
export function isShielded(scope: CancelScope | null): boolean {
  for (let s = scope; s !== null; s = s.parent) if (s.shield) return true;
  return false;
}

/**
 * Every task that a cancellation of `scope` reaches: the tasks whose
 * innermost scope is `scope` or a scope inside it, not counting what is
 * behind a shield (Trio's `CancelStatus` tree walk), in the order the scopes
 * were entered.
 *
 * @example An entered scope reaches its owner
 * ```ts ignore
 * tasksReachedBy(scope); // [owner] while the owner is in no deeper scope
 * ```
 */
export function tasksReachedBy(scope: CancelScope): ScopeMember[] {
  const reached: ScopeMember[] = [];
  const todo = [scope];
  while (todo.length > 0) {
    const s = todo.pop()!;
    if (s.owner !== null && s.owner.scope === s) reached.push(s.owner);
    if (s.nursery !== null) {
      for (const task of s.nursery.tasks) if (task.scope === s) reached.push(task);
    }
    if (s.children !== null) {
      const inner = [...s.children].filter((child) => !child.shield);
      for (let i = inner.length - 1; i >= 0; i--) todo.push(inner[i]);
    }
  }
  return reached;
}

/**
 * The kernel's record of one task group (Trio's nursery): its scope, its
 * tasks, and what ended them. The group's body runs inside `scope`, and so
 * does every task spawned into it; when one of them fails, the kernel
 * cancels `scope`, which reaches the body and every other task in it,
 * including those spawned later.
 *
 * @example A group and its scope
 * ```ts
 * import assert from "node:assert/strict";
 * import { Nursery } from "./cancel_scope.ts";
 *
 * const group = new Nursery();
 * assert.equal(group.scope.nursery, group);
 * assert.equal(group.live, 0);
 * ```
 */
export class Nursery {
  /** The scope the body and every task of the group run in. */
  readonly scope: CancelScope = new CancelScope({ name: "task group" });
  /**
   * The group's tasks that have not finished, in spawn order. Why only
   * those: a group that runs a server spawns a task per client, and
   * keeping the finished ones would keep every one of them alive.
   */
  readonly tasks: Set<ScopeMember> = new Set();
  /**
   * What ended the group's body and tasks, in order, each error object once:
   * real errors, and `Cancelled` errors from outside the group (never the
   * group's own, which only ends what the group itself cancelled).
   */
  readonly errors: unknown[] = [];
  /** The task each of `errors` ended (the owner, for its body). */
  readonly sources: ScopeMember[] = [];
  /** The real errors among `errors` (not `Cancelled`), in order: the first is the one raised. */
  readonly failures: unknown[] = [];
  /** The task waiting in `closeGroup` for the last task to finish. */
  waiter: ScopeMember | null = null;
  /** How many tasks of the group have not finished. */
  get live(): number {
    return this.tasks.size;
  }
  /** Set once the group has ended: no task can be spawned into it. */
  closed = false;

  /** An empty group. */
  constructor() {
    this.scope.nursery = this;
  }

  /**
   * Note that the body or a task of the group ended with `error`; returns
   * whether it is news (not the group's own `Cancelled`, not seen before).
   */
  record(error: unknown, source: ScopeMember): boolean {
    // Why the `null` check: the scope's error is `null` until it is
    // cancelled, and a task may throw `null` (a failure like any other).
    const own = error !== null && error === this.scope.error;
    if (own || this.errors.includes(error)) return false;
    this.errors.push(error);
    this.sources.push(source);
    if (!(error instanceof Cancelled)) this.failures.push(error);
    return true;
  }

  /**
   * What the group raises: the first real error (not a `Cancelled`), else
   * the first `Cancelled` from outside, else nothing (`undefined` with
   * `raise: false`).
   */
  outcome(): { raise: boolean; error: unknown } {
    // Why an index: JavaScript can throw `undefined`, which `find` cannot tell from "none".
    const real = this.errors.findIndex((error) => !(error instanceof Cancelled));
    if (real >= 0) return { raise: true, error: this.errors[real] };
    if (this.errors.length > 0) return { raise: true, error: this.errors[0] };
    return { raise: false, error: undefined };
  }
}
