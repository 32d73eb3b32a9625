/**
 * `deno task reset <id> [--bare]`: put the stub back. The learner's file is
 * copied to `exercises/.backups/` first, and the command says where, so
 * nothing a learner wrote is ever lost.
 *
 * The stub comes from `runner/pristine_stubs.json` (see `pristine.ts`), so
 * reset needs neither `solutions/` nor git. `--bare` writes the bare stub
 * instead (only the API, its types and doc comments), for the exercises that
 * offer one: the kernel track, lessons 06–10, and `my_promise`.
 *
 * @module
 */

import { dirname, join } from "node:path";
import { type Exercise, findExercise } from "../course.ts";
import { ROOT } from "../grading/paths.ts";
import { pristineStub, pristineStubsOf, type StubKind } from "../pristine.ts";
import { readRepoFile } from "../progress.ts";
import { style, taskCommand } from "../terminal.ts";

/** Where a backup of `exercise` made now goes, relative to the repo root. */
export function backupPath(exercise: Exercise, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  return `exercises/.backups/${exercise.lesson.dir}/${exercise.name}.${stamp}.ts`;
}

/** Restore an exercise's stub (guided, or bare), backing up the learner's file; exit code 0. */
export async function reset(
  exercises: Exercise[],
  id: string,
  kind: StubKind = "guided",
): Promise<number> {
  const exercise = findExercise(exercises, id);
  if (kind === "bare" && !exercise.bare) {
    const offered = exercises.filter((e) => e.bare).map((e) => e.id).join(", ");
    throw new Error(
      `Cannot reset ${exercise.id} to a bare stub as it has none; bare stubs exist for ${offered}`,
    );
  }
  const stub = await pristineStub(exercise, kind);
  const current = await readRepoFile(exercise.file);
  const what = kind === "bare" ? "the bare stub" : "the stub";
  if (current === stub) {
    console.log(`${exercise.file} is already ${what} as shipped: nothing to reset.`);
    return 0;
  }
  // A stub as shipped (the other kind) is nobody's work: no backup of it.
  const shipped = await pristineStubsOf(exercise);
  if (current !== undefined && !shipped.includes(current)) {
    const backup = backupPath(exercise);
    await Deno.mkdir(dirname(join(ROOT, backup)), { recursive: true });
    await Deno.writeTextFile(join(ROOT, backup), current);
    console.log(`Your version is saved in ${style.bold(backup)}`);
  }
  await Deno.writeTextFile(join(ROOT, exercise.file), stub);
  console.log(style.green(`${exercise.file} is ${what} as shipped.`));
  if (kind === "bare") {
    console.log(
      `Only the API is left: write every body yourself. ${
        taskCommand(`reset ${exercise.id}`)
      } brings back the guided stub.`,
    );
  }
  return 0;
}
