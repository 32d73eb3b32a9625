/**
 * Equivalent mutants of lessons 06–10, with why (see `equivalent.ts`).
 *
 * Each reason says why no caller that follows the exercise's documented API
 * could tell the mutant from the reference; where it rests on how Deno treats
 * Workers, that was checked on Deno 2.9 and is said so.
 *
 * @module
 */

/** By exercise id, then by mutant key: why the change is invisible. */
export const kernelTrack: Record<string, Record<string, string>> = {
  "06-traps/spawn": {
    "swap: this.#ready.push(task); ⏎ this.#live++; → this.#live++; ⏎ this.#ready.push(task);":
      "#live is read only by run()'s loop test, between two steps; nothing runs between these two statements",
    'swap: this.#live++; ⏎ this.#trace({ ⏎ type: "spawn", ⏎ time: this.#time, ⏎ task: task.id, ⏎ name: task.name, ⏎ parent: parent?.id ?? null, ⏎ }); → this.#trace({ ⏎ type: "spawn", ⏎ time: this.#time, ⏎ task: task.id, ⏎ name: task.name, ⏎ parent: parent?.id ?? null, ⏎ }); ⏎ this.#live++;':
      "the trace callback runs between them, but #live is private and read only by run()'s loop test between two steps, so no observer sees it before or after the spawn event",
    "logical: parent: parent?.id ?? null, → parent: parent?.id || null,":
      "task ids count from 1, so a parent's id is never falsy, and || gives what ?? gives",
  },
  "06-traps/join": {
    "swap: if (target.done) { ⏎ if (target.failed) [throws, error] = [true, target.error]; ⏎ else value = target.result; ⏎ continue; ⏎ } ⏎ target.waiters.push(task); → target.waiters.push(task); ⏎ if (target.done) { ⏎ if (target.failed) [throws, error] = [true, target.error]; ⏎ else value = target.result; ⏎ continue; ⏎ }":
      "a done target answers at once (continue), and a done task's waiters are never read again (#exit runs once per task), so the extra entry is never woken; only memory differs",
    'swap: target.waiters.push(task); ⏎ this.#trace({ ⏎ type: "block", ⏎ time: this.#time, ⏎ task: task.id, ⏎ trap: "join", ⏎ detail: `task ${target.id}`, ⏎ }); → this.#trace({ ⏎ type: "block", ⏎ time: this.#time, ⏎ task: task.id, ⏎ trap: "join", ⏎ detail: `task ${target.id}`, ⏎ }); ⏎ target.waiters.push(task);':
      "the trace callback cannot see a task's waiters list, and nothing else runs between the two statements",
    'swap: if (failed) [waiter.sendThrows, waiter.sendError] = [true, error]; ⏎ else waiter.sendValue = value; ⏎ this.#trace({ type: "wake", time, task: waiter.id, trap: "join" }); → this.#trace({ type: "wake", time, task: waiter.id, trap: "join" }); ⏎ if (failed) [waiter.sendThrows, waiter.sendError] = [true, error]; ⏎ else waiter.sendValue = value;':
      "a waiter's sendValue, sendThrows and sendError are read only when it next runs, after this exit is over, so the trace callback between them cannot see their order",
    'swap: this.#trace({ type: "wake", time, task: waiter.id, trap: "join" }); ⏎ this.#ready.push(waiter); → this.#ready.push(waiter); ⏎ this.#trace({ type: "wake", time, task: waiter.id, trap: "join" });':
      "the ready queue is read only when the current step has returned to run()'s loop, so the trace callback between the two statements cannot see whether the task was queued a statement earlier or later",
    'swap: if (target === task) { ⏎ // Why an error, not a block: nothing could ever wake a task that ⏎ // waits for itself. The kernel (and curio) refuse it at once. ⏎ [throws, error] = [ ⏎ true, ⏎ new Error( ⏎ `Cannot join task ${task.id} ("${task.name}") from itself: it would wait forever`, ⏎ ), ⏎ ]; ⏎ continue; ⏎ } ⏎ if (target.done) { ⏎ if (target.failed) [throws, error] = [true, target.error]; ⏎ else value = target.result; ⏎ continue; ⏎ } → if (target.done) { ⏎ if (target.failed) [throws, error] = [true, target.error]; ⏎ else value = target.result; ⏎ continue; ⏎ } ⏎ if (target === task) { ⏎ // Why an error, not a block: nothing could ever wake a task that ⏎ // waits for itself. The kernel (and curio) refuse it at once. ⏎ [throws, error] = [ ⏎ true, ⏎ new Error( ⏎ `Cannot join task ${task.id} ("${task.name}") from itself: it would wait forever`, ⏎ ), ⏎ ]; ⏎ continue; ⏎ }':
      "the task that traps is the one running, so it is never done: a self-join never takes the done branch, and a join of another task never takes the self branch; the two tests can go in either order",
    "drop: task.waiters = []; → ":
      "#exit runs once per task, and join answers a done task at once without adding to its waiters, so the list is never read again; only memory differs",
  },
  "06-traps/sleep": {
    "swap: if (left < heap.length && before(heap[left], heap[least])) least = left; ⏎ if (right < heap.length && before(heap[right], heap[least])) least = right; → if (right < heap.length && before(heap[right], heap[least])) least = right; ⏎ if (left < heap.length && before(heap[left], heap[least])) least = left;":
      "before() is a strict total order on (deadline, seq) and seq is unique, so the least of a node and its two children is the same whichever child is compared first",
    "swap: if (least === i) return top.item; ⏎ [heap[i], heap[least]] = [heap[least], heap[i]]; → [heap[i], heap[least]] = [heap[least], heap[i]]; ⏎ if (least === i) return top.item;":
      "when least === i the swap exchanges heap[i] with itself, which changes nothing, so returning after it is returning before it",
    "comparison: return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq); → return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq <= b.seq);":
      "seq is unique per timer and before() is never called with a timer and itself (push compares a node with its parent, pop a node with its children), so a.seq === b.seq never holds",
    'swap: if (this.#ready.length === 0) { ⏎ const next = this.#timers.peek(); ⏎ if (next === undefined) { ⏎ throw new Error( ⏎ `Cannot continue as ${this.#live} task(s) wait and nothing can wake them: a cycle of joins?`, ⏎ ); ⏎ } ⏎ this.#time = Math.max(this.#time, next.deadline); ⏎ } ⏎ while (this.#timers.size > 0 && this.#timers.peek()!.deadline <= this.#time) { ⏎ const task = this.#timers.pop()!; ⏎ this.#trace({ type: "wake", time: this.#time, task: task.id, trap: "sleep" }); ⏎ this.#ready.push(task); ⏎ } → while (this.#timers.size > 0 && this.#timers.peek()!.deadline <= this.#time) { ⏎ const task = this.#timers.pop()!; ⏎ this.#trace({ type: "wake", time: this.#time, task: task.id, trap: "sleep" }); ⏎ this.#ready.push(task); ⏎ } ⏎ if (this.#ready.length === 0) { ⏎ const next = this.#timers.peek(); ⏎ if (next === undefined) { ⏎ throw new Error( ⏎ `Cannot continue as ${this.#live} task(s) wait and nothing can wake them: a cycle of joins?`, ⏎ ); ⏎ } ⏎ this.#time = Math.max(this.#time, next.deadline); ⏎ }':
      "with nothing ready, the mutant pops the due timers (none) and then jumps the clock; that pass runs no task and reports nothing, and the next pass pops the same timers at the same time before any task runs: the same trace",
    'swap: this.#trace({ type: "wake", time: this.#time, task: task.id, trap: "sleep" }); ⏎ this.#ready.push(task); → this.#ready.push(task); ⏎ this.#trace({ type: "wake", time: this.#time, task: task.id, trap: "sleep" });':
      "the ready queue is read only when the current step has returned to run()'s loop, so the trace callback between the two statements cannot see whether the task was queued a statement earlier or later",
    'swap: this.#timers.push(task, this.#time + trap.seconds); ⏎ this.#trace({ ⏎ type: "block", ⏎ time: this.#time, ⏎ task: task.id, ⏎ trap: "sleep", ⏎ detail: `${trap.seconds}s`, ⏎ }); → this.#trace({ ⏎ type: "block", ⏎ time: this.#time, ⏎ task: task.id, ⏎ trap: "sleep", ⏎ detail: `${trap.seconds}s`, ⏎ }); ⏎ this.#timers.push(task, this.#time + trap.seconds);':
      "the timer heap is private and read only by run()'s loop between passes, so the trace callback cannot see whether the timer was pushed before or after the block event",
  },
  "07-select-loop/select_loop": {
    "swap: if (task === undefined) continue; ⏎ waiting.delete(resource); → waiting.delete(resource); ⏎ if (task === undefined) continue;":
      "when no task waits for the resource, deleting it from the map is a no-op, so deleting before the test is the same",
    "swap: waiting.delete(resource); ⏎ this.#selector.unregister(resource, interest); → this.#selector.unregister(resource, interest); ⏎ waiting.delete(resource);":
      "the waiting maps are private and the selector never reads them: the two statements are independent",
    'swap: this.#trace({ type: "wake", time: this.#time, task: task.id, trap }); ⏎ this.#ready.push(task); → this.#ready.push(task); ⏎ this.#trace({ type: "wake", time: this.#time, task: task.id, trap });':
      "the ready queue is read only when the current step has returned to run()'s loop, so the trace callback between the two statements cannot see whether the task was queued a statement earlier or later",
    "drop: waiting.delete(resource); → ":
      "a (resource, interest) pair is registered exactly while a task waits on it and unregistered when that task is woken, and a Selector reports only registered pairs (kernel/selector.ts), so the stale entry is never looked up; a new waiter on the same pair overwrites it",
    'swap: (interest === "read" ? this.#readers : this.#writers).set(resource, task); ⏎ this.#selector.register(resource, interest); → this.#selector.register(resource, interest); ⏎ (interest === "read" ? this.#readers : this.#writers).set(resource, task);':
      "the selector never reads the kernel's waiting maps, and if register() throws (a second waiter on one pair), the error leaves run() either way",
  },
  "07-select-loop/echo_server": {
    "constant: const data = yield* recv(sock, 65536); → const data = yield* recv(sock, 65537);":
      "the limit only changes where the byte stream is cut into reads (the network cuts it too); every byte still comes back, in order, and a client sees a stream, not the server's reads",
  },
  "08-blocking/fair_fib": {
    "constant: let calls = 0; → let calls = 1;":
      "every checkpoint comes one call earlier; their number differs only when fib(n) makes 2 fib(n) - 1 = 9,999 mod 10,000 calls, first at n = 3750 (more calls than any computer finishes), and the calls between two checkpoints are pure computation no other task can see",
    "swap: if (++calls % CALLS_PER_TURN === 0) yield* checkpoint(); ⏎ if (k <= 2) sum += 1; ⏎ else pending.push(k - 2, k - 1); → if (k <= 2) sum += 1; ⏎ else pending.push(k - 2, k - 1); ⏎ if (++calls % CALLS_PER_TURN === 0) yield* checkpoint();":
      "what moves is one call's bookkeeping, pure computation no other task can see; the checkpoints come after the same calls, as many of them",
    "arithmetic: if (++calls % CALLS_PER_TURN === 0) yield* checkpoint(); → if (--calls % CALLS_PER_TURN === 0) yield* checkpoint();":
      "-k % CALLS_PER_TURN is -0 exactly when k % CALLS_PER_TURN is 0, and -0 === 0, so the checkpoints fall on the same calls",
  },
  "09-futures/future": {
    'swap: if (this.#state === "fulfilled") return this.#value as T; ⏎ if (this.#state === "rejected") throw this.#error; → if (this.#state === "rejected") throw this.#error; ⏎ if (this.#state === "fulfilled") return this.#value as T;':
      "the two tests are on two different states, which exclude each other, so their order changes nothing",
    "swap: this.#state = state; ⏎ this.#value = value; → this.#value = value; ⏎ this.#state = state;":
      "no code runs between the assignments (the callbacks run after all three)",
    "swap: this.#value = value; ⏎ this.#error = error; → this.#error = error; ⏎ this.#value = value;":
      "no code runs between the assignments (the callbacks run after all three)",
  },
  "09-futures/wait_future": {
    "swap: this.#wake = null; ⏎ wake?.(); → wake?.(); ⏎ this.#wake = null;":
      "resolving a Promise runs nothing synchronously, so #wake is null before the loop (or anyone) can read it, either way",
    "drop: this.#wake = null; → ":
      "calling a resolve function whose Promise is already resolved does nothing, and the loop stores a fresh one each time it waits, so keeping the old one changes nothing",
    'swap: this.#trace({ type: "block", task: task.id, trap: "future" }); ⏎ this.#waiting++; → this.#waiting++; ⏎ this.#trace({ type: "block", task: task.id, trap: "future" });':
      "the trace callback cannot read #waiting, which only run()'s loop reads, between steps",
    'swap: this.#waiting++; ⏎ future.addDoneCallback((done) => { ⏎ this.#waiting--; ⏎ task.send = done.state === "fulfilled" ⏎ ? { value: done.result() } ⏎ : { error: done.exception() }; ⏎ this.#ready.push(task); // Why not step it here: only the loop runs tasks ⏎ this.#trace({ type: "wake", task: task.id, trap: "future" }); ⏎ this.wakeup(); // the loop may be asleep, waiting for exactly this ⏎ }); → future.addDoneCallback((done) => { ⏎ this.#waiting--; ⏎ task.send = done.state === "fulfilled" ⏎ ? { value: done.result() } ⏎ : { error: done.exception() }; ⏎ this.#ready.push(task); // Why not step it here: only the loop runs tasks ⏎ this.#trace({ type: "wake", task: task.id, trap: "future" }); ⏎ this.wakeup(); // the loop may be asleep, waiting for exactly this ⏎ }); ⏎ this.#waiting++;':
      "the Future is pending here (done was tested above), so addDoneCallback only stores the callback, which cannot run before #waiting++",
    "arithmetic: this.#waiting++; → this.#waiting--;":
      "#waiting is read only by run()'s 'every task waits on nothing' test, reached with no task ready; a live task that is not ready is blocked on a Future, so the reference never throws there, and with this change #waiting only goes down from 0 and never returns to 0, so it never throws either",
    'swap: this.#waiting--; ⏎ task.send = done.state === "fulfilled" ⏎ ? { value: done.result() } ⏎ : { error: done.exception() }; → task.send = done.state === "fulfilled" ⏎ ? { value: done.result() } ⏎ : { error: done.exception() }; ⏎ this.#waiting--;':
      "these statements run one after the other inside the callback, and #waiting is read only by run()'s loop, after the callback has returned",
    'swap: task.send = done.state === "fulfilled" ⏎ ? { value: done.result() } ⏎ : { error: done.exception() }; ⏎ this.#ready.push(task); // Why not step it here: only the loop runs tasks → this.#ready.push(task); ⏎ task.send = done.state === "fulfilled" ⏎ ? { value: done.result() } ⏎ : { error: done.exception() }; // Why not step it here: only the loop runs tasks':
      "a queued task runs only when the loop takes it, after the callback has set task.send",
    'swap: this.#ready.push(task); // Why not step it here: only the loop runs tasks ⏎ this.#trace({ type: "wake", task: task.id, trap: "future" }); → this.#trace({ type: "wake", task: task.id, trap: "future" }); // Why not step it here: only the loop runs tasks ⏎ this.#ready.push(task);':
      "the ready queue is read only when the current step has returned to run()'s loop, so the trace callback between the two statements cannot see whether the task was queued a statement earlier or later",
    'swap: this.#trace({ type: "wake", task: task.id, trap: "future" }); ⏎ this.wakeup(); // the loop may be asleep, waiting for exactly this → this.wakeup(); ⏎ this.#trace({ type: "wake", task: task.id, trap: "future" }); // the loop may be asleep, waiting for exactly this':
      "wakeup() only resolves the loop's Promise, which runs nothing synchronously, so the loop wakes after the trace call in both orders",
    "drop: this.#waiting--; → ":
      "#waiting is read only by run()'s 'every task waits on nothing' test, which can hold only with no task blocked on a Future, where the reference never is with none ready; without the decrement #waiting is never 0 once a task has blocked, so the test never holds either",
    "arithmetic: this.#waiting--; → this.#waiting++;":
      "#waiting is read only by run()'s 'every task waits on nothing' test, which can hold only with no task blocked on a Future, where the reference never is with none ready; counting up here, #waiting is never 0 once a task has blocked, so the test never holds either",
  },
  "10-workers/pool": {
    "logical: const worker = this.#idle.pop() ?? → const worker = this.#idle.pop() ||":
      "a Worker is an object, never falsy, so || picks what ?? picks",
    "swap: this.#running.clear(); ⏎ this.#idle.length = 0; → this.#idle.length = 0; ⏎ this.#running.clear();":
      "no code runs between the two statements",
    'swap: this.#idle.length = 0; ⏎ for (const { future } of this.#queue.splice(0)) { ⏎ future.setError(new Error("Cannot start the job as the pool was closed")); ⏎ } → for (const { future } of this.#queue.splice(0)) { ⏎ future.setError(new Error("Cannot start the job as the pool was closed")); ⏎ } ⏎ this.#idle.length = 0;':
      "the rejections run done callbacks, but #idle is read only by submit(), which throws once #closed is set (above), and by Worker handlers, which a terminated Worker no longer triggers",
    'swap: worker.terminate(); ⏎ future?.setError(new Error("Cannot finish the job as the pool was closed")); → future?.setError(new Error("Cannot finish the job as the pool was closed")); ⏎ worker.terminate();':
      "terminate() only asks the Worker's thread to stop, so the Worker may run a moment longer in both orders; the callbacks cannot submit (the pool is closed) and see the same pool.workers, so only a race on the Worker's thread could tell",
    "drop: this.#idle.length = 0; → ":
      "#idle is never read after close(): submit() throws once closed, and a terminated Worker sends no message or error",
    "constant: this.#idle.length = 0; → this.#idle.length = 1;":
      "#idle is never read after close(): submit() throws once closed, and a terminated Worker sends no message or error",
    "swap: this.#running.set(worker, null); ⏎ worker.onmessage = (event: MessageEvent<OutcomeMessage>) => { ⏎ const future = this.#running.get(worker); ⏎ if (!future) return; // Why: a message after close() or after death ⏎ this.#running.set(worker, null); ⏎ this.#next(worker); // free the Worker before the callbacks run ⏎ const outcome = event.data; ⏎ if (outcome.ok) future.setResult(outcome.value); ⏎ else future.setError(new Error(`${outcome.name}: ${outcome.message}`)); ⏎ }; → worker.onmessage = (event: MessageEvent<OutcomeMessage>) => { ⏎ const future = this.#running.get(worker); ⏎ if (!future) return; // Why: a message after close() or after death ⏎ this.#running.set(worker, null); ⏎ this.#next(worker); // free the Worker before the callbacks run ⏎ const outcome = event.data; ⏎ if (outcome.ok) future.setResult(outcome.value); ⏎ else future.setError(new Error(`${outcome.name}: ${outcome.message}`)); ⏎ }; ⏎ this.#running.set(worker, null);":
      "a Worker's handlers run in later tasks of the event loop, never inside #start(), so the order of these statements cannot be seen",
    "swap: worker.onmessage = (event: MessageEvent<OutcomeMessage>) => { ⏎ const future = this.#running.get(worker); ⏎ if (!future) return; // Why: a message after close() or after death ⏎ this.#running.set(worker, null); ⏎ this.#next(worker); // free the Worker before the callbacks run ⏎ const outcome = event.data; ⏎ if (outcome.ok) future.setResult(outcome.value); ⏎ else future.setError(new Error(`${outcome.name}: ${outcome.message}`)); ⏎ }; ⏎ worker.onerror = (event) => { ⏎ event.preventDefault(); // Why: otherwise the error ends the whole program ⏎ const future = this.#running.get(worker); ⏎ worker.terminate(); ⏎ this.#running.delete(worker); ⏎ const i = this.#idle.indexOf(worker); ⏎ if (i >= 0) this.#idle.splice(i, 1); ⏎ future?.setError(new Error(`The worker died while running the job: ${event.message}`)); ⏎ const job = this.#queue.shift(); ⏎ if (job !== undefined) this.#send(this.#start(), job); ⏎ }; → worker.onerror = (event) => { ⏎ event.preventDefault(); // Why: otherwise the error ends the whole program ⏎ const future = this.#running.get(worker); ⏎ worker.terminate(); ⏎ this.#running.delete(worker); ⏎ const i = this.#idle.indexOf(worker); ⏎ if (i >= 0) this.#idle.splice(i, 1); ⏎ future?.setError(new Error(`The worker died while running the job: ${event.message}`)); ⏎ const job = this.#queue.shift(); ⏎ if (job !== undefined) this.#send(this.#start(), job); ⏎ }; ⏎ worker.onmessage = (event: MessageEvent<OutcomeMessage>) => { ⏎ const future = this.#running.get(worker); ⏎ if (!future) return; // Why: a message after close() or after death ⏎ this.#running.set(worker, null); ⏎ this.#next(worker); // free the Worker before the callbacks run ⏎ const outcome = event.data; ⏎ if (outcome.ok) future.setResult(outcome.value); ⏎ else future.setError(new Error(`${outcome.name}: ${outcome.message}`)); ⏎ };":
      "a Worker's handlers run in later tasks of the event loop, never inside #start(), so the order in which they are set cannot be seen",
    "drop: this.#running.set(worker, null); → ":
      "#start() is always followed at once by #send(), which sets the same entry before anything can read it",
    "swap: if (!future) return; // Why: a message after close() or after death ⏎ this.#running.set(worker, null); → this.#running.set(worker, null); // Why: a message after close() or after death ⏎ if (!future) return;":
      "future is missing only for a Worker no longer in #running (terminated by close(), or dead), and such a Worker sends no more messages (checked: Deno drops a terminated Worker's pending messages, and a dead one answers nothing), so the early return is never reached with a message to lose",
    "swap: worker.terminate(); ⏎ this.#running.delete(worker); → this.#running.delete(worker); ⏎ worker.terminate();":
      "deleting the entry and terminate() run no other code, so their order cannot be seen",
    "swap: if (i >= 0) this.#idle.splice(i, 1); ⏎ future?.setError(new Error(`The worker died while running the job: ${event.message}`)); → future?.setError(new Error(`The worker died while running the job: ${event.message}`)); ⏎ if (i >= 0) this.#idle.splice(i, 1);":
      "a Worker in #idle has no job, so when it dies future is null and no callback runs; a busy Worker is not in #idle, so the splice does nothing: the two never both act",
    "drop: worker.terminate(); → ":
      "Deno ends a Worker's thread after its uncaught error (checked: it answers no message afterwards, and the process exits), so terminate() on a dead Worker changes nothing",
    "swap: this.#running.set(worker, job.future); ⏎ worker.postMessage(job.message); → worker.postMessage(job.message); ⏎ this.#running.set(worker, job.future);":
      "postMessage delivers the job later, and the Worker's answer comes in a later task, after #running is set in both orders",
  },
};
