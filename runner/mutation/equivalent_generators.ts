/**
 * Equivalent mutants of lessons 01–05, with why (see `equivalent.ts`).
 *
 * Each reason says why no caller that follows the exercise's documented API
 * could tell the mutant from the reference, in terms a reviewer can check
 * against the reference's code.
 *
 * @module
 */

/** By exercise id, then by mutant key: why the change is invisible. */
export const generatorsTrack: Record<string, Record<string, string>> = {
  "01-iterators/range": {
    "comparison: const more = step > 0 ? next < end : next > end; → const more = step >= 0 ? next < end : next > end;":
      "The constructor refuses a step of 0 and -0 (and the fields are readonly), so `step` is never 0 here and `step > 0` and `step >= 0` always agree.",
    "swap: finished = true; ⏎ return { value: undefined, done: true }; → return { value: undefined, done: true }; ⏎ finished = true;":
      "The position `next` only moves when `more` is true and `end` and `step` are constants, so once `more` is false it stays false: every later next() takes this branch again whether or not `finished` was set.",
    "drop: finished = true; → ":
      "The position `next` only moves when `more` is true and `end` and `step` are constants, so once `more` is false it stays false: every later next() takes this branch again whether or not `finished` was set.",
  },
  "01-iterators/lazy": {
    "swap: finished = true; ⏎ if (!sourceThrew) { ⏎ try { ⏎ source.return?.(); ⏎ } catch { ⏎ // Why nothing here: the caller's error is the one to report. If ⏎ // closing fails as well, the built-ins drop that second error too. ⏎ } ⏎ } → if (!sourceThrew) { ⏎ try { ⏎ source.return?.(); ⏎ } catch { ⏎ // Why nothing here: the caller's error is the one to report. If ⏎ // closing fails as well, the built-ins drop that second error too. ⏎ } ⏎ } ⏎ finished = true;":
      "The only code that runs between the two orders is `source.return()`, and it could see `finished` only by calling this iterator back while it is at work, a call the exercise's doc leaves out (the built-ins refuse it with a TypeError; the grader never makes one).",
  },
  "02-generators/track": {
    "condition: if (to === state) return; → if (false) return;":
      "moveTo is never asked for the state it is already in: it moves to `running` only from created or suspended, to `closed` from created, and to `suspended` or `closed` after a call, while the state is `running` (a re-entrant call throws before it moves anything), so the early return never fires.",
    'swap: if (state === "running") throw new TypeError("Generator is already running"); ⏎ if (state === "closed") return call(); → if (state === "closed") return call(); ⏎ if (state === "running") throw new TypeError("Generator is already running");':
      "Both lines test the one variable `state` for two different values and have no side effect before returning or throwing, so at most one of them acts and their order does not matter.",
    'swap: if (state === "closed") return call(); ⏎ if (state === "created" && !runsBody) { ⏎ moveTo("closed"); ⏎ return call(); ⏎ } → if (state === "created" && !runsBody) { ⏎ moveTo("closed"); ⏎ return call(); ⏎ } ⏎ if (state === "closed") return call();':
      'The two tests are on `state` being "closed" and "created", which cannot both hold, and neither has a side effect when false, so their order does not matter.',
  },
  "02-generators/pipeline": {
    "swap: pending = pending.slice(end + 1); ⏎ yield line; // a return() here ends the for...of, which closes chunks → yield line; ⏎ pending = pending.slice(end + 1); // a return() here ends the for...of, which closes chunks":
      "`pending` is read again only after the yield resumes with next(); a return() or throw() at the yield leaves the function, and nothing after the loop runs on those paths, so whether it was sliced before or after the yield cannot be seen.",
    "swap: yield item; ⏎ given++; → given++; ⏎ yield item;":
      "`given` is read only by the test after the yield; a return() or throw() at the yield leaves the function, so counting before or after the yield gives the same test on every path that reaches it.",
  },
  "03-coroutines/averager": {
    "swap: total += term; ⏎ count++; → count++; ⏎ total += term;":
      "Neither statement reads what the other writes; if adding throws (a value that is not a number), the error finishes the coroutine and `count` is never read again.",
    "swap: if (!(error instanceof Reset)) throw error; // not ours: let it end us ⏎ total = 0; → total = 0; // not ours: let it end us ⏎ if (!(error instanceof Reset)) throw error;":
      "When the error is not a Reset it is rethrown and the coroutine is finished, so `total` is never read again; when it is a Reset, total is set to 0 either way.",
    "swap: total = 0; ⏎ count = 0; → count = 0; ⏎ total = 0;":
      "Two assignments of constants to different variables, with nothing in between that reads either.",
    "swap: count = 0; ⏎ average = undefined; → average = undefined; ⏎ count = 0;":
      "Two assignments of constants to different variables, with nothing in between that reads either.",
  },
  "04-delegation/delegate": {
    'constant: if (running) throw new TypeError("Generator is already running"); → if (running) throw new TypeError("");':
      "The doc says errors that are not the inner one's are compared by class only, so a TypeError needs no particular message (the grader compares them by class).",
    'swap: state = "done"; ⏎ iterator = undefined; → iterator = undefined; ⏎ state = "done";':
      "Two assignments to different variables, with nothing in between that reads either.",
    "swap: iterator = undefined; ⏎ return { value, done: true }; → return { value, done: true }; ⏎ iterator = undefined;":
      'The assignment, now after the return, never runs, as if dropped: `iterator` is read only while state is "delegating" and state never leaves "done", so clearing it is never seen (it only lets the inner one be collected).',
    "drop: iterator = undefined; → ":
      '`iterator` is read only while state is "delegating" and state never leaves "done", so clearing it is never seen (it only lets the inner one be collected).',
    'swap: if (state === "done") return { value: undefined as R, done: true }; ⏎ if (state === "created") { ⏎ state = "delegating"; ⏎ try { ⏎ iterator = inner[Symbol.iterator](); ⏎ } catch (error) { ⏎ finish(undefined as R); ⏎ throw error; ⏎ } ⏎ return forward((it) => it.next()); ⏎ } → if (state === "created") { ⏎ state = "delegating"; ⏎ try { ⏎ iterator = inner[Symbol.iterator](); ⏎ } catch (error) { ⏎ finish(undefined as R); ⏎ throw error; ⏎ } ⏎ return forward((it) => it.next()); ⏎ } ⏎ if (state === "done") return { value: undefined as R, done: true };':
      'The two tests are on `state` being "done" and "created", which cannot both hold, and neither has a side effect when false, so their order does not matter.',
    'swap: state = "delegating"; ⏎ try { ⏎ iterator = inner[Symbol.iterator](); ⏎ } catch (error) { ⏎ finish(undefined as R); ⏎ throw error; ⏎ } → try { ⏎ iterator = inner[Symbol.iterator](); ⏎ } catch (error) { ⏎ finish(undefined as R); ⏎ throw error; ⏎ } ⏎ state = "delegating";':
      'While the inner one is being opened, the one-at-a-time guard refuses any call on delegate, so nothing reads `state` in between; if opening throws, finish() sets "done" in both orders.',
    'constant: throw new TypeError("The iterator does not provide a \'throw\' method."); → throw new TypeError("");':
      "The doc says errors that are not the inner one's are compared by class only, so a TypeError needs no particular message (the grader compares them by class).",
  },
  "05-tasks/round_robin": {
    'swap: this.#ready.push({ id, gen }); ⏎ this.#trace({ type: "spawn", task: id, name: fn.name || "task" }); → this.#trace({ type: "spawn", task: id, name: fn.name || "task" }); ⏎ this.#ready.push({ id, gen });':
      "The only code that runs between the two orders is the trace function, which could see the queue only by calling spawn() or run() itself, and the doc leaves such calls out of the exercise (the trace function only watches).",
    'swap: this.#trace({ type: "trap", task: task.id, trap: "checkpoint" }); ⏎ this.#ready.push(task); → this.#ready.push(task); ⏎ this.#trace({ type: "trap", task: task.id, trap: "checkpoint" });':
      "The only code that runs between the two orders is the trace function, which could see the queue only by calling spawn() or run() itself, and the doc leaves such calls out of the exercise (the trace function only watches).",
  },
};
