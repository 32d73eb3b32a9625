/**
 * The repository travels: its workflows run where they should (the
 * self-check and Pages on the course's own repository, grading on every
 * copy a learner works in) with least permissions and timeouts; every task
 * names its lock; the learner's lock holds only what a learner's tasks
 * load; there is a license; and `groundup/kernel` resolves inside the
 * repository, so a program copied from the playground runs unchanged.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "./grading/paths.ts";
import { runAtRoot } from "./grading/run_at_root.ts";

const read = (path: string) => Deno.readTextFileSync(join(ROOT, path));
const exists = (path: string) => {
  try {
    Deno.statSync(join(ROOT, path));
    return true;
  } catch {
    return false;
  }
};
const config = JSON.parse(read("deno.json"));
const tasks: Record<string, { command: string }> = config.tasks;

/** The workflows this copy has (a student edition has only grade.yml and classroom.yml). */
const workflows = [...Deno.readDirSync(join(ROOT, ".github/workflows"))]
  .map((e) => e.name).filter((name) => name.endsWith(".yml")).sort();

for (const name of workflows) {
  Deno.test(`.github/workflows/${name}: current actions, least permissions, timeouts`, () => {
    const text = read(`.github/workflows/${name}`);
    assert.match(text, /^permissions:/m, "permissions are set at the top");
    assert.doesNotMatch(text, /write-all|contents: write/, "nothing may write the repository");
    const jobs = text.split(/\n {2}(?=[\w-]+:\n)/).slice(1);
    for (const job of jobs.filter((j) => /runs-on:/.test(j))) {
      assert.match(job, /timeout-minutes: \d+/, `every job has a timeout: ${job.split("\n")[0]}`);
    }
    for (const uses of text.matchAll(/uses: ([\w./-]+)@(\S+)/g)) {
      const current: Record<string, string> = {
        "actions/checkout": "v6",
        "denoland/setup-deno": "v2",
        "actions/upload-pages-artifact": "v4",
        "actions/deploy-pages": "v4",
      };
      if (current[uses[1]]) assert.equal(uses[2], current[uses[1]], `${uses[1]} is current`);
    }
    if (text.includes("denoland/setup-deno")) {
      assert.match(text, /cache: true/, "setup-deno caches Deno's downloads");
    }
    for (const run of text.matchAll(/^\s+- run: (.*)$/gm)) {
      assert.match(run[1], /^deno task [\w:-]+/, `a step runs a task: ${run[1]}`);
    }
  });
}

Deno.test("the self-check and Pages run on the course's repository only, grading on every copy", () => {
  const onCourse = "if: ${{ github.event.repository.is_template }}";
  const onCopies = "if: ${{ !github.event.repository.is_template }}";
  for (const name of ["ci.yml", "pages.yml"].filter((n) => workflows.includes(n))) {
    assert.ok(read(`.github/workflows/${name}`).includes(onCourse), name);
  }
  assert.ok(read(".github/workflows/grade.yml").includes(onCopies), "grade.yml");
  assert.match(read(".github/workflows/classroom.yml"), /!github\.event\.repository\.is_template/);
});

Deno.test("every task names its lock, and no task runs with -A", () => {
  for (const [name, { command }] of Object.entries(tasks)) {
    for (const run of command.matchAll(/deno (run|test|check) ([^&]*)/g)) {
      assert.match(run[2], /--lock=deno(\.dev)?\.lock --frozen/, `${name}: ${run[0]}`);
    }
    assert.doesNotMatch(command, /(^|\s)-A(\s|$)|--allow-all/, name);
  }
  assert.equal(config.lock, false, "lock discovery is off, so deno task installs nothing");
  for (const learner of ["start", "watch", "grade", "hint", "reset", "solution", "help"]) {
    assert.match(
      tasks[learner].command,
      /--lock=deno\.lock /,
      `${learner} uses the learner's lock`,
    );
  }
});

Deno.test("deno.lock holds only what the learner's tasks load, as deno.dev.lock pins it", () => {
  const learner = JSON.parse(read("deno.lock"));
  const dev = JSON.parse(read("deno.dev.lock"));
  assert.deepEqual(Object.keys(learner.specifiers), [
    "npm:@babel/parser@8.1.2",
    "npm:fast-check@4.10.2",
    "npm:ses@2.3.0",
  ]);
  for (const [pkg, entry] of Object.entries(learner.npm)) {
    assert.deepEqual(entry, dev.npm[pkg], `${pkg} is pinned alike in both locks`);
  }
  const heavy = ["esbuild", "playwright-core", "marked", "highlight.js"];
  for (const name of heavy) {
    assert.ok(!Object.keys(learner.npm).some((p) => p.startsWith(name + "@")), name);
  }
});

Deno.test("a LICENSE covers the code and the lesson text", () => {
  const license = read("LICENSE");
  assert.match(license, /^MIT License/);
  assert.match(license, /lesson texts[\s\S]*CC BY 4\.0/);
  assert.equal(config.license, "MIT");
});

Deno.test({
  name: "a playground program runs unchanged, importing groundup/kernel",
  ignore: !exists("web/presets/round_robin.js"),
  fn: async () => {
    const preset = read("web/presets/round_robin.js");
    const program = preset.replace(
      /(["'])(?:\.\.?\/)+(?:[\w-]+\/)*kernel\/\w+\.ts\1/g,
      '"groundup/kernel"',
    );
    assert.match(program, /from "groundup\/kernel"/, "the playground shows this import");
    const { code, stdout, stderr } = await runAtRoot(program, [
      "--lock=deno.lock",
      "--frozen",
      "--ext=js",
      `--allow-read=${ROOT}`,
    ]);
    assert.equal(code, 0, stderr);
    assert.ok(stdout.trim().length > 0, "it printed its trace");
  },
});
