/**
 * The course checks itself: every reference passes its grader, every stub
 * as shipped fails it with "not implemented yet", and every known-wrong
 * variant is rejected with the message its header promises. A grader that
 * a stub or a wrong variant passes asserts nothing, so it fails here.
 *
 * Known-wrong variants live in `solutions/<lesson>/wrong/<exercise>_*.ts`
 * and open with two header lines:
 *
 * ```text
 *  * Mistake: <the realistic mistake, in plain words>
 *  * Grader says: <text the grader's failure message must contain>
 * ```
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { type Exercise, exercisesOf, lessonText, manifestProblems } from "./course.ts";
import { gradeMany, type Job } from "./grading/batch.ts";
import { ROOT } from "./grading/paths.ts";
import { manifest } from "./manifest.ts";
import { readRepoFile, stubOf } from "./progress.ts";

const exercises = exercisesOf(manifest);

/** A known-wrong variant, read from its file's header. */
interface WrongVariant {
  file: string;
  mistake: string;
  graderSays: string;
}

async function wrongVariantsOf(exercise: Exercise): Promise<WrongVariant[]> {
  const found: WrongVariant[] = [];
  let entries: Deno.DirEntry[] = [];
  try {
    entries = await Array.fromAsync(Deno.readDir(join(ROOT, exercise.wrongDir)));
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.name.startsWith(`${exercise.name}_`) || !entry.name.endsWith(".ts")) continue;
    const file = `${exercise.wrongDir}/${entry.name}`;
    const text = (await readRepoFile(file))!;
    const mistake = /^\s*\*\s*Mistake:\s*(.+)$/m.exec(text)?.[1];
    const graderSays = /^\s*\*\s*Grader says:\s*(.+)$/m.exec(text)?.[1];
    assert.ok(mistake, `${file} needs a "Mistake:" line in its header`);
    assert.ok(graderSays, `${file} needs a "Grader says:" line in its header`);
    found.push({ file, mistake, graderSays });
  }
  return found;
}

Deno.test("the manifest is consistent and every listed file exists", async () => {
  assert.deepEqual(manifestProblems(manifest), [], "problems in runner/manifest.ts");
  for (const lesson of manifest.lessons) {
    assert.ok(await readRepoFile(lessonText(lesson)), `${lessonText(lesson)} is missing`);
  }
  for (const exercise of exercises) {
    for (const file of [exercise.file, exercise.grader, exercise.solution]) {
      assert.ok(await readRepoFile(file) !== undefined, `${exercise.id}: ${file} is missing`);
    }
  }
});

Deno.test("no exercise or solution file is left out of the manifest", async () => {
  for (const lesson of manifest.lessons) {
    const listed = new Set(lesson.exercises.map((e) => e.name));
    for (const root of ["exercises", "solutions"]) {
      for await (const entry of Deno.readDir(join(ROOT, root, lesson.dir))) {
        if (!entry.isFile || !entry.name.endsWith(".ts")) continue;
        const name = entry.name.replace(/(_grader)?\.ts$/, "");
        assert.ok(listed.has(name), `${root}/${lesson.dir}/${entry.name} is not in the manifest`);
      }
    }
  }
});

Deno.test("every exercise file is the stub made from its solution", async () => {
  for (const exercise of exercises) {
    assert.equal(
      await readRepoFile(exercise.file),
      await stubOf(exercise),
      `${exercise.file} differs from the stub made from ${exercise.solution}. ` +
        `Course authors: delete it and run deno task stubs. Learners: this self-check ` +
        `is for a clean clone; grade your own work with deno task grade`,
    );
  }
});

Deno.test("graders pass every reference, fail every stub and reject every known-wrong variant", async (t) => {
  const variants = new Map<string, WrongVariant[]>();
  const jobs: Job[] = [];
  for (const exercise of exercises) {
    const wrong = await wrongVariantsOf(exercise);
    variants.set(exercise.id, wrong);
    jobs.push({ exercise, file: exercise.solution }, { exercise, file: exercise.file });
    for (const variant of wrong) jobs.push({ exercise, file: variant.file });
  }
  const results = new Map((await gradeMany(jobs)).map((r) => [r.file, r]));

  for (const exercise of exercises) {
    await t.step(exercise.id, async (t) => {
      await t.step("the reference passes", () => {
        const result = results.get(exercise.solution)!;
        assert.equal(result.status, "pass", `${exercise.solution}: ${result.message}`);
      });
      await t.step("the stub fails with 'not implemented yet'", () => {
        const result = results.get(exercise.file)!;
        assert.notEqual(result.status, "pass", `${exercise.file} passes its grader`);
        assert.match(result.message, /not implemented yet/, `${exercise.file}: ${result.message}`);
        assert.ok(result.checks.every((c) => c.status !== "pass"), "a check passes on the stub");
      });
      const wrong = variants.get(exercise.id)!;
      await t.step("has at least one known-wrong variant", () => {
        assert.ok(
          wrong.length > 0,
          `add one to ${exercise.wrongDir}/${exercise.name}_<mistake>.ts`,
        );
      });
      for (const variant of wrong) {
        await t.step(`rejects ${variant.file.split("/").pop()}: ${variant.mistake}`, () => {
          const result = results.get(variant.file)!;
          assert.notEqual(result.status, "pass", `the grader accepts ${variant.file}`);
          assert.ok(
            result.message.includes(variant.graderSays),
            `${variant.file} is rejected, but the message does not say "${variant.graderSays}":\n${result.message}`,
          );
        });
      }
    });
  }
});
