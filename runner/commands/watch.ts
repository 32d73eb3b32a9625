/**
 * `deno task watch [id|lesson]`: re-grade the current exercise on every save.
 *
 * This command is itself a small event loop, the course's subject in
 * miniature: two producers (the file watcher and the keyboard) put
 * {@linkcode WatchEvent}s into one queue, and one loop takes them out and
 * handles each with a single `switch`. Saves are debounced: editors write a
 * file in several steps, and grading each half-written state helps nobody.
 * Every path touched during the quiet period is kept, so saving the exercise
 * and another file at once still grades the exercise.
 *
 * Editors save in two ways, and both count: writing the file in place, or
 * writing a temporary file and renaming it over the old one (`sed -i`,
 * JetBrains' safe write, vim's `backupcopy=no`). The second shows up as a
 * create and a rename, never as a modify of the file itself.
 *
 * Keys come from the terminal in raw mode, or, when stdin is not a terminal
 * (a test, a pipe), from whatever is written to it; its end quits, so in CI
 * the command grades once and leaves.
 *
 * @module
 */

import { type Exercise, selectExercises } from "../course.ts";
import { gradeMany } from "../grading/batch.ts";
import type { GradeResult } from "../grading/grade.ts";
import { ROOT } from "../grading/paths.ts";
import type { Flags } from "../main.ts";
import { type ExerciseProgress, nextExercise, progressOf } from "../progress.ts";
import { clearScreen, style, wrap } from "../terminal.ts";
import { describeResult } from "./grade.ts";
import { reset } from "./reset.ts";

/** Everything the watch loop reacts to. */
export type WatchEvent =
  | { kind: "saved"; paths: string[] }
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

/** Whether a watcher path is `file` (relative to the repo root), whatever the separators. */
export function isFile(path: string, file: string): boolean {
  return path.replaceAll("\\", "/").endsWith("/" + file);
}

/**
 * Producer: file changes under exercises/, of any kind (a rename is how an
 * atomic save arrives), debounced into one `saved` event carrying every
 * path touched.
 */
function watchFiles(queue: EventQueue): { close(): void } {
  const watcher = Deno.watchFs(`${ROOT}/exercises`);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let paths = new Set<string>();
  (async () => {
    for await (const change of watcher) {
      // Why only "access" is dropped: platforms name a rename differently
      // ("rename", "create", even "other" for some FSEvents), and a stray
      // event costs one debounced re-grade at most.
      if (change.kind === "access") continue;
      for (const path of change.paths) if (!path.includes(".backups")) paths.add(path);
      if (paths.size === 0) continue;
      clearTimeout(timer);
      timer = setTimeout(() => {
        queue.put({ kind: "saved", paths: [...paths] });
        paths = new Set();
      }, DEBOUNCE_MS);
    }
  })();
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}

/** Producer: key presses, from a raw-mode terminal or from whatever stdin is. */
async function readKeys(queue: EventQueue): Promise<void> {
  if (Deno.stdin.isTerminal()) Deno.stdin.setRaw(true);
  const buffer = new Uint8Array(16);
  while (true) {
    const n = await Deno.stdin.read(buffer);
    if (n === null) return queue.put({ kind: "closed" });
    for (const key of new TextDecoder().decode(buffer.subarray(0, n))) {
      if (key === "\n" || key === "\r") continue;
      queue.put({ kind: "key", key: key === "\x03" ? "q" : key.toLowerCase() });
    }
  }
}

/** The `l` key's list: one line per lesson, its exercises marked, so 14 lines fit any pane. */
export function progressList(progress: ExerciseProgress[], current?: Exercise): string {
  const mark = { "done": style.green("●"), "in progress": style.yellow("◐"), "not started": "○" };
  const lessons = [...new Set(progress.map((p) => p.exercise.lesson))];
  const lines = lessons.map((lesson) => {
    const mine = progress.filter((p) => p.exercise.lesson === lesson);
    const items = mine.map((p) => {
      const name = p.exercise === current ? style.bold(p.exercise.name) : p.exercise.name;
      return `${mark[p.state]} ${name}`;
    });
    return `  ${lesson.dir.slice(0, 2)} ${items.join("  ")}`;
  });
  return `${lines.join("\n")}\n  ${style.dim("● done  ◐ in progress  ○ not started")}`;
}

