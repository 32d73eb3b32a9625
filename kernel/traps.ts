/**
 * The trap table: what the kernel does for each kind of trap, in plain sight.
 *
 * Every handler gets the kernel, the task that yielded the trap, and the
 * trap. What it returns is sent back into the task at once (a non-blocking
 * trap); what it throws is thrown into the task at once. A handler that
 * blocks has one shape, as in curio:
 *
 * 1. `k.checkCancel(task)`: raise a cancellation that is due (curio's
 *    `_check_cancellation`), before the task waits.
 * 2. Register the wait (timer heap, waiter list, selector, done callback).
 * 3. `k.suspend(task, waitObject, teardown)`: park the task. The teardown
 *    undoes step 2 if the wait ends early (cancellation) and is called at
 *    most once per wake; a wait that ends normally is undone by whoever
 *    ends it.
 *
 * The handlers see the kernel through {@linkcode KernelCore}, declared here:
 * `kernel.ts` implements it, and this module does not import the kernel.
 *
 * @module
 */

import { cancellationAt, type CancelScope, type Nursery } from "./cancel_scope.ts";
import type { Clock } from "./clock.ts";
import { Cancelled } from "./errors.ts";
import { Future } from "./future.ts";
import type { Interest } from "./selector.ts";
import { NONE, Task } from "./task.ts";
import type { TimerHeap } from "./timer_heap.ts";
import type { KernelOp, Trap } from "./types.ts";

/**
 * Undoes a wait that ends early: removes the task from the timer heap, the
 * selector, a waiter list. `error` is what the task is about to be woken
 * with. Returning `false` refuses: the wait goes on and the teardown keeps
 * the error (Trio's `Abort.FAILED`; only a task group's wait does this).
 */
export type Teardown = (k: KernelCore, task: Task, error: unknown) => boolean | void;

/**
 * The kernel as trap handlers see it: its state and the primitives they
 * share. `kernel.ts` implements it; see there for each one.
 */
export interface KernelCore {
  /** Where time comes from. */
  readonly clock: Clock;
  /** Sleeping tasks and cancel-scope deadlines, soonest first. */
  readonly timers: TimerHeap<Task | CancelScope>;
  /** Tasks blocked on a Future or Promise: a host callback may wake them. */
  outsideWaits: number;
  /** Of those, the ones on a Promise or an external Future: a virtual clock waits for them. */
  externalWaits: number;
  /** Create a task (in `group`, if given) and queue it. */
  spawn(
    fn: (...args: never) => KernelOp<unknown>,
    args: readonly unknown[],
    parent: Task | null,
    name?: string,
    group?: Nursery,
  ): Task;
  /** Block `task` on `waitObject`; `teardown` undoes the wait if it ends early. */
  suspend(task: Task, waitObject: unknown, teardown: Teardown | null): void;
  /** Block `task` until other tasks end (join, cancel, a task group): what a deadlock report lists. */
  suspendOnTasks(task: Task, waitObject: Task | Nursery, teardown: Teardown): void;
  /** `task` stopped waiting on other tasks (see `suspendOnTasks`). */
  stopWaitingOnTasks(task: Task): void;
  /** Put `task` at the back of the ready queue (a checkpoint). */
  requeue(task: Task): void;
  /** Queue a blocked task, to be resumed with `value`. */
  resume(task: Task, value: unknown): void;
  /** Queue a blocked task, to be resumed with `error` thrown in (any value, `undefined` too). */
  resumeThrowing(task: Task, error: unknown): void;
  /** Throw the cancellation that is due in `task`, if any (curio's `_check_cancellation`). */
  checkCancel(task: Task): void;
  /** The cancellation due in `task` (taken, if it is a `cancel()`), or `NONE`. */
  takeCancellation(task: Task): unknown;
  /** Deliver `cancel()` to `task` on behalf of `by`; `true` when it was woken with it at once. */
  cancelTask(task: Task, by: Task | null): boolean;
  /** Enter `scope` in `task` (arm its deadline). */
  enterScope(task: Task, scope: CancelScope): void;
  /** Leave `scope`, the innermost scope of `task`. */
  exitScope(task: Task, scope: CancelScope): void;
  /** Cancel `scope` (once); `reason` finishes the message, `by` is the task that caused it. */
  cancelScope(scope: CancelScope, reason: string, by: Task | null): void;
  /** Report an error nobody will receive (the run's `onUnjoinedError`). */
  reportCrash(error: unknown, task: Task): void;
  /** Record that `task` waits for `interest` on `resource` and tell the selector. */
  registerIo(task: Task, resource: unknown, interest: Interest): void;
  /** Forget the waiter for `interest` on `resource` and tell the selector. */
  unregisterIo(resource: unknown, interest: Interest): void;
  /** A wake from outside the loop (a callback): end a `select` in progress. */
  notify(): void;
}

