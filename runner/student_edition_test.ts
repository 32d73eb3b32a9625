/**
 * The student edition, built by its own command into `.out/`, is what a
 * class gets: no references, no wrong variants, no instructor guide, the
 * workflows of a Classroom or template repository. And in it, with no
 * `solutions/` anywhere, everything a learner runs works: `start`, `grade`
 * (by ids and by lesson), `watch` (an atomic save is seen), `reset` (guided
 * and bare) and `solution` (which says there is no reference).
 *
 * The same file runs inside the edition itself (its own `deno task test`),
 * where it builds an edition of the edition; only the step that copies a
 * reference in needs the course's `solutions/`, and it is skipped there.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { runner } from "./scratch.ts";
import { type GradeReport, NOT_STARTED } from "./commands/grade.ts";
import { EDITION_BANNER } from "./commands/student_edition.ts";
import { exercisesOf } from "./course.ts";
import { ROOT } from "./grading/paths.ts";
import { manifest } from "./manifest.ts";
import { pristineStub } from "./pristine.ts";

const exercises = exercisesOf(manifest);
const hasSolutions = await Deno.stat(join(ROOT, "solutions")).then(() => true, () => false);
const exists = (path: string) => Deno.stat(path).then(() => true, () => false);

/** Read `stream` until `pattern` shows up; give up after `seconds` (a bound, not a measurement). */
async function until(
  reader: ReadableStreamDefaultReader<string>,
  seen: { text: string },
  pattern: RegExp,
  seconds = 60,
): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`watch never printed ${pattern} in ${seconds} s:\n${seen.text}`)),
      seconds * 1000,
    );
  });
  try {
    while (!pattern.test(seen.text)) {
      const { value, done } = await Promise.race([reader.read(), deadline]);
      if (done) throw new Error(`watch ended before printing ${pattern}:\n${seen.text}`);
      seen.text += value;
    }
  } finally {
    clearTimeout(timer);
  }
}

