/**
 * The course checks itself: every reference passes its grader, every stub
 * as shipped (guided and bare) fails it with "not implemented yet", and
 * every known-wrong variant is rejected with the message its header
 * promises. A grader that a stub or a wrong variant passes asserts nothing,
 * so it fails here. The stubs come from `runner/pristine_stubs.json`, which
 * must be in step with `solutions/`; in a copy without `solutions/` (the
 * student edition) the checks that need references are skipped, and say so.
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
import type { GradeResult } from "./grading/grade.ts";
import { ROOT } from "./grading/paths.ts";
import { manifest } from "./manifest.ts";
import { PRISTINE_FILE, pristineStub, storeFromSolutions } from "./pristine.ts";
import { readRepoFile, stubOf } from "./progress.ts";

const exercises = exercisesOf(manifest);
/** Whether this copy of the course has its references (a student edition has none). */
const hasSolutions = await Deno.stat(join(ROOT, "solutions")).then(() => true, () => false);
const needsSolutions = hasSolutions ? "" : " (skipped: this copy has no solutions/)";

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
    }
  }
});

/** Where a bare stub is graded: `.out/<lesson>/<name>.ts`, as deep as exercises/, so its imports resolve. */
const bareFile = (exercise: Exercise) => `.out/${exercise.lesson.dir}/${exercise.name}.ts`;

Deno.test("graders pass every reference, fail every stub (guided and bare) and reject every known-wrong variant", async (t) => {
  const variants = new Map<string, WrongVariant[]>();
  const jobs: Job[] = [];
  const bare = exercises.filter((e) => e.bare);
  for (const exercise of bare) {
    await Deno.mkdir(join(ROOT, ".out", exercise.lesson.dir), { recursive: true });
    await Deno.writeTextFile(join(ROOT, bareFile(exercise)), await pristineStub(exercise, "bare"));
  }
  for (const exercise of exercises) {
    const wrong = hasSolutions ? await wrongVariantsOf(exercise) : [];
    variants.set(exercise.id, wrong);
    if (hasSolutions) jobs.push({ exercise, file: exercise.solution });
    jobs.push({ exercise, file: exercise.file });
    if (exercise.bare) jobs.push({ exercise, file: bareFile(exercise) });
    for (const variant of wrong) jobs.push({ exercise, file: variant.file });
  }
  let graded: GradeResult[];
  try {
    graded = await gradeMany(jobs);
  } finally {
    for (const exercise of bare) await Deno.remove(join(ROOT, bareFile(exercise)));
    for (const dir of new Set(bare.map((e) => join(ROOT, ".out", e.lesson.dir)))) {
      await Deno.remove(dir).catch(() => {}); // only if nothing else is in it
    }
  }
  const results = new Map(graded.map((r) => [r.file, r]));

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
      const wrong = variants.get(exercise.id)!;
      await t.step({
        name: `has at least one known-wrong variant${needsSolutions}`,
        ignore: !hasSolutions,
        fn: () => {
          assert.ok(
            wrong.length > 0,
            `add one to ${exercise.wrongDir}/${exercise.name}_<mistake>.ts`,
          );
        },
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