/** A handler for the trap kind `K`. */
export type TrapHandler<K extends Trap["kind"]> = (
  k: KernelCore,
  task: Task,
  trap: Extract<Trap, { kind: K }>,
) => unknown;

/** One handler per trap kind. */
export type TrapTable = { readonly [K in Trap["kind"]]: TrapHandler<K> };

export const traps: TrapTable = {
  // --- Answered inline -----------------------------------------------------
  spawn(k, task, trap) {
    return k.spawn(trap.fn, trap.args, task, trap.name, trap.group);
  },

  current(_k, task) {
    return task;
  },

  now(k) {
    return k.clock.now();
  },

  enterScope(k, task, { scope }) {
    k.enterScope(task, scope);
  },

  exitScope(k, task, { scope, failed, error }) {
    k.exitScope(task, scope);
    if (!failed) return false;
    if (scope.error === null || error !== scope.error) throw error; // not ours: it goes on
    // Our own Cancelled. Why not always caught here: when a scope around
    // this one is cancelled as well, that cancellation must go on outwards
    // (Trio's rule; curio's time.py rule 2 for nested timeouts).
    const outer = scope.shield ? null : cancellationAt(scope.parent);
    if (outer !== null) throw outer;
    scope._caught();
    return true;
  },

  // --- May block -------------------------------------------------------------
  checkpoint(k, task) {
    k.checkCancel(task);
    k.requeue(task); // rule 4: back of the ready queue, no block/wake
  },

  sleep(k, task, { seconds }) {
    checkSeconds(seconds, "sleep for");
    k.checkCancel(task);
    if (seconds === 0) return k.requeue(task);
    k.timers.push(task, k.clock.now() + seconds); // a task is its own timer entry
    k.suspend(task, seconds, removeTimer);
  },

  join(k, task, { task: target }) {
    checkTask(target, "join");
    if (target.state === "done") {
      target.joined = true;
      if (target.error !== NONE) throw target.error;
      return target.result;
    }
    if (target === task) throw new Error(`Cannot join ${task} from itself: it would wait forever`);
    k.checkCancel(task);
    (target.waiters ??= []).push(task);
    k.suspendOnTasks(task, target, leaveWaiters); // woken by the target's exit with its outcome
  },

  cancel(k, task, { task: target, wait }) {
    checkTask(target, "cancel");
    if (target.state === "done") return false; // a no-op that says so
    if (target === task) {
      throw new Error(`Cannot cancel ${task} from itself: throw an error or return instead`);
    }
    // Why only the first: a second cancel must not cut the cleanup short.
    const woken = target.cancelError === null && k.cancelTask(target, task);
    if (!wait) return woken;
    k.checkCancel(task);
    (target.waiters ??= []).push(task);
    k.suspendOnTasks(task, target, leaveWaiters); // woken by the target's exit: was Cancelled raised?
  },

  readWait(k, task, { resource }) {
    k.checkCancel(task);
    k.registerIo(task, resource, "read");
    k.suspend(task, resource, unregisterIo); // woken by the loop when the selector reports it
  },

  writeWait(k, task, { resource }) {
    k.checkCancel(task);
    k.registerIo(task, resource, "write");
    k.suspend(task, resource, unregisterIo);
  },

  future(k, task, { future }) {
    return waitFuture(k, task, future, future.external);
  },

  promise(k, task, { promise }) {
    return waitFuture(k, task, Future.from(promise), true);
  },

  closeGroup(k, task, { group, failed, error }) {
    if (failed) groupInterrupted(k, group, error, task, "its body failed");
    // Why no checkCancel: waiting for the group's tasks is not a place to
    // stop. A cancellation that is due cancels the group's tasks and is
    // raised by the group once they have all finished (Trio's nursery).
    const due = k.takeCancellation(task);
    if (due !== NONE) groupInterrupted(k, group, due, task, "it was cancelled");
    if (group.live === 0) return endGroup(k, task, group);
    group.waiter = task;
    k.suspendOnTasks(task, group, groupWaitInterrupted); // woken by the group's last task to end
  },
};

