/**
 * The runner as a learner uses it, on a scratch copy of the course in
 * `.out/` (so the real exercises are never touched): grading an untouched
 * course, a finished one, a broken one, reset with its backup, and `start`
 * in a pipe.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { exercisesOf } from "./course.ts";
import { ROOT } from "./grading/paths.ts";
import { manifest } from "./manifest.ts";
import { type GradeReport, NOT_STARTED } from "./commands/grade.ts";
import { runner, scratchCourse } from "./scratch.ts";

const exercises = exercisesOf(manifest);

/** A student edition has no references to copy in: student_edition_test covers the runner there. */
const hasSolutions = await Deno.stat(join(ROOT, "solutions")).then(() => true, () => false);

Deno.test({
  name: "the runner, end to end on a scratch copy of the course" +
    (hasSolutions ? "" : " (skipped: no solutions/ to copy in)"),
  ignore: !hasSolutions,
  fn: async (t) => {
    const dir = await scratchCourse();
    try {
      await t.step("grade --json on untouched stubs: each one 'not started', exit 1", async () => {
        const { code, stdout } = await runner(dir, "grade", "--json");
        await Deno.writeTextFile(join(dir, "fresh.json"), stdout);
        const report: GradeReport = JSON.parse(stdout);
        assert.equal(code, 1);
        assert.equal(report.total, exercises.length);
        assert.equal(report.passed, 0);
        assert.ok(report.exercises.every((e) => e.status === "fail" && e.notStarted), stdout);
        assert.ok(report.exercises.every((e) => e.message === NOT_STARTED));
        assert.deepEqual(report.exercises.map((e) => e.file), exercises.map((e) => e.file));
      });

      await t.step("grade takes several ids and whole lessons, in course order", async () => {
        const ids = async (...args: string[]) => {
          const { stdout } = await runner(dir, "grade", "--json", ...args);
          return (JSON.parse(stdout) as GradeReport).exercises.map((e) => e.id);
        };
        assert.deepEqual(await ids("range", "zip"), ["01-iterators/range", "01-iterators/zip"]);
        assert.deepEqual(await ids("zip", "01-iterators/range"), [
          "01-iterators/range",
          "01-iterators/zip",
        ]);
        const lesson06 = ["06-traps/spawn", "06-traps/join", "06-traps/sleep"];
        assert.deepEqual(await ids("06-traps"), lesson06);
        assert.deepEqual(await ids("--lesson", "6"), lesson06);
        assert.deepEqual(await ids("06"), lesson06, "a bare number is a lesson");
        const text = await runner(dir, "grade", "01-iterators");
        const lines = text.stdout.split("\n").filter((l) => /^\d\/3 /.test(l));
        assert.deepEqual(lines, [
          "1/3 ○ 01-iterators/range not started",
          "2/3 ○ 01-iterators/lazy not started",
          "3/3 ○ 01-iterators/zip not started",
        ]);
        const typo = await runner(dir, "grade", "range", "rnage");
        assert.equal(typo.code, 2);
        assert.match(typo.stderr, /Cannot find "rnage"/);
      });

      await t.step("start in a pipe prints the overview and the next command, exit 0", async () => {
        const { code, stdout } = await runner(dir, "start");
        assert.equal(code, 0);
        assert.match(stdout, /0\/\d+ \(0 %\)/);
        assert.match(stdout, new RegExp(`\n  run    deno task watch ${exercises[0].id}`));
        const viaNpx = await runner(dir, { npm_command: "exec" }, "start");
        assert.match(
          viaNpx.stdout,
          new RegExp(`run    npx -y deno@2 task watch ${exercises[0].id}`),
        );
      });

      // Why one lesson, not all: course_check_test already proves every
      // reference passes its grader; here the runner's side of it is checked.
      const lesson01 = exercises.filter((e) => e.lesson.dir === "01-iterators");
      for (const exercise of lesson01) {
        await Deno.copyFile(join(dir, exercise.solution), join(dir, exercise.file));
      }

      await t.step(
        "grade --json with a lesson's references copied in: they pass, exit 0",
        async () => {
          const { code, stdout } = await runner(dir, "grade", "01-iterators", "--json");
          const report: GradeReport = JSON.parse(stdout);
          assert.equal(report.passed, lesson01.length, stdout);
          assert.equal(code, 0);
          // A finished course, for the report: every exercise as these passed.
          const passing = report.exercises[0];
          const finished: GradeReport = {
            passed: exercises.length,
            failed: 0,
            total: exercises.length,
            exercises: exercises.map((e) => ({ ...passing, id: e.id, file: e.file })),
          };
          await Deno.writeTextFile(join(dir, "finished.json"), JSON.stringify(finished));
        },
      );

      await t.step("report turns grade files into a table showing 0 % and 100 %", async () => {
        const { code, stdout } = await runner(dir, "report", "fresh.json", "finished.json");
        assert.equal(code, 0);
        assert.match(stdout, /\| fresh \| .* \| 0\/\d+ \(0 %\) \|/);
        assert.match(stdout, /\| finished \| .* \| (\d+)\/\1 \(100 %\) \|/);
        const html = await runner(dir, "report", "--html", "fresh.json", "finished.json");
        assert.match(html.stdout, /<meter min="0" max="100" value="100">/);
        const bad = await runner(dir, "report", "deno.json");
        assert.equal(bad.code, 2);
        assert.match(
          bad.stderr,
          /Cannot use deno\.json as a grade report: it has no "exercises" list/,
        );
      });

      const [looping, broken] = exercises;
      await Deno.writeTextFile(join(dir, looping.file), "while (true) {}\n");
      await Deno.writeTextFile(join(dir, broken.file), "export const oops = ;\n");

      await t.step("an endless loop times out, a syntax error is an error", async () => {
        // Why only these two under a short timeout: a loaded machine can only
        // make a loop time out sooner, but could push a passing run past 2 s;
        // the step before proved the references pass under the default one.
        const { code, stdout } = await runner(
          dir,
          "grade",
          looping.id,
          broken.id,
          "--json",
          "--timeout",
          "2",
        );
        const report: GradeReport = JSON.parse(stdout);
        const byId = new Map(report.exercises.map((e) => [e.id, e]));
        assert.equal(code, 1);
        assert.equal(byId.get(looping.id)!.status, "timeout");
        assert.equal(byId.get(broken.id)!.status, "error");
        assert.match(byId.get(broken.id)!.message, new RegExp(`^${broken.file}:1:\\d+`));
        assert.equal(report.passed, 0);
        assert.equal(report.total, 2);
      });

      await t.step("a failing exercise shows what the learner's code printed", async () => {
        const [, , zip] = exercises;
        const stub = await Deno.readTextFile(join(dir, "runner/pristine_stubs.json"));
        const zipStub: string = JSON.parse(stub).stubs[zip.id].guided;
        await Deno.writeTextFile(
          join(dir, zip.file),
          zipStub + '\nconsole.log("debugging zip: left is done");\n',
        );
        const { code, stdout } = await runner(dir, "grade", zip.id);
        assert.equal(code, 1);
        assert.match(stdout, /your code printed:\n\s+debugging zip: left is done/);
      });

      await t.step(
        "reset puts the stub back and keeps the learner's file in a backup",
        async () => {
          const { code, stdout } = await runner(dir, "reset", broken.id);
          assert.equal(code, 0, stdout);
          const backup = /saved in (\S+)/.exec(stdout)?.[1];
          assert.ok(backup, stdout);
          assert.equal(await Deno.readTextFile(join(dir, backup)), "export const oops = ;\n");
          assert.match(await Deno.readTextFile(join(dir, broken.file)), /not implemented yet/);
        },
      );

      await t.step("solution is withheld until the exercise passes", async () => {
        const { code, stdout } = await runner(dir, "solution", broken.id);
        assert.equal(code, 1);
        assert.match(stdout, /opens once your version passes/);
      });

      await t.step("an unknown id is answered with the list of lessons and ids", async () => {
        const { code, stderr } = await runner(dir, "hint", "rnage");
        assert.equal(code, 2);
        assert.match(stderr, /Cannot find "rnage".*\n.*01-iterators: range, lazy, zip/);
      });

      await t.step("a number is a lesson in every command, as help says", async () => {
        const four = await runner(dir, "hint", "4");
        assert.equal(four.code, 0);
        assert.match(four.stdout, /Hints for 04-delegation\/delegate/);
        const six = await runner(dir, "hint", "6");
        assert.equal(six.code, 2);
        assert.match(six.stderr, /names lesson 06-traps, which has 3: 06-traps\/spawn/);
        const help = await runner(dir, "help");
        assert.match(help.stdout, /bare number is a lesson in every command/i);
        assert.match(help.stdout, /^ {2}deno task start /m);
        const viaNpx = await runner(dir, { npm_command: "exec" }, "help");
        assert.match(viaNpx.stdout, /^ {2}npx -y deno@2 task start /m);
        assert.doesNotMatch(viaNpx.stdout, /deno task/);
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("deno.json grants no task -A or --allow-all", async () => {
  const config = await Deno.readTextFile(join(ROOT, "deno.json"));
  assert.doesNotMatch(config, /(^|[" ])-A([" ]|$)|--allow-all/);
});
