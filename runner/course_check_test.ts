/**
 * The course checks itself: every reference passes its grader, every stub
 * as shipped (guided and bare) fails it with "not implemented yet", and
 * every known-wrong variant fails it where and how its header promises. A
 * grader that a stub or a wrong variant passes asserts nothing, so it fails
 * here. The stubs come from `runner/pristine_stubs.json`, which must be in
 * step with `solutions/`; in a copy without `solutions/` (the student
 * edition) the checks that need references are skipped, and say so.
 *
 * Known-wrong variants are patches in `solutions/<lesson>/wrong/<exercise>.variants.md`
 * (a new one may start as a full copy, `solutions/<lesson>/wrong/<exercise>_*.ts`,
 * until `deno task variants:convert` turns it into a patch); see
 * `runner/variants/`. Each names its mistake, the check that must be the
 * first to fail (`Check:`) and the text that check's failure message must
 * contain (`Grader says:`). The rules are in `runner/variants/prove.ts`, and
 * `runner/variants/prove_test.ts` shows each of them failing on a fixture.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { type Exercise, exercisesOf, lessonText, manifestProblems } from "./course.ts";
import type { Job } from "./grading/batch.ts";
import { ROOT } from "./grading/paths.ts";
import { manifest } from "./manifest.ts";
import { PRISTINE_FILE, pristineStub, storeFromSolutions } from "./pristine.ts";
import { readRepoFile, stubOf } from "./progress.ts";
import { bankFileOf, ownerOf } from "./variants/bank.ts";
import { proveVariants } from "./variants/prove.ts";

const exercises = exercisesOf(manifest);
/** Whether this copy of the course has its references (a student edition has none). */
const hasSolutions = await Deno.stat(join(ROOT, "solutions")).then(() => true, () => false);
const needsSolutions = hasSolutions ? "" : " (skipped: this copy has no solutions/)";

/**
 * Whether a variant without a `Check:` line fails the self-check. Every
 * variant has one: a variant must say which check catches its mistake.
 */
const REQUIRE_CHECK_LINES = true;

Deno.test("the manifest is consistent and every listed file exists", async () => {
  assert.deepEqual(manifestProblems(manifest), [], "problems in runner/manifest.ts");
  for (const lesson of manifest.lessons) {
    assert.ok(await readRepoFile(lessonText(lesson)), `${lessonText(lesson)} is missing`);
  }
  for (const exercise of exercises) {
    const files = [exercise.file, exercise.grader, ...(hasSolutions ? [exercise.solution] : [])];
    for (const file of files) {
      assert.ok(await readRepoFile(file) !== undefined, `${exercise.id}: ${file} is missing`);
    }
  }
});