// --- Shared pieces ----------------------------------------------------------

const removeTimer: Teardown = (k, task) => {
  k.timers.remove(task);
};

const leaveWaiters: Teardown = (k, task) => {
  const waiters = (task.waitObject as Task).waiters!;
  waiters.splice(waiters.indexOf(task), 1);
  k.stopWaitingOnTasks(task);
};

const unregisterIo: Teardown = (k, task) => {
  k.unregisterIo(task.waitObject, task.trap === "readWait" ? "read" : "write");
};

// The group's owner, waiting for the last task: a cancellation does not end
// the wait; it is kept, and cancels the group's tasks.
const groupWaitInterrupted: Teardown = (k, task, error) => {
  groupInterrupted(k, task.waitObject as Nursery, error, task, "it was cancelled");
  return false;
};

function waitFuture(
  k: KernelCore,
  task: Task,
  future: Future<unknown>,
  external: boolean,
): unknown {
  if (future.done) return future.result(); // the value, or its error thrown in
  k.checkCancel(task);
  const counted = external ? 1 : 0;
  // Why no stale-wakeup check in `wake`: the teardown removes the callback,
  // and a Future calls each callback once, so `wake` runs only while the
  // task still waits here.
  const wake = (done: Future<unknown>) => {
    k.outsideWaits--;
    k.externalWaits -= counted;
    if (done.state === "fulfilled") k.resume(task, done.result());
    else k.resumeThrowing(task, done.exception());
    k.notify(); // completed from a callback: the loop may be blocked in select
  };
  future.addDoneCallback(wake);
  k.outsideWaits++;
  k.externalWaits += counted;
  k.suspend(task, future, () => {
    k.outsideWaits--;
    k.externalWaits -= counted;
    future.removeDoneCallback(wake);
  });
}

// --- Task groups (Trio's nurseries) --------------------------------------------

/**
 * The owner of `group` ended its body with `error`, or was interrupted by
 * it while waiting: keep it for the group to raise, and cancel the group's
 * tasks (no task outlives its group).
 */
function groupInterrupted(
  k: KernelCore,
  group: Nursery,
  error: unknown,
  owner: Task,
  why: string,
): void {
  group.record(error, owner);
  k.cancelScope(group.scope, `was cancelled as ${owner} ${why}`, owner);
}

/**
 * A task of a group ended (called by the kernel from its exit). A real
 * failure cancels the group: the body and every other task, also ones
 * spawned later. The group's last task wakes the owner waiting to close it.
 */
export function groupTaskExited(k: KernelCore, task: Task, error: unknown): void {
  const group = task.nursery!;
  group.tasks.delete(task);
  // Why not the task's own cancel(): whoever cancelled it asked for that.
  const own = error !== null && error === task.cancelError;
  if (error !== NONE && !own && group.record(error, task)) {
    if (!(error instanceof Cancelled)) {
      k.cancelScope(group.scope, `was cancelled as ${task} failed`, task);
    }
  }
  const owner = group.waiter as Task | null;
  if (group.live > 0 || owner === null) return;
  group.waiter = null;
  k.stopWaitingOnTasks(owner);
  try {
    k.resume(owner, endGroup(k, owner, group));
  } catch (raised) {
    k.resumeThrowing(owner, raised);
  }
}

/**
 * Every task of `group` has finished: leave its scope, and raise what the
 * group raises (the first real error, else a `Cancelled` from outside).
 * Errors it does not raise are reported, never dropped.
 */
function endGroup(k: KernelCore, owner: Task, group: Nursery): undefined {
  group.closed = true;
  k.exitScope(owner, group.scope);
  const { raise, error } = group.outcome();
  group.errors.forEach((other, i) => {
    if (other !== error && !(other instanceof Cancelled)) {
      k.reportCrash(other, group.sources[i] as Task);
    }
  });
  if (raise) throw error;
}

function checkSeconds(seconds: number, action: string): void {
  if (!(seconds >= 0) || !Number.isFinite(seconds)) {
    throw new RangeError(`Cannot ${action} ${seconds} s: use a finite number of seconds >= 0`);
  }
}

function checkTask(target: unknown, action: string): asserts target is Task {
  if (!(target instanceof Task)) {
    throw new TypeError(
      `Cannot ${action} ${String(target)} as it is not a task: pass the handle spawn() returned`,
    );
  }
}
