/**
 * The trap table: what the kernel does for each kind of trap, in plain sight.
 *
 * Every handler gets the kernel, the task that yielded the trap, and the
 * trap. What it returns is sent back into the task at once (a non-blocking
 * trap); what it throws is thrown into the task at once. A handler that
 * blocks has one shape, as in curio:
 *
 * 1. `k.checkPending(task)`: a cancellation or timeout that arrived while
 *    the task was running is raised here, before it waits.
 * 2. Register the wait (timer heap, waiter list, selector, done callback).
 * 3. `k.suspend(task, waitObject, teardown)`: park the task. The teardown
 *    undoes step 2 if the wait ends early (cancel, timeout) and is called at
 *    most once; a wait that ends normally is undone by whoever ends it.
 *
 * @module
 */

import { Future } from "./future.ts";
import type { Kernel } from "./kernel.ts";
import { NONE, Task, type Teardown } from "./task.ts";
import { Deadline } from "./timeout.ts";
import type { CheckpointTrap, Trap } from "./types.ts";

/** A handler for the trap kind `K`. */
export type TrapHandler<K extends Trap["kind"]> = (
  k: Kernel,
  task: Task,
  trap: Extract<Trap, { kind: K }>,
) => unknown;

/** One handler per trap kind. */
export type TrapTable = { readonly [K in Trap["kind"]]: TrapHandler<K> };

/** The one checkpoint trap object (`yield* checkpoint()` yields it; the loop's fast path knows it). */
export const CHECKPOINT: CheckpointTrap = Object.freeze({ kind: "checkpoint" });

export const traps: TrapTable = {
  // --- Answered inline -----------------------------------------------------
  spawn(k, task, trap) {
    return k.spawn(trap.fn, trap.args, task, trap.name);
  },

  current(_k, task) {
    return task;
  },

  now(k) {
    return k.clock.now();
  },

  setDeadline(k, task, { seconds }) {
    checkSeconds(seconds, "set a timeout of");
    const deadline = new Deadline(task, seconds);
    k.timers.push(deadline, k.clock.now() + seconds);
    return deadline;
  },

  clearDeadline(k, task, { deadline }) {
    if (deadline.task !== task) {
      throw new Error(
        `Cannot clear a deadline of ${deadline.task} from ${task}: clear it in the task that set it`,
      );
    }
    k.timers.remove(deadline);
    // Why: the deadline may have fired while the task was not waiting; its
    // scope is ending, so the pending TimeoutError must not leak outside it.
    if (deadline.error !== null && task.pendingError === deadline.error) task.pendingError = NONE;
  },

  // --- May block -------------------------------------------------------------
  checkpoint(k, task) {
    k.checkPending(task);
    k.requeue(task); // rule 4: back of the ready queue, no block/wake
  },

  sleep(k, task, { seconds }) {
    checkSeconds(seconds, "sleep for");
    k.checkPending(task);
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
    k.checkPending(task);
    (target.waiters ??= []).push(task);
    k.suspend(task, target, leaveWaiters); // woken by the target's exit with its outcome
  },

  cancel(k, task, { task: target, wait }) {
    checkTask(target, "cancel");
    if (target.state === "done") return false; // a no-op that says so
    if (target === task) {
      throw new Error(`Cannot cancel ${task} from itself: throw an error or return instead`);
    }
    const delivered = !target.cancelRequested;
    if (delivered) k.cancelTask(target, task); // a second cancel does not cut cleanup short
    if (!wait) return delivered;
    k.checkPending(task);
    (target.waiters ??= []).push(task);
    k.suspend(task, target, leaveWaiters); // woken by the target's exit with `delivered`
  },

  readWait(k, task, { resource }) {
    k.checkPending(task);
    k.registerIo(task, resource, "read");
    k.suspend(task, resource, unregisterIo); // woken by the loop when the selector reports it
  },

  writeWait(k, task, { resource }) {
    k.checkPending(task);
    k.registerIo(task, resource, "write");
    k.suspend(task, resource, unregisterIo);
  },

  future(k, task, { future }) {
    return waitFuture(k, task, future);
  },

  promise(k, task, { promise }) {
    return waitFuture(k, task, Future.from(promise));
  },
};

// --- Shared pieces ----------------------------------------------------------

const removeTimer: Teardown = (k, task) => {
  k.timers.remove(task);
};

const leaveWaiters: Teardown = (_k, task) => {
  const waiters = (task.waitObject as Task).waiters!;
  waiters.splice(waiters.indexOf(task), 1);
};

const unregisterIo: Teardown = (k, task) => {
  k.unregisterIo(task.waitObject, task.trap === "readWait" ? "read" : "write");
};

function waitFuture(k: Kernel, task: Task, future: Future<unknown>): unknown {
  if (future.done) return future.result(); // the value, or its error thrown in
  k.checkPending(task);
  // Why no stale-wakeup check in `wake`: the teardown removes the callback,
  // and a Future calls each callback once, so `wake` runs only while the
  // task still waits here.
  const wake = (done: Future<unknown>) => {
    k.external--;
    if (done.state === "fulfilled") k.resume(task, done.result());
    else k.resume(task, undefined, done.exception());
    k.notify(); // completed from a callback: the loop may be blocked in select
  };
  future.addDoneCallback(wake);
  k.external++;
  k.suspend(task, future, () => {
    k.external--;
    future.removeDoneCallback(wake);
  });
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