Deno.test("no exercise or solution file is left out of the manifest", async () => {
  for (const lesson of manifest.lessons) {
    const listed = new Set(lesson.exercises.map((e) => e.name));
    for (const root of hasSolutions ? ["exercises", "solutions"] : ["exercises"]) {
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

Deno.test({
  name: `${PRISTINE_FILE} is in step with solutions/${needsSolutions}`,
  ignore: !hasSolutions,
  fn: async () => {
    assert.equal(
      await readRepoFile(PRISTINE_FILE),
      await storeFromSolutions(exercises, readRepoFile),
      `${PRISTINE_FILE} is out of step with solutions/: run deno task stubs`,
    );
  },
});

Deno.test("every exercise file is its stub as shipped", async () => {
  for (const exercise of exercises) {
    assert.equal(
      await readRepoFile(exercise.file),
      await stubOf(exercise),
      `${exercise.file} differs from its stub in ${PRISTINE_FILE}. ` +
        `Course authors: delete it and run deno task stubs. Learners: this self-check ` +
        `is for a clean clone; grade your own work with deno task grade`,
    );
  }
});

/** `text` as `deno fmt` writes a TypeScript file, with the course's settings. */
async function formatted(text: string): Promise<string> {
  const child = new Deno.Command("deno", {
    args: ["fmt", "--ext=ts", "-"],
    cwd: ROOT,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const { success, stdout, stderr } = await child.output();
  assert.ok(success, new TextDecoder().decode(stderr));
  return new TextDecoder().decode(stdout);
}

Deno.test("bare stubs exist where the manifest offers one, formatted as deno fmt writes them", async () => {
  for (const exercise of exercises) {
    const bare = await pristineStub(exercise, "bare").catch(() => undefined);
    assert.equal(bare !== undefined, exercise.bare === true, `${exercise.id}: has a bare stub`);
    if (bare !== undefined) {
      assert.equal(await formatted(bare), bare, `${exercise.id}: its bare stub is not formatted`);
      assert.doesNotMatch(bare, /@solution-|@stub\b/, `${exercise.id}: its bare stub has markers`);
    }
  }
});

/** Where a bare stub is graded: `.out/<lesson>/<name>.ts`, as deep as exercises/, so its imports resolve. */
const bareFile = (exercise: Exercise) => `.out/${exercise.lesson.dir}/${exercise.name}.ts`;

Deno.test("graders pass every reference, fail every stub (guided and bare) and fail every known-wrong variant at its check", async (t) => {
  const bare = exercises.filter((e) => e.bare);
  for (const exercise of bare) {
    await Deno.mkdir(join(ROOT, ".out", exercise.lesson.dir), { recursive: true });
    await Deno.writeTextFile(join(ROOT, bareFile(exercise)), await pristineStub(exercise, "bare"));
  }
  const alsoGrade: Job[] = exercises.flatMap((exercise) => [
    ...(hasSolutions ? [{ exercise, file: exercise.solution }] : []),
    { exercise, file: exercise.file },
    ...(exercise.bare ? [{ exercise, file: bareFile(exercise) }] : []),
  ]);
  let report: Awaited<ReturnType<typeof proveVariants>>;
  try {
    report = await proveVariants(hasSolutions ? exercises : [], {
      requireCheck: REQUIRE_CHECK_LINES,
      alsoGrade,
    });
  } finally {
    for (const exercise of bare) await Deno.remove(join(ROOT, bareFile(exercise)));
    for (const dir of new Set(bare.map((e) => join(ROOT, ".out", e.lesson.dir)))) {
      await Deno.remove(dir).catch(() => {}); // only if nothing else is in it
    }
  }
  const { proofs, results, unreadable } = report;
  const warnings: string[] = [];

  /** A stub fails every check it runs, and the first failure says "not implemented yet". */
  const failsAsStub = (file: string) => {
    const result = results.get(file)!;
    assert.notEqual(result.status, "pass", `${file} passes its grader`);
    assert.ok(result.checks.every((c) => c.status !== "pass"), `a check passes on ${file}`);
    const first = result.checks.find((c) => c.status === "fail")?.message ?? result.message;
    assert.match(first, /not implemented yet/, `${file}: ${result.message}`);
  };

  for (const exercise of exercises) {
    await t.step(exercise.id, async (t) => {
      await t.step({
        name: `the reference passes${needsSolutions}`,
        ignore: !hasSolutions,
        fn: () => {
          const result = results.get(exercise.solution)!;
          assert.equal(result.status, "pass", `${exercise.solution}: ${result.message}`);
        },
      });
      await t.step("the stub fails with 'not implemented yet'", () => failsAsStub(exercise.file));
      if (exercise.bare) {
        await t.step(
          "the bare stub fails with 'not implemented yet', on the grader the reference passes",
          () => failsAsStub(bareFile(exercise)),
        );
      }
      const proven = proofs.get(exercise.id) ?? [];
      await t.step({
        name: `has at least one known-wrong variant${needsSolutions}`,
        ignore: !hasSolutions,
        fn: () => {
          assert.equal(unreadable.get(exercise.id), undefined);
          assert.ok(proven.length > 0, `add one to ${bankFileOf(exercise)}`);
        },
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
