/**
 * `deno task reset <id>`: put the stub back. The learner's file is copied
 * to `exercises/.backups/` first, and the command says where, so nothing a
 * learner wrote is ever lost.
 *
 * @module
 */

import { dirname, join } from "node:path";
import { type Exercise, findExercise } from "../course.ts";
import { ROOT } from "../grading/paths.ts";
import { readRepoFile, stubOf } from "../progress.ts";
import { style } from "../terminal.ts";

/** Where a backup of `exercise` made now goes, relative to the repo root. */
export function backupPath(exercise: Exercise, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  return `exercises/.backups/${exercise.lesson.dir}/${exercise.name}.${stamp}.ts`;
}

/** Restore an exercise's stub, backing up the learner's file; exit code 0. */
export async function reset(exercises: Exercise[], id: string): Promise<number> {
  const exercise = findExercise(exercises, id);
  const stub = await stubOf(exercise);
  const current = await readRepoFile(exercise.file);
  if (current === stub) {
    console.log(`${exercise.file} is already the stub as shipped: nothing to reset.`);
    return 0;
  }
  if (current !== undefined) {
    const backup = backupPath(exercise);
    await Deno.mkdir(dirname(join(ROOT, backup)), { recursive: true });
    await Deno.writeTextFile(join(ROOT, backup), current);
    console.log(`Your version is saved in ${style.bold(backup)}`);
  }
  await Deno.writeTextFile(join(ROOT, exercise.file), stub);
  console.log(style.green(`${exercise.file} is the stub again.`));
  return 0;
}
