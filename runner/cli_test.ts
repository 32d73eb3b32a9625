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
import type { GradeReport } from "./commands/grade.ts";

const exercises = exercisesOf(manifest);

/** What a runner process gave. */
interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.name === ".backups") continue;
    const [a, b] = [join(from, entry.name), join(to, entry.name)];
    if (entry.isDirectory) await copyTree(a, b);
    else if (entry.isFile) await Deno.copyFile(a, b);
  }
}

/** A scratch copy of the course: the parts the runner reads. */
async function scratchCourse(): Promise<string> {
  const dir = join(ROOT, ".out", `cli-test-${crypto.randomUUID().slice(0, 8)}`);
  for (const part of ["exercises", "solutions", "runner", "kernel", "lessons"]) {
    await copyTree(join(ROOT, part), join(dir, part));
  }
  for (const file of ["deno.json", "deno.lock"]) {
    await Deno.copyFile(join(ROOT, file), join(dir, file)).catch(() => {});
  }
  return dir;
}

/** Run the runner in `dir`; npx's marker is cleared unless `env` sets it. */
async function runner(dir: string, ...args: string[]): Promise<Run>;
async function runner(dir: string, env: Record<string, string>, ...args: string[]): Promise<Run>;
async function runner(dir: string, ...rest: (string | Record<string, string>)[]): Promise<Run> {
  const env = typeof rest[0] === "object" ? rest.shift() as Record<string, string> : {};
  const args = rest as string[];
  const { code, stdout, stderr } = await new Deno.Command("deno", {
    args: [
      "run",
      "--quiet",
      `--allow-read=${dir}`,
      `--allow-write=${join(dir, "exercises")}`,
      "--allow-run=deno",
      "--allow-env=NO_COLOR,GITHUB_STEP_SUMMARY,npm_command",
      "runner/main.ts",
      ...args,
    ],
    cwd: dir,
    env: { NO_COLOR: "1", npm_command: "", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code,
    stdout: new TextDecoder().decode(stdout),
    stderr: new TextDecoder().decode(stderr),
  };
}

Deno.test("the runner, end to end on a scratch copy of the course", async (t) => {
  const dir = await scratchCourse();
  try {
    await t.step("grade --json on untouched stubs: every exercise fails, exit 1", async () => {
      const { code, stdout } = await runner(dir, "grade", "--json");
      await Deno.writeTextFile(join(dir, "fresh.json"), stdout);
      const report: GradeReport = JSON.parse(stdout);
      assert.equal(code, 1);
      assert.equal(report.total, exercises.length);
      assert.equal(report.passed, 0);
      assert.ok(report.exercises.every((e) => e.status === "fail"), stdout);
      assert.ok(report.exercises.every((e) => e.message.includes("not implemented yet")));
      assert.deepEqual(report.exercises.map((e) => e.file), exercises.map((e) => e.file));
    });

    await t.step("start in a pipe prints the overview and the next command, exit 0", async () => {
      const { code, stdout } = await runner(dir, "start");
      assert.equal(code, 0);
      assert.match(stdout, /0\/\d+ \(0 %\)/);
      assert.match(stdout, new RegExp(`\n  run    deno task watch ${exercises[0].id}`));
      const viaNpx = await runner(dir, { npm_command: "exec" }, "start");
      assert.match(viaNpx.stdout, new RegExp(`run    npx -y deno@2 task watch ${exercises[0].id}`));
    });

    for (const exercise of exercises) {
      await Deno.copyFile(join(dir, exercise.solution), join(dir, exercise.file));
    }

    await t.step(
      "grade --json with the solutions copied in: every exercise passes, exit 0",
      async () => {
        const { code, stdout } = await runner(dir, "grade", "--json");
        const report: GradeReport = JSON.parse(stdout);
        assert.equal(report.passed, exercises.length, stdout);
        assert.equal(code, 0);
        await Deno.writeTextFile(join(dir, "finished.json"), stdout);
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

    await t.step(
      "an endless loop times out, a syntax error is an error, the rest pass",
      async () => {
        // Why 5 s: every other exercise must pass within it on a loaded 2-core machine too.
        const { code, stdout } = await runner(dir, "grade", "--json", "--timeout", "5");
        const report: GradeReport = JSON.parse(stdout);
        const byId = new Map(report.exercises.map((e) => [e.id, e]));
        assert.equal(code, 1);
        assert.equal(byId.get(looping.id)!.status, "timeout");
        assert.equal(byId.get(broken.id)!.status, "error");
        assert.match(byId.get(broken.id)!.message, new RegExp(`^${broken.file}:1:\\d+`));
        assert.equal(report.passed, exercises.length - 2);
      },
    );

    await t.step("reset puts the stub back and keeps the learner's file in a backup", async () => {
      const { code, stdout } = await runner(dir, "reset", broken.id);
      assert.equal(code, 0, stdout);
      const backup = /saved in (\S+)/.exec(stdout)?.[1];
      assert.ok(backup, stdout);
      assert.equal(await Deno.readTextFile(join(dir, backup)), "export const oops = ;\n");
      assert.match(await Deno.readTextFile(join(dir, broken.file)), /not implemented yet/);
    });

    await t.step("solution is withheld until the exercise passes", async () => {
      const { code, stdout } = await runner(dir, "solution", broken.id);
      assert.equal(code, 1);
      assert.match(stdout, /opens once your version passes/);
    });

    await t.step("an unknown id is answered with the list of ids", async () => {
      const { code, stderr } = await runner(dir, "hint", "rnage");
      assert.equal(code, 2);
      assert.match(stderr, /Cannot find exercise "rnage".*\n.*01-iterators\/range/);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno.json grants no task -A or --allow-all", async () => {
  const config = await Deno.readTextFile(join(ROOT, "deno.json"));
  assert.doesNotMatch(config, /(^|[" ])-A([" ]|$)|--allow-all/);
});
