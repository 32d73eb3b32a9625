/**
 * `deno task stubs` (for course authors): make every stub from its
 * reference. It writes `runner/pristine_stubs.json` (the stubs as shipped,
 * which the runner reads instead of `solutions/`), then each exercise file
 * that is missing. A file someone edited is left alone and named, so this
 * command can never overwrite a learner's work. With `--check` it writes
 * nothing and exits 1 when the store is out of step with `solutions/`.
 *
 * @module
 */

import { join } from "node:path";
import type { Exercise } from "../course.ts";
import { ROOT } from "../grading/paths.ts";
import { PRISTINE_FILE, storeFromSolutions } from "../pristine.ts";
import { readRepoFile } from "../progress.ts";
import { stubFromSolution } from "../stubs.ts";

/** Write the store and missing stubs; exit code 1 when an edited file blocked one. */
export async function stubs(exercises: Exercise[], check = false): Promise<number> {
  const wanted = await storeFromSolutions(exercises, readRepoFile);
  const current = await readRepoFile(PRISTINE_FILE);
  if (check) {
    if (current === wanted) return 0;
    console.error(`${PRISTINE_FILE} is out of step with solutions/: run deno task stubs`);
    return 1;
  }
  if (current !== wanted) {
    await Deno.writeTextFile(join(ROOT, PRISTINE_FILE), wanted);
    console.log(`wrote ${PRISTINE_FILE}`);
  }
  let blocked = 0;
  for (const exercise of exercises) {
    const stub = stubFromSolution((await readRepoFile(exercise.solution))!, exercise.solution);
    const file = await readRepoFile(exercise.file);
    if (file === stub) continue;
    if (file !== undefined) {
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
