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
          ],
        },
      ],
    },
    // @lessons-02-03 (anchor for the authors of lessons 02 and 03; replace it)
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
    // @lessons-06-07 (anchor for the authors of lessons 06 and 07; replace it)
    // @lessons-08-10 (anchor for the authors of lessons 08 to 10; replace it)
    // @lessons-11-12 (anchor for the authors of lessons 11 and 12; replace it)
    // @lessons-13-14 (anchor for the authors of lessons 13 and 14; replace it)
  ],
};