Deno.test("the student edition has no solutions, and start, grade, watch and reset work in it", async (t) => {
  const dir = join(ROOT, ".out", `edition-${crypto.randomUUID().slice(0, 8)}`);
  try {
    const made = await new Deno.Command("deno", {
      args: [
        "run",
        "--quiet",
        "--lock=deno.lock",
        "--frozen",
        `--allow-read=${ROOT}`,
        `--allow-write=${dir}`,
        "--allow-env=NO_COLOR,npm_command",
        "runner/main.ts",
        "student-edition",
        dir,
      ],
      cwd: ROOT,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(made.code, 0, new TextDecoder().decode(made.stderr));

    await t.step("it holds no references, no wrong variants and no guide", async () => {
      for (const gone of ["solutions", "lessons/instructors", "lessons/AUTHORING.md"]) {
        assert.ok(!await exists(join(dir, gone)), `${gone} is left out`);
      }
      assert.ok(
        (await Deno.readTextFile(join(dir, "README.md"))).includes(EDITION_BANNER),
        "the README says it is the student edition",
      );
      const workflows = (await Array.fromAsync(Deno.readDir(join(dir, ".github/workflows"))))
        .map((e) => e.name).sort();
      assert.deepEqual(workflows, ["classroom.yml", "grade.yml"]);
      const tasks = Object.keys(JSON.parse(await Deno.readTextFile(join(dir, "deno.json"))).tasks);
      assert.ok(!tasks.includes("stubs") && tasks.includes("test"), tasks.join(" "));
      for (const exercise of exercises) {
        assert.equal(
          await Deno.readTextFile(join(dir, exercise.file)),
          await pristineStub(exercise),
          `${exercise.file} is its guided stub`,
        );
      }
    });

    await t.step(
      "what the command wrote is formatted as the edition's deno fmt wants",
      async () => {
        // Why only these: every other file is a copy of a file fmt --check already passed.
        const { code, stdout } = await new Deno.Command("deno", {
          args: ["fmt", "--check", "README.md", "deno.json"],
          cwd: dir,
          env: { NO_COLOR: "1" },
          stdout: "piped",
          stderr: "piped",
        }).output();
        assert.equal(code, 0, new TextDecoder().decode(stdout));
      },
    );

    await t.step("start shows the overview and the next command", async () => {
      const { code, stdout } = await runner(dir, "start");
      assert.equal(code, 0);
      assert.match(stdout, /Progress .* 0\/\d+ \(0 %\)/);
      assert.match(stdout, new RegExp(`run {4}deno task watch ${exercises[0].id}`));
    });

    await t.step(
      "grade range zip --json reports 2; grade 06-traps --json lesson 06's three",
      async () => {
        const two = await runner(dir, "grade", "range", "zip", "--json");
        const report: GradeReport = JSON.parse(two.stdout);
        assert.equal(two.code, 1);
        assert.equal(report.total, 2);
        assert.ok(report.exercises.every((e) => e.message === NOT_STARTED));
        const lesson = await runner(dir, "grade", "06-traps", "--json");
        const ids = (JSON.parse(lesson.stdout) as GradeReport).exercises.map((e) => e.id);
        assert.deepEqual(ids, ["06-traps/spawn", "06-traps/join", "06-traps/sleep"]);
      },
    );

    await t.step(
      "write it yourself holds there too: importing the kernel's Future is refused",
      async () => {
        const future = exercises.find((e) => e.id === "09-futures/future")!;
        await Deno.writeTextFile(
          join(dir, future.file),
          'export { Future } from "../../kernel/future.ts";\n',
        );
        try {
          const graded = await runner(dir, "grade", future.id, "--json");
          const [result] = (JSON.parse(graded.stdout) as GradeReport).exercises;
          assert.equal(result.status, "fail", graded.stdout);
          assert.match(result.message, /imports only what its stub imports.*write Future in/);
        } finally {
          await Deno.writeTextFile(join(dir, future.file), await pristineStub(future));
        }
      },
    );

    const [range] = exercises;
    await t.step({
      name: "a reference copied in passes there" +
        (hasSolutions ? "" : " (skipped: no solutions/)"),
      ignore: !hasSolutions,
      fn: async () => {
        await Deno.copyFile(join(ROOT, range.solution), join(dir, range.file));
        const { code, stdout } = await runner(dir, "grade", range.id);
        assert.equal(code, 0, stdout);
      },
    });

    await t.step(
      "reset restores the stub with no solutions/ and no git, keeping a backup",
      async () => {
        await Deno.writeTextFile(join(dir, range.file), "export const mine = 1;\n");
        const { code, stdout } = await runner(dir, "reset", range.id);
        assert.equal(code, 0, stdout);
        const backup = /saved in (\S+)/.exec(stdout)?.[1];
        assert.ok(backup, stdout);
        assert.equal(await Deno.readTextFile(join(dir, backup)), "export const mine = 1;\n");
        assert.equal(await Deno.readTextFile(join(dir, range.file)), await pristineStub(range));
      },
    );

    await t.step("reset --bare writes the bare stub, which counts as not started", async () => {
      const spawn = exercises.find((e) => e.id === "06-traps/spawn")!;
      const { code } = await runner(dir, "reset", spawn.id, "--bare");
      assert.equal(code, 0);
      assert.equal(
        await Deno.readTextFile(join(dir, spawn.file)),
        await pristineStub(spawn, "bare"),
      );
      const graded = await runner(dir, "grade", spawn.id, "--json");
      assert.equal((JSON.parse(graded.stdout) as GradeReport).exercises[0].message, NOT_STARTED);
      const none = await runner(dir, "reset", range.id, "--bare");
      assert.equal(none.code, 2);
      assert.match(none.stderr, /has none; bare stubs exist for 06-traps\/spawn/);
    });

    await t.step("solution says there is no reference and exits 1", async () => {
      const { code, stderr } = await runner(dir, "solution", range.id, "--force");
      assert.equal(code, 1);
      assert.match(stderr, /There is no reference for 01-iterators\/range in this copy/);
    });

    await t.step(
      "watch re-grades after an atomic save (a temp file renamed over the exercise)",
      async () => {
        const child = new Deno.Command("deno", {
          args: [
            "run",
            "--quiet",
            "--lock=deno.lock",
            "--frozen",
            `--allow-read=${dir}`,
            `--allow-write=${join(dir, "exercises")}`,
            "--allow-run=deno",
            "--allow-env=NO_COLOR,GITHUB_STEP_SUMMARY,npm_command",
            "runner/main.ts",
            "watch",
            range.id,
          ],
          cwd: dir,
          env: { NO_COLOR: "1", npm_command: "" },
          stdin: "piped",
          stdout: "piped",
          stderr: "inherit",
        }).spawn();
        const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
        const seen = { text: "" };
        const keys = child.stdin.getWriter();
        try {
          await until(reader, seen, /\[q\] quit/);
          assert.match(seen.text, /grading exercises\/01-iterators\/range\.ts…/, "says it grades");
          seen.text = "";
          // As `sed -i` saves: write a temporary file beside it, rename it over.
          const temp = join(dir, "exercises/01-iterators/.range.ts.sedXXXX");
          await Deno.writeTextFile(temp, 'throw new Error("saved by rename");\n');
          await Deno.rename(temp, join(dir, range.file));
          // Another file saved in the same moment must not hide the first.
          const zip = exercises[2];
          await Deno.writeTextFile(join(dir, zip.file), await pristineStub(zip));
          await until(reader, seen, /saved by rename[\s\S]*\[q\] quit/);
          await keys.write(new TextEncoder().encode("hhhhhq"));
          for (let read = await reader.read(); !read.done; read = await reader.read()) {
            seen.text += read.value;
          }
          const { code } = await child.status;
          assert.equal(code, 0);
          const hints = range.hints.length;
          assert.match(seen.text, new RegExp(`hint ${hints}/${hints}:`));
          assert.match(seen.text, new RegExp(`no more hints: that was ${hints}/${hints}`));
          assert.doesNotMatch(seen.text, new RegExp(`hint ${hints + 1}/`));
        } finally {
          await keys.close().catch(() => {});
          try {
            child.kill();
          } catch { /* already gone */ }
          await reader.cancel().catch(() => {});
          await child.status;
        }
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
});
