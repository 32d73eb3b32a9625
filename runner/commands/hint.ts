/**
 * `deno task hint <id>`: an exercise's hints, numbered, gentlest first.
 *
 * @module
 */

import { type Exercise, findExercise } from "../course.ts";
import { style } from "../terminal.ts";

/** Print every hint of one exercise; exit code 0. */
export function hint(exercises: Exercise[], id: string): number {
  const exercise = findExercise(exercises, id);
  console.log(style.bold(`Hints for ${exercise.id} — ${exercise.title}`));
  console.log(style.dim("Read one, try again, and only then read the next.\n"));
  for (const [i, text] of exercise.hints.entries()) console.log(`${i + 1}. ${text}\n`);
  return 0;
}
