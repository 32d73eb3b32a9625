/**
 * The course checks itself: every reference passes its grader, every stub
 * as shipped fails it with "not implemented yet", and every known-wrong
 * variant fails it where and how its header promises. A grader that a stub
 * or a wrong variant passes asserts nothing, so it fails here.
 *
 * Known-wrong variants are patches in `solutions/<lesson>/wrong/<exercise>.variants.md`
 * (or, until `deno task variants:convert` turns them into patches, full
 * copies in `solutions/<lesson>/wrong/<exercise>_*.ts`); see
 * `runner/variants/`. Each names its mistake, the check that must be the
 * first to fail (`Check:`) and the text that check's failure message must
 * contain (`Grader says:`). The rules are in `runner/variants/prove.ts`, and
 * `runner/variants/prove_test.ts` shows each of them failing on a fixture.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { exercisesOf, lessonText, manifestProblems } from "./course.ts";
import { ROOT } from "./grading/paths.ts";
import { manifest } from "./manifest.ts";
import { readRepoFile, stubOf } from "./progress.ts";
import { bankFileOf, ownerOf } from "./variants/bank.ts";
import { proveVariants } from "./variants/prove.ts";

const exercises = exercisesOf(manifest);

/**
 * Whether a variant without a `Check:` line fails the self-check. False
 * while the variants written before `Check:` was asked for are given theirs
 * (each is listed as a warning); set it to true once every variant has one.
 */
const REQUIRE_CHECK_LINES = false;

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
    // A variant whose name matches no exercise would never be graded.
    const wrong = join(ROOT, "solutions", lesson.dir, "wrong");
    for await (const entry of Deno.readDir(wrong)) {
      const bank = /^(.+)\.variants\.md$/.exec(entry.name)?.[1];
      const owner = bank ??
        (entry.name.endsWith(".ts") ? ownerOf(entry.name, lesson.exercises) : undefined);
      assert.ok(
        owner !== undefined && listed.has(owner),
        `solutions/${lesson.dir}/wrong/${entry.name} is no exercise's variant: name it ` +
          `<exercise>_<mistake>.ts, or put it in <exercise>.variants.md`,
      );
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

Deno.test("graders pass every reference, fail every stub and fail every known-wrong variant at its check", async (t) => {
  const { proofs, results, unreadable } = await proveVariants(exercises, {
    requireCheck: REQUIRE_CHECK_LINES,
    alsoGrade: exercises.flatMap((exercise) => [
      { exercise, file: exercise.solution },
      { exercise, file: exercise.file },
    ]),
  });
  const warnings: string[] = [];

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
      const proven = proofs.get(exercise.id) ?? [];
      await t.step("has at least one known-wrong variant", () => {
        assert.equal(unreadable.get(exercise.id), undefined);
        assert.ok(proven.length > 0, `add one to ${bankFileOf(exercise)}`);
      });
      for (const { variant, judgement } of proven) {
        if (judgement.warnings.length > 0) {
          warnings.push(`${variant.source}: ${judgement.warnings.join("; ")}`);
        }
        await t.step(`fails ${variant.name}: ${variant.mistake}`, () => {
          assert.deepEqual(
            judgement.problems,
            [],
            `${variant.source} (graded as ${variant.file}):\n${judgement.problems.join("\n")}`,
          );
        });
      }
    });
  }
  if (warnings.length > 0) {
    console.warn(
      `Warning: ${warnings.length} known-wrong variant(s) do not say yet where they must fail; ` +
        `add a "Check:" line to each (runner/course_check_test.ts, REQUIRE_CHECK_LINES):\n` +
        warnings.map((w) => `  ${w}`).join("\n"),
    );
  }
});
