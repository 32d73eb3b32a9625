/**
 * `deno task start`: a welcome, the progress bar, every lesson's state and
 * the exact next command. It never waits for a key, so it is as useful in a
 * pipe or CI as in a terminal.
 *
 * @module
 */

import { bareOffer, type Exercise, lessonText } from "../course.ts";
import type { Flags } from "../main.ts";
import { manifest } from "../manifest.ts";
import { type ExerciseState, lessonState, nextExercise, progressOf } from "../progress.ts";
import { progressBar, style, taskCommand, wrap } from "../terminal.ts";

const MARK: Record<ExerciseState, string> = {
  "done": style.green("● done"),
  "in progress": style.yellow("◐ in progress"),
  "not started": style.dim("○ not started"),
};

/** Print the overview; exit code 0. */
export async function start(exercises: Exercise[], flags: Flags): Promise<number> {
  console.log(style.bold("groundup · concurrency from the ground up\n"));
  console.log(manifest.welcome + "\n");
  console.log(style.dim("Looking at your exercises..."));
  const progress = await progressOf(exercises, { timeout: flags.timeout });
  const done = progress.filter((p) => p.state === "done").length;
  console.log(`\nProgress ${progressBar(done, progress.length)}\n`);

  for (const lesson of manifest.lessons) {
    const mine = progress.filter((p) => p.exercise.lesson.dir === lesson.dir);
    const passed = mine.filter((p) => p.state === "done").length;
    const title = `${lesson.dir.slice(0, 2)}  ${lesson.title}`.padEnd(44);
    console.log(
      `  ${title} ${MARK[lessonState(lesson, progress)]} ${style.dim(`${passed}/${mine.length}`)}`,
    );
  }

  const bare = bareOffer(exercises);
  if (bare.length > 0) {
    console.log(style.dim(wrap(
      `\n  No scaffolding wanted? The exercises of ${bare} also come as bare stubs, with only the API: ${
        taskCommand("reset <id> --bare")
      }`,
    )));
  }

  const next = nextExercise(progress);
  if (!next) {
    console.log("\n" + style.green(manifest.finale));
    return 0;
  }
  const { exercise, result } = next;
  const where = next.modified ? "Pick up where you stopped" : "Next";
  console.log(`\n${style.bold(where)}: ${exercise.id} — ${exercise.title}`);
  if (result && result.status !== "pass") {
    const passing = result.checks.filter((c) => c.status === "pass").length;
    console.log(style.dim(`  ${passing}/${result.checks.length} checks pass so far`));
  }
  console.log(`  read   ${lessonText(exercise.lesson)}`);
  console.log(`  edit   ${exercise.file}`);
  console.log(`  run    ${style.cyan(taskCommand(`watch ${exercise.id}`))}`);
  if (exercise.bare) {
    console.log(
      style.dim(
        `  or write it from scratch: ${
          taskCommand(`reset ${exercise.id} --bare`)
        } leaves only the API (your file is backed up)`,
      ),
    );
  }
  const once = taskCommand(`grade ${exercise.id}`);
  console.log(style.dim(`\n  (or ${once} once; ${taskCommand("help")} for more)`));
  return 0;
}
