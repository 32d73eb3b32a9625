/**
 * `deno task solution <id>`: the reference, once the learner's own version
 * passes (comparing is the point then), or with `--force`.
 *
 * @module
 */

import { type Exercise, findExercise } from "../course.ts";
import { gradeMany } from "../grading/batch.ts";
import type { Flags } from "../main.ts";
import { readRepoFile } from "../progress.ts";
import { style } from "../terminal.ts";

/** Print the reference solution if earned; exit code 0, or 1 when withheld. */
export async function solution(exercises: Exercise[], id: string, flags: Flags): Promise<number> {
  const exercise = findExercise(exercises, id);
  if (!flags.force) {
    const [result] = await gradeMany([{ exercise }], { timeout: flags.timeout });
    if (result.status !== "pass") {
      console.log(`The reference for ${exercise.id} opens once your version passes.`);
      console.log(
        `Try ${style.cyan(`deno task hint ${exercise.id}`)} first, or add --force to peek.`,
      );
      return 1;
    }
  }
  console.log(style.bold(`${exercise.solution}\n`));
  console.log(await readRepoFile(exercise.solution));
  return 0;
}
