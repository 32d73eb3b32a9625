/**
 * `deno task solution <id>`: the reference, once the learner's own version
 * passes (comparing is the point then), or with `--force`. A copy of the
 * course without `solutions/` (the student edition, say) has no reference
 * to show, and says so.
 *
 * @module
 */

import { type Exercise, findExercise } from "../course.ts";
import { gradeMany } from "../grading/batch.ts";
import type { Flags } from "../main.ts";
import { readRepoFile } from "../progress.ts";
import { style, taskCommand } from "../terminal.ts";

/** Print the reference solution if earned; exit code 0, 1 when withheld or missing. */
export async function solution(exercises: Exercise[], id: string, flags: Flags): Promise<number> {
  const exercise = findExercise(exercises, id);
  const reference = await readRepoFile(exercise.solution);
  if (reference === undefined) {
    console.error(
      `There is no reference for ${exercise.id} in this copy of the course: ${exercise.solution} is missing (a student edition ships without solutions/).`,
    );
    console.error(`Ask your instructor, or try ${taskCommand(`hint ${exercise.id}`)}.`);
    return 1;
  }
  if (!flags.force) {
    const [result] = await gradeMany([{ exercise }], { timeout: flags.timeout });
    if (result.status !== "pass") {
      console.log(`The reference for ${exercise.id} opens once your version passes.`);
      console.log(
        `Try ${style.cyan(taskCommand(`hint ${exercise.id}`))} first, or add --force to peek.`,
      );
      return 1;
    }
  }
  console.log(style.bold(`${exercise.solution}\n`));
  console.log(reference);
  return 0;
}
