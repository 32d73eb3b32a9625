/**
 * The course manifest: every lesson and exercise, in order, with hints.
 *
 * This is the one list the runner, the grader, CI and the browser export
 * read. Adding an exercise means writing its reference in `solutions/`
 * (with `@solution-begin` markers), its grader beside the stub, at least one
 * known-wrong variant in `solutions/<lesson>/wrong/`, and one entry here;
 * `deno task stubs` then writes the stub. See `runner/course.ts` for the
 * layout and each field's meaning.
 *
 * @module
 */

import type { Manifest } from "./course.ts";

/** The course, in order. */
export const manifest: Manifest = {
  formatVersion: 1,
  welcome: `Welcome to groundup: concurrency, rebuilt from the ground up.
You will start from a for...of loop and end with a kernel of your own that
runs tasks, sleeps, sockets and workers, then see async/await for what it is.
Read a lesson, fill in its exercises, and let the grader tell you how it went.`,
  finale: `Every exercise passes. You have built, from iterators up, the machinery
under every event loop you will use. Well done.`,
  lessons: [
    // ── 01 ─ Iterables and iterators ────────────────────────────────────
    {
      dir: "01-iterators",
      title: "Iterables and iterators",
      summary: "The protocol every for...of loop speaks, and how to end it early.",
      exercises: [
        {
          name: "range",
          title: "A Range iterable that honours the whole protocol",
          hints: [
            "The Range itself is the iterable: its [Symbol.iterator]() must build a NEW iterator object every time, holding its own position. Keep the position in a local variable of [Symbol.iterator], not on `this`.",
            "next() compares the position with end. Which comparison depends on the sign of step: going up, continue while n < end; going down, while n > end. The end itself is never given.",
            "return() is what for...of calls on break. Make it set a `finished` flag that next() checks first, and return { value: undefined, done: true }.",
            "An iterator is also iterable when its [Symbol.iterator]() returns the iterator itself: that is what lets you write for (const n of it).",
          ],
        },
        {
          name: "lazy",
          title: "Lazy map, filter and take over any iterable",
          hints: [
            "Call source[Symbol.iterator]() right away, but call its next() only inside your own next(). If you loop over the source when map() is called, you are eager, and an endless source will hang.",
            "Write the common part once: an object with next(), return() and [Symbol.iterator]() that remembers whether it has finished, and closes the source (source.return?.()) when asked to stop.",
            "take(source, n) gives n values; the (n + 1)th call to next() closes the source and returns done WITHOUT pulling from it. take(source, 0) closes on the first call.",
            "When map's f (or filter's keep) throws, close the source before the error goes on. When the source's own next() throws, do not: it is already broken. The built-in helpers do exactly this.",
          ],
        },
        {
          name: "zip",
          title: "Zip two iterables, and close what you opened",
          hints: [
            "Get both iterators when zip() is called, left first. Each next() pulls left, then right.",
            "If the left side is done, the right one still holds a value you never asked for: close it with right.return?.() and do not pull it.",
            "A `finished` flag makes next() after the end, and a second return(), harmless.",
            "Failures: if pulling one side throws, that side is broken; close the other one (in a try, so its error cannot replace the first), mark zip finished, and rethrow. When closing, close the right side even if the left's return() throws, then throw the first error.",
          ],
        },
      ],
    },
    // ── 02 ─ Generators ─────────────────────────────────────────────────
    {
      dir: "02-generators",
      title: "Generators",
      summary:
        "Functions that pause: their four states, laziness, and pipelines that close back to the source.",
      exercises: [
        {
          name: "track",
          title: "track(gen): a generator's state, created to closed, on every call",
          hints: [
            'Keep the state in a local variable that starts as "created", and give the wrapper a getter `get state() { return state; }`. Write one helper that every method goes through: it moves the state, calls gen, and moves it again.',
            'Around a call that runs the body: "running" before it, then "suspended" if the result is not done, "closed" if it is done. If the call throws, the error left the body: "closed", then throw the error on.',
            'On a "created" generator, return() and throw() never start the body: go straight to "closed" before calling gen. On a "closed" one, just call gen and change nothing.',
            'A call that arrives while the state is "running" can only come from inside the body. Throw new TypeError("Generator is already running") right away, BEFORE touching gen or the state: the outer call is still in progress and will set the state itself.',
          ],
        },
        {
          name: "pipeline",
          title: "Lazy lines, grep and head over a log that arrives in chunks",
          hints: [
            "Write each one as function* with a for...of over its input. A for...of inside a generator closes its source by itself when the generator is closed while paused in the loop, so you get closing for free, as long as you do not walk the input with a hand-written next() loop.",
            'lines: keep a string `pending` of what has arrived but is not a whole line. Add each chunk to it, then, while it contains "\\n", cut off the first line and yield it. After the loop, yield what is left if it is not empty.',
            "head(n, items): cut n to its whole part (Math.trunc, as take does), and unless that is at least 1 (NaN is not), return before the loop, so items is never even opened. Otherwise count AFTER each yield and return as soon as the count reaches n: checking at the top of the loop means item n + 1 has already been pulled.",
            "grep: a string pattern matches with line.includes(pattern); a RegExp with line.search(pattern) !== -1 (search ignores a /g regex's lastIndex, test() does not).",
          ],
        },
      ],
    },
    // ── 03 ─ Coroutines: send, throw, return ────────────────────────────
    {
      dir: "03-coroutines",
      title: "Coroutines: send, throw, return",
      summary:
        "Resuming a paused generator with a value, an error or a stop, and pipelines that push.",
      exercises: [
        {
          name: "primed",
          title: "primed(f): Beazley's @coroutine, so a coroutine arrives ready to receive",
          hints: [
            "primed returns a function. Nothing should run when primed(f) itself is called: only when the function it returns is called.",
            "That returned function takes any arguments (...args), calls f(...args) to get a NEW generator every time, and calls next() on it once, with nothing.",
            "Exactly once: the one next() runs the body to its first yield. A second next() would send undefined into that yield as if it were a value.",
          ],
        },
        {
          name: "averager",
          title: "A running average you talk to with next(x), throw(new Reset()) and next()",
          hints: [
            "The shape is a loop around one line: `term = yield average`. Whatever you yield is the answer to the call that sent the term in, and priming gets the first answer: undefined, because nothing has been counted.",
            "Do not count anything before the first yield: the priming next() carries no number. If the first answer is 0 rather than undefined, a phantom term is being counted.",
            "When term is undefined (a bare next() after priming), return { count, average }: the caller receives it as the value of { done: true }.",
            "Put try/catch around the yield only. In the catch, if the error is a Reset, zero the count and total, set average back to undefined and continue the loop; anything else, throw it again so it ends the coroutine.",
          ],
        },
        {
          name: "push",
          title: "source → filter → broadcast → sinks, where closing the head closes them all",
          hints: [
            "filter and broadcast each define a generator function with a loop on `const value = yield`, and return started(thatGenerator()): the first value sent must find a yield waiting.",
            "Closing goes in finally, never in catch: return() runs finally blocks only. try { while (true) { ... } } finally { target.return(undefined); } closes the target on return(), on an error, always.",
            "broadcast's finally closes every target in order. Wrap each target.return(undefined) in its own try/catch, remember the first error, and throw it once all are closed.",
            "source: for (const value of values) target.next(value) inside a try, with target.return(undefined) in the finally, so the head is closed even when reading the values throws.",
          ],
        },
      ],
    },
    // ── 04 ─ Delegation: yield* ──────────────────────────────────────────
    {
      dir: "04-delegation",
      title: "Delegation: yield*",
      summary:
        "What yield* does with every next(v), throw(e) and return(v), and how to do it by hand.",
      exercises: [
        {
          name: "delegate",
          title: "yield*, written by hand: delegate(inner)",
          hints: [
            'Keep one state variable: "created" (no next() yet), "delegating", "done". Each of next(), throw() and return() starts by looking at it. Open inner (inner[Symbol.iterator]()) at the first next(), not when delegate() is called.',
            "The first next(v) calls inner.next() with no value: v is the priming value, and nobody inside was waiting for it. After that, next(v) is inner.next(v). A result that is not done goes back to the caller as it is; a done one finishes you, and its value is your final value.",
            "throw(e) while delegating is inner.throw(e), and return(v) is inner.return(v); treat their results exactly like next()'s (a return() may even yield, when the inner one's finally does). If any of these calls throws, you are finished and the error goes on.",
            "The odd cases: before the first next() or after the end, throw(e) just throws e and return(v) gives { value: v, done: true }. An inner with no throw(): call its return?.(), finish, throw a TypeError. An inner with no return(): finish with v.",
            "One call at a time, like track's guard in lesson 02: set a flag for the length of each call (clear it in a finally), and while it is set, throw a TypeError at once. That is what happens when the inner one calls delegate back from inside.",
          ],
        },
      ],
    },
    // ── 05 ─ Tasks taking turns ──────────────────────────────────────────
    {
      dir: "05-tasks",
      title: "Tasks taking turns",
      summary: "Generators as tasks, a ready queue, and yield as the place where tasks switch.",
      exercises: [
        {
          name: "round_robin",
          title: "A round-robin scheduler whose trace matches the kernel's",
          hints: [
            'spawn() only records the task: id = this.#nextId++, push { id, gen: fn(...args) } on an array, report { type: "spawn", task: id, name: fn.name || "task" }, return id. Nothing runs until run().',
            "run() is one loop: while the queue is not empty, take the FIRST task (shift()), report run, call its next() once. One next() is one turn.",
            'A result that is not done means the task yielded: report { type: "trap", task, trap: "checkpoint" } and push it at the BACK. A done result: report exit, with value only when it is not undefined, and do not queue it again.',
            'Wrap the next() call in try/catch: a task that throws reports { type: "exit", task, error: String(error) } and the loop goes on with the others.',
          ],
        },
      ],
    },
    // ── 06 ─ Traps ──────────────────────────────────────────────────────
    {
      dir: "06-traps",
      title: "Traps: tasks that ask the kernel",
      summary:
        "A task yields a request and the kernel answers: spawn, current, join and sleep, on a timer heap and a virtual clock.",
      exercises: [
        {
          name: "spawn",
          bare: true,
          title: "A kernel that answers spawn, current and checkpoint",
          hints: [
            'A trap is a plain object: look at trap.kind. A bare yield gives undefined, which the skeleton already turns into { kind: "checkpoint" }.',
            "spawn and current never end the turn: set `value` to the answer and `continue` the for loop, so the next gen.next(value) hands it to the same task at once.",
            '#spawn: TaskFn takes `never` arguments so that every task function fits it, so call it through a wider type: const gen = (fn as (...args: unknown[]) => KernelOp<unknown>)(...args). (Plain fn(...args) fails deno check with TS2345.) Then make a Task with this.#nextId++ and the name (name ?? (fn.name || "task")); push it on the ready queue, count it live, and report the spawn event with parent: parent?.id ?? null.',
            "checkpoint: this.#ready.push(task); return. The trace order around a spawn is: trap (parent), spawn (child), then the parent's next trap.",
          ],
        },
        {
          name: "join",
          bare: true,
          title: "join: wait for a task's value, or its error",
          hints: [
            "A task that waits is in no queue: put it in target.waiters, report block, and return without pushing it anywhere. Only the target's exit can bring it back.",
            "A target that is already done answers at once, like spawn: value = target.result and continue, or, if it failed, throws = true and error = target.error, and continue.",
            "In #exit, after the exit event, go through task.waiters in order: each gets sendValue (or sendThrows + sendError), a wake event, and a place at the back of the ready queue.",
            "#step already sends errors in: when sendThrows is set it calls gen.throw(error), so the joiner's try/catch around yield* join(task) sees it. Never drop the error.",
          ],
        },
        {
          name: "sleep",
          bare: true,
          title: "sleep and now, a timer heap, and a virtual clock",
          hints: [
            "Start with TimerHeap and `before`: compare deadlines, and on a tie, seq (push order). push appends and sifts up: while i > 0 and the timer at i comes before its parent (i - 1) >> 1, swap them.",
            "pop takes heap[0], moves the last timer into its place and sifts down: swap with the sooner of the children 2i + 1 and 2i + 2 while that child comes before it. Mind the heap with one timer left.",
            "sleep(0) is a checkpoint (back of the queue). Any other sleep pushes the task on the heap for this.#time + seconds and blocks (detail `${seconds}s`). now answers this.#time at once.",
            'In run(), before each pass: if nothing is ready, set the clock to the soonest deadline (throw if there is no timer). Then pop while peek().deadline <= the clock: wake event (trap "sleep"), push on the ready queue.',
          ],
        },
      ],
    },
    // ── 07 ─ The select loop ────────────────────────────────────────────
    {
      dir: "07-select-loop",
      title: "The select loop",
      summary:
        "Non-blocking sockets, readWait/writeWait, and the loop that blocks on the selector only when nothing is ready.",
      exercises: [
        {
          name: "select_loop",
          bare: true,
          title: "readWait, writeWait and the loop that blocks only when idle",
          hints: [
            'readWait: this.#readers.set(resource, task), this.#selector.register(resource, "read"), report block (trap "readWait", no detail), and return: the task waits off the ready queue. writeWait is the same with #writers and "write".',
            "#select: for each { resource, interest } the selector gives back, find the waiting task in #readers or #writers. Delete it there, unregister the pair from the selector, report wake and push the task on the ready queue.",
            "The loop, before waking timers: nothing ready → this.#select(timeout), where timeout = max(0, soonest deadline - now), or null with no timer. Something ready → this.#select(0), but only when this.#selector.size > 0.",
            "No task ready, no timer, nothing registered: nothing can ever wake anyone, so throw. I/O is woken before timers because #select runs first in the pass: keep that order.",
          ],
        },
        {
          name: "echo_server",
          bare: true,
          title: "Beazley's echo server on your kernel, over real TCP",
          net: true,
          hints: [
            "echoHandler is aserver.py's echo_handler: loop on yield* recv(sock, 65536) until it returns an empty array (the client closed), and send back what came.",
            "send() returns how many bytes it took, maybe fewer than you gave. Keep the rest: rest = rest.subarray(n), and send again while rest.length > 0.",
            "`using _sock = sock;` at the top of the handler closes the socket however the task ends; the same for the listener in echoServer.",
            "echoServer: for each of `clients` connections, handlers.push(yield* spawn(echoHandler, yield* accept(listener))). Spawning, not yield* echoHandler(...) inline, is what lets clients be served at the same time. Then join each handler.",
          ],
        },
      ],
    },
    // ── 08 ─ When work blocks ───────────────────────────────────────────
    {
      dir: "08-blocking",
      title: "When work blocks",
      summary:
        "Measure how one CPU-heavy request stalls every client of a one-thread server, and chop the work so the others keep moving.",
      exercises: [
        {
          name: "fair_fib",
          bare: true,
          title: "A fib server where fib(30) does not stall a client asking for fib(1)",
          hints: [
            "Read fibHandler line by line and ask of each: can another task run while this line runs? recv and sendAll yield to the kernel; one line never does, and it runs for as long as fib(n) takes.",
            "fibSteps(n) must make the same calls as fib(n), just not all in one turn. Count the calls, and every CALLS_PER_TURN of them do yield* checkpoint().",
            "A recursive generator works: if (n <= 2) return 1; otherwise return (yield* fibSteps(n - 1)) + (yield* fibSteps(n - 2)), with a shared counter outside. Faster: a loop over an explicit stack: pop k; count a call; if k <= 2 add 1 to the sum, else push k - 2 and k - 1.",
            "Then in fibHandler replace String(fib(n)) with String(yield* fibSteps(n)). A spawned task running the blocking fib(n) does not help: a task is not a thread.",
          ],
        },
      ],
    },
    // ── 09 ─ Futures ────────────────────────────────────────────────────
    {
      dir: "09-futures",
      title: "Futures",
      summary:
        "A value that arrives later: a Future with done callbacks, a kernel trap that waits on one, and how the outside world wakes the loop safely.",
      exercises: [
        {
          name: "future",
          bare: true,
          title: "A Future that passes the protocol suite the kernel's Future passes",
          hints: [
            "Four fields: the state ('pending' | 'fulfilled' | 'rejected'), the value, the error, and an array of callbacks.",
            "setResult and setError share one private helper: throw if the state is not 'pending'; store the outcome; then call every stored callback with this, in order, and empty the list.",
            "Wrap each callback call in try/catch and pass what it throws to reportError(error): the next callback still runs, and setResult does not throw. addDoneCallback on a done Future calls the callback at once.",
            "then(onFulfilled, onRejected): return new Promise<T>((resolve, reject) => this.addDoneCallback((f) => f.state === 'fulfilled' ? resolve(f.result()) : reject(f.exception()))).then(onFulfilled, onRejected). The <T> matters: without it the Promise is a Promise<unknown>, and passing onFulfilled to its then fails deno check (TS2345).",
          ],
        },
        {
          name: "wait_future",
          bare: true,
          title: "The future trap, and a loop that a done callback can wake",
          hints: [
            "A Future that is already done needs no waiting: return { value: future.result() } or { error: future.exception() } and the task goes on in the same turn, as the kernel does.",
            "Otherwise: trace { type: 'block', task: task.id, trap: 'future' }, count the task in #waiting, add a done callback, and return 'blocked'.",
            "The callback does what the loop cannot see: #waiting--, store the outcome in task.send, push the task on #ready, trace the 'wake', then this.wakeup(). It must not call #step itself: only the loop runs tasks.",
            "The loop's idle part: await new Promise<void>((resolve) => this.#wake = resolve). (The <void> makes resolve fit #wake's type, () => void; without it deno check fails with TS2322.) wakeup() calls the stored resolve (once) and clears it. That Promise is your notify socket.",
          ],
        },
      ],
    },
    // ── 10 ─ Threads as Workers ─────────────────────────────────────────
    {
      dir: "10-workers",
      title: "Threads as Workers",
      summary:
        "Workers, shared memory and Atomics; a bounded worker pool whose jobs finish as Futures; and asleep, a blocking sleep moved off the kernel's thread.",
      exercises: [
        {
          name: "pool",
          bare: true,
          title: "A bounded worker pool that returns Futures and leaves no Worker behind",
          hints: [
            "Keep a FIFO queue of { message, future } jobs, a list of idle Workers, and a Map from each live Worker to the Future of the job it runs (null when idle). pool.workers is that Map's size.",
            "submit: make the Future; take an idle Worker, or start one if fewer than size are alive, or queue the job. Sending is worker.postMessage({ module: String(module), name, args }) after noting the job's Future for that Worker.",
            "onmessage: look up the Worker's Future, mark the Worker idle or give it the next queued job FIRST, then settle the Future from { ok, value } or { ok: false, name, message }.",
            "onerror: event.preventDefault(); terminate the Worker, forget it, reject its job's Future, and start a new Worker for the next queued job. close(): terminate EVERY Worker in the Map (idle ones too), then reject running and queued jobs.",
          ],
        },
        {
          name: "asleep",
          bare: true,
          title: "asleep(pool, seconds) on your own kernel: five sleeps at once",
          hints: [
            "Do 10-workers/pool and 09-futures/wait_future first: asleep is two lines on top of them.",
            "pool.submit(JOBS, 'blockingSleep', seconds) returns a Future at once; the Worker blocks, not you.",
            "yield* wait(thatFuture): your kernel parks the task and runs the others until the Worker's message completes the Future and wakes the loop.",
          ],
        },
      ],
    },
    // ── 11 ─ Callbacks, deferreds, promises ─────────────────────────────
    {
      dir: "11-promises",
      title: "Callbacks, deferreds, promises",
      summary:
        "Why plain callbacks lose errors, how Twisted's Deferred chains them, and the exact rules of a Promise.",
      exercises: [
        {
          name: "deferred",
          title: "Twisted's Deferred: callback and errback chains",
          hints: [
            "Keep four things: whether it fired, the current result, whether that result is a failure, and a list of [callback, errback] pairs not yet run. addCallback(f) is addCallbacks(f, null); addErrback(f) is addCallbacks(null, f).",
            "Walking the chain: take the first pair; pick its errback if the current result is a failure, else its callback. No function for that side? Skip the pair, the result passes through unchanged.",
            "Call the picked function inside try/catch: its return value becomes the result and the state becomes success; what it throws becomes the result and the state becomes failure. That one rule gives both switches (callback throws, errback returns).",
            "addCallbacks pushes the pair and, if the Deferred has already fired, walks the chain at once. callback()/errback() throw AlreadyCalledError when it has fired; otherwise they store the result and walk. A `running` flag stops a callback that adds links from starting a second walk.",
          ],
        },
        {
          name: "my_promise",
          bare: true,
          title: "MyPromise, passing a Promise conformance suite side by side with the native one",
          hints: [
            "State: 'pending' | 'fulfilled' | 'rejected', a value, and a list of reaction jobs. settle(state, value) stores them and queueMicrotask()s every waiting job. then() returns a new MyPromise whose executor builds one job and either queues it now (already settled) or stores it.",
            "The job: pick onFulfilled or onRejected by state. Not a function? Pass the value (resolve) or the reason (reject) straight on. Otherwise resolve(handler(value)) inside try/catch, and reject(error) on a throw: never swallow it.",
            "resolve(x) is not settle: if x is this promise, reject with a TypeError; if x is an object or function, read x.then ONCE (in try/catch); if it is a function, queue a microtask that calls then.call(x, resolve2, reject2) with a FRESH once-only pair. Anything else fulfils.",
            "The once-only pair: let used = false; resolve and reject both return at once if used, else set it. The executor's pair and each adoption's pair are separate, which is why a thenable that calls both callbacks, or throws after calling one, changes nothing. finally(f) is then(v => MyPromise.resolve(f()).then(() => v), r => MyPromise.resolve(f()).then(() => { throw r; })), when f is a function; without one, then(f, f) passes the outcome straight on.",
          ],
        },
      ],
    },
    // ── 12 ─ async/await from generators ────────────────────────────────
    {
      dir: "12-async-from-generators",
      title: "async/await from generators",
      summary:
        "Drive a generator through promises and get an async function; rebuild gather and the Promise combinators.",
      exercises: [
        {
          name: "run",
          title: "run(genFn): a generator driven like an async function",
          hints: [
            "run returns new Promise((resolve, reject) => ...). Inside, call genFn(...args) and take the first step at once, synchronously: an async function runs its body up to the first await before it returns.",
            "One step is gen.next(value) or gen.throw(error) inside try/catch. A throw there: reject with exactly what was thrown. A result with done: resolve(result.value). Otherwise wait on result.value.",
            "Wait with Promise.resolve(result.value).then(v => step('next', v), e => step('throw', e)). Never call the next step synchronously, even for a plain value: native await always waits at least one microtask.",
            "Rejections go back INTO the generator with gen.throw(error), so its try/catch and finally run at the yield. Only when the generator lets the error out of its body does the promise reject, after its finally blocks have run.",
          ],
        },
        {
          name: "gather",
          title: "gather(): asyncio.gather's semantics on promises",
          hints: [
            "Start from new Promise and a results array the length of the input. Pass each item through Promise.resolve(item).then(...): plain values are allowed.",
            "Store each value at its own index, never with push: the third promise may settle first. Count what is still pending and resolve when the count reaches zero; an empty input resolves at once.",
            "Without returnExceptions, the first rejection rejects the gather at once (later ones are ignored, as with Promise.all). With returnExceptions: true, a rejection's reason is stored at its index like a value.",
          ],
        },
        {
          name: "awaitable",
          title: "A lazy awaitable that native await and the kernel's wait() both accept",
          hints: [
            "All await needs is a then(onFulfilled, onRejected) method. The class itself does nothing in its constructor but remember start.",
            "On the first then(), call start() once and keep a real Promise for its outcome: new Promise<T>(resolve => resolve(start())) turns both a returned promise and a synchronous throw into that promise's state.",
            "then(onFulfilled, onRejected) returns promise.then(onFulfilled, onRejected): that gives chaining, pass-through of missing callbacks and async callbacks for free. Every later then() reuses the same promise, so start() runs once.",
          ],
        },
      ],
    },
    // ── 13 ─ Async iteration and async cleanup ──────────────────────────
    {
      dir: "13-async-iteration",
      title: "Async iteration and async cleanup",
      summary:
        "for await, async generators, backpressure, and await using: lesson 01's protocol gone asynchronous, closing included.",
      exercises: [
        {
          name: "lines",
          title: "A line reader over a byte stream that splits nothing it should not",
          hints: [
            "Bytes come in chunks that know nothing of lines. Keep the text after the last newline in a buffer, and add each new chunk's text to it before you look for newlines.",
            'One TextDecoder for the whole stream, called as decoder.decode(chunk, { stream: true }): it keeps the first bytes of a character cut in two until the rest arrives. A new decoder per chunk turns "é" cut in half into two "\\uFFFD".',
            "When reader.read() says done, call decoder.decode() once more with no chunk (it flushes), and yield what is left in the buffer if it is not empty: that is the last line, which had no newline.",
            "Wrap the loop in try/finally. A for await that breaks calls your generator's return(), which runs the finally: there, if the stream neither ended nor failed, await reader.cancel(), then reader.releaseLock().",
          ],
        },
        {
          name: "merge",
          title: "Merge async iterators, values as they come, every source closed",
          hints: [
            "Ask every source for one value at once, and race the promises: Promise.race gives whichever settles first. Tag each promise with its source's index (.then(result => ({ index, result }))) so you know who answered.",
            "Keep a Map from index to that source's pending promise. After a source answers, delete it from the map, yield its value, and only then call its next() again and put the new promise in the map.",
            "A rejection must not escape as an unhandled promise: give .then a second handler that turns the error into { index, error }, and throw it from the generator when it wins the race.",
            "Keep a Set of the sources that are still open (not ended, not broken): the one you just yielded from is open although no next() waits on it. In a finally block, await iterators[i].return?.() for each of them, in order.",
          ],
        },
        {
          name: "resource",
          title: "An async resource whose disposal always runs, and is awaited",
          hints: [
            "[Symbol.asyncDispose] is Python's __aexit__: an async method that await using calls when the block is left, however it is left. Mark the connection closed, then await the backend's disconnect.",
            'A second dispose must do nothing: check the closed flag first. page() on a closed connection rejects with an Error whose message starts with "Cannot fetch page".',
            "In rows(), write `await using connection = await Connection.open(backend);` as the first line. Then loop over pages 0, 1, 2, ... and yield* each page's rows; return on the first empty page. The await using does the rest on break, throw and return.",
          ],
        },
      ],
    },
    // ── 14 ─ Capstone: structured concurrency ───────────────────────────
    {
      dir: "14-structured-concurrency",
      title: "Capstone: structured concurrency",
      summary:
        "Fetch many things at once the structured way: a bounded group, a deadline for the whole batch, and nothing left running when one fails.",
      exercises: [
        {
          name: "fetch_all",
          title: "A batch fetcher with a concurrency bound, a deadline and cancellation",
          net: true,
          hints: [
            "Bound the concurrency with workers, not waves: start min(concurrency, urls.length) async workers that each loop `while (next < urls.length) { const i = next++; ... }`. A worker that finishes a request takes the next url at once.",
            "One AbortSignal for the whole batch: AbortSignal.any(signals), where signals is [controller.signal], plus AbortSignal.timeout(timeoutMs) when timeoutMs is given and options.signal when there is one (AbortSignal.any takes only signals: an undefined in the list fails deno check, and throws). Pass it to every fetch: when it aborts, every request in flight is aborted with it.",
            "A response that is not ok is a failure: cancel its body, throw an Error naming the url and status, and call controller.abort(error) so the other workers' requests are aborted and they stop taking urls.",
            "Wait for every worker with Promise.allSettled before you settle: then no request is left running. If the batch signal aborted, throw the first failure (controller.signal.reason) or else the batch signal's reason (a TimeoutError, or the caller's reason); else return the results, in url order.",
          ],
        },
      ],
    },
  ],
};
