/**
 * `deno task watch [id]`: re-grade the current exercise on every save.
 *
 * This command is itself a small event loop, the course's subject in
 * miniature: two producers (the file watcher and the keyboard) put
 * {@linkcode WatchEvent}s into one queue, and one loop takes them out and
 * handles each with a single `switch`. Saves are debounced: editors write a
 * file in several steps, and grading each half-written state helps nobody.
 *
 * @module
 */

import { basename, join } from "node:path";
import type { Exercise } from "../course.ts";
import { gradeMany } from "../grading/batch.ts";
import { ROOT } from "../grading/paths.ts";
import type { Flags } from "../main.ts";
import { nextExercise, progressOf } from "../progress.ts";
import { clearScreen, style } from "../terminal.ts";
import { describeResult } from "./grade.ts";
import { reset } from "./reset.ts";

/** Everything the watch loop reacts to. */
export type WatchEvent =
  | { kind: "saved"; path: string }
  | { kind: "key"; key: string }
  | { kind: "closed" };

/** The single-key commands, declared in one place and shown on screen. */
const KEYS: Record<string, string> = { h: "hint", l: "list", r: "reset", q: "quit" };

/** Milliseconds of quiet after a save before grading. */
const DEBOUNCE_MS = 200;

/** An unbounded queue with an async take: the loop's only source of events. */
class EventQueue {
  #items: WatchEvent[] = [];
  #waiting: ((event: WatchEvent) => void) | undefined;
  put(event: WatchEvent) {
    if (this.#waiting) {
      const wake = this.#waiting;
      this.#waiting = undefined;
      wake(event);
    } else this.#items.push(event);
  }
  take(): Promise<WatchEvent> {
    const first = this.#items.shift();
    if (first) return Promise.resolve(first);
    return new Promise((resolve) => this.#waiting = resolve);
  }
}

/** Producer: file saves under exercises/, debounced into one `saved` event. */
function watchFiles(queue: EventQueue): { close(): void } {
  const watcher = Deno.watchFs(join(ROOT, "exercises"));
  let timer: ReturnType<typeof setTimeout> | undefined;
  (async () => {
    for await (const change of watcher) {
      if (change.kind !== "modify" && change.kind !== "create") continue;
      const path = change.paths[0] ?? "";
      if (path.includes(".backups")) continue;
      clearTimeout(timer);
      timer = setTimeout(() => queue.put({ kind: "saved", path }), DEBOUNCE_MS);
    }
  })();
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}

/** Producer: single key presses from a raw-mode terminal. */
async function readKeys(queue: EventQueue): Promise<void> {
  Deno.stdin.setRaw(true);
  const buffer = new Uint8Array(16);
  while (true) {
    const n = await Deno.stdin.read(buffer);
    if (n === null) return queue.put({ kind: "closed" });
    const key = new TextDecoder().decode(buffer.subarray(0, n));
    queue.put({ kind: "key", key: key === "\x03" ? "q" : key.toLowerCase() });
  }
}

/** Run the watch loop; exit code 0 when the learner quits. */
export async function watch(
  exercises: Exercise[],
  id: string | undefined,
  flags: Flags,
): Promise<number> {
  const progress = await progressOf(exercises, { timeout: flags.timeout });
  let current = id
    ? progress.find((p) => p.exercise.id === id || p.exercise.name === id)?.exercise
    : nextExercise(progress)?.exercise;
  if (id && !current) throw new Error(`Cannot watch "${id}": no exercise has that id or name`);
  if (!current) {
    console.log(style.green("Every exercise passes already. Nothing to watch."));
    return 0;
  }
  const interactive = Deno.stdin.isTerminal() && Deno.stdout.isTerminal();
  let hintsShown = 0;

  const gradeCurrent = async () => {
    const [result] = await gradeMany([{ exercise: current! }], { timeout: flags.timeout });
    clearScreen();
    console.log(style.bold(`${current!.number}. ${current!.id} — ${current!.title}`));
    console.log(style.dim(`edit ${current!.file}, save, and it is graded again\n`));
    console.log(describeResult(result));
    if (result.output && result.status !== "pass") {
      console.log(
        style.dim("\nyour code printed:\n") + result.output.split("\n").slice(0, 20).join("\n"),
      );
    }
    return result.status === "pass";
  };
  const footer = () =>
    console.log(
      "\n" + style.dim(Object.entries(KEYS).map(([key, what]) => `[${key}] ${what}`).join("  ")),
    );

  if (!interactive) {
    // Why: no one can press a key here (CI, a pipe), so grade once and leave.
    await gradeCurrent();
    console.log(style.dim("\n(watch needs a terminal to keep running; graded once)"));
    return 0;
  }

  const queue = new EventQueue();
  const files = watchFiles(queue);
  readKeys(queue);
  await gradeCurrent();
  footer();
  try {
    while (true) {
      const event = await queue.take();
      switch (event.kind) {
        case "saved": {
          if (basename(event.path) !== basename(current.file)) break;
          if (await gradeCurrent()) {
            const after = nextExercise(await progressOf(exercises, { timeout: flags.timeout }));
            if (!after) {
              console.log(style.green("\nThat was the last one: every exercise passes."));
              return 0;
            }
            current = after.exercise;
            hintsShown = 0;
            console.log(style.green(`\nOn to ${current.id}: edit ${current.file}`));
          }
          footer();
          break;
        }
        case "key": {
          const command = KEYS[event.key];
          if (command === "quit") return 0;
          if (command === "hint") {
            const hints = current.hints;
            console.log(
              `\nhint ${hintsShown + 1}/${hints.length}: ${hints[hintsShown % hints.length]}`,
            );
            hintsShown++;
          } else if (command === "list") {
            const now = await progressOf(exercises, { timeout: flags.timeout });
            for (const p of now) {
              console.log(`  ${p.exercise.number}. ${p.exercise.id}  ${p.state}`);
            }
          } else if (command === "reset") {
            console.log(`\nReset ${current.file} to the stub? A backup is kept. [y/N]`);
            const answer = await queue.take();
            if (answer.kind === "key" && answer.key === "y") await reset(exercises, current.id);
            else console.log("left as it is");
          }
          footer();
          break;
        }
        case "closed":
          return 0;
      }
    }
  } finally {
    files.close();
    Deno.stdin.setRaw(false);
  }
}