/** The hint line for the `h` key: hints in order, and past the last one, says so. */
export function hintLine(exercise: Exercise, shown: number): string {
  const total = exercise.hints.length;
  if (shown >= total) {
    return `no more hints: that was ${total}/${total}. Reread them with deno task hint ${exercise.id}`;
  }
  return `hint ${shown + 1}/${total}: ${exercise.hints[shown]}`;
}

/** Which exercise to watch: the one named, the first unfinished of a lesson named, or the next. */
function pick(progress: ExerciseProgress[], query: string | undefined): Exercise | undefined {
  if (query === undefined) return nextExercise(progress)?.exercise;
  const named = selectExercises(progress.map((p) => p.exercise), query);
  if (named.length === 1) return named[0];
  const mine = progress.filter((p) => named.includes(p.exercise));
  return (nextExercise(mine) ?? mine[0]).exercise;
}

/** Run the watch loop; exit code 0 when the learner quits. */
export async function watch(
  exercises: Exercise[],
  id: string | undefined,
  flags: Flags,
): Promise<number> {
  const progress = await progressOf(exercises, { timeout: flags.timeout });
  let current = pick(progress, id);
  if (!current) {
    console.log(style.green("Every exercise passes already. Nothing to watch."));
    return 0;
  }
  let hintsShown = 0;
  const say = (text: string) => console.log(wrap(text));

  const show = (result: GradeResult) => {
    clearScreen();
    say(style.bold(`${current!.id} — ${current!.title}`));
    say(style.dim(`edit ${current!.file}, save, and it is graded again\n`));
    say(describeResult(result));
  };
  const gradeCurrent = async () => {
    say(style.dim(`grading ${current!.file}…`));
    const [result] = await gradeMany([{ exercise: current! }], {
      timeout: flags.timeout,
      seed: flags.seed,
    });
    show(result);
    return result.status === "pass";
  };
  const footer = () =>
    say("\n" + style.dim(Object.entries(KEYS).map(([key, what]) => `[${key}] ${what}`).join("  ")));

  const queue = new EventQueue();
  const files = watchFiles(queue);
  readKeys(queue);
  try {
    await gradeCurrent();
    footer();
    while (true) {
      const event = await queue.take();
      switch (event.kind) {
        case "saved": {
          if (!event.paths.some((path) => isFile(path, current!.file))) break;
          if (await gradeCurrent()) {
            const after = nextExercise(await progressOf(exercises, { timeout: flags.timeout }));
            if (!after) {
              say(style.green("\nThat was the last one: every exercise passes."));
              return 0;
            }
            current = after.exercise;
            hintsShown = 0;
            say(style.green(`\nOn to ${current.id}: edit ${current.file}`));
          }
          footer();
          break;
        }
        case "key": {
          const command = KEYS[event.key];
          if (command === "quit") return 0;
          if (command === "hint") {
            say(`\n${hintLine(current, hintsShown)}`);
            hintsShown = Math.min(hintsShown + 1, current.hints.length);
          } else if (command === "list") {
            say(
              "\n" + progressList(await progressOf(exercises, { timeout: flags.timeout }), current),
            );
          } else if (command === "reset") {
            say(`\nReset ${current.file} to the stub? A backup is kept. [y/N]`);
            const answer = await queue.take();
            if (answer.kind === "key" && answer.key === "y") await reset(exercises, current.id);
            else say("left as it is");
          } else break;
          footer();
          break;
        }
        case "closed":
          return 0;
      }
    }
  } finally {
    files.close();
    if (Deno.stdin.isTerminal()) Deno.stdin.setRaw(false);
  }
}
