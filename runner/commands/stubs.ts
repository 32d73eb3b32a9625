/**
 * `deno task stubs` (for course authors): write each exercise's stub from
 * its solution. A file that is missing or already the current stub is
 * (re)written; a file someone edited is left alone and named, so this
 * command can never overwrite a learner's work.
 *
 * @module
 */

import { join } from "node:path";
import type { Exercise } from "../course.ts";
import { ROOT } from "../grading/paths.ts";
import { readRepoFile, stubOf } from "../progress.ts";

/** Write missing stubs; exit code 1 when an edited file blocked one. */
export async function stubs(exercises: Exercise[]): Promise<number> {
  let blocked = 0;
  for (const exercise of exercises) {
    const stub = await stubOf(exercise);
    const current = await readRepoFile(exercise.file);
    if (current === stub) continue;
    if (current !== undefined) {
      console.log(`left alone: ${exercise.file} differs from its stub (edited?); reset it first`);
      blocked++;
      continue;
    }
    await Deno.mkdir(join(ROOT, "exercises", exercise.lesson.dir), { recursive: true });
    await Deno.writeTextFile(join(ROOT, exercise.file), stub);
    console.log(`wrote ${exercise.file}`);
  }
  return blocked > 0 ? 1 : 0;
}
