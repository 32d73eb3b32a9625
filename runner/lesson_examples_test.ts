/**
 * Every lesson's examples run, and print what the lesson says they print;
 * `deno task examples` says so, and fails when one does not.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { lessonText } from "./course.ts";
import { ROOT } from "./grading/paths.ts";
import { diffLines, examplesIn, formatDiff, judge, runExample } from "./lesson_examples.ts";
import { manifest } from "./manifest.ts";

for (const lesson of manifest.lessons) {
  Deno.test(`lesson ${lesson.dir}: every example runs and prints its output`, async (t) => {
    const file = lessonText(lesson);
    const examples = examplesIn(await Deno.readTextFile(join(ROOT, file)), file);
    assert.ok(examples.length > 0, `${file} has no runnable ts example`);
    for (const example of examples) {
      await t.step(`${file}:${example.line}`, async () => {
        const run = await runExample(example);
        const verdict = judge(example, run);
        const diff = verdict.diff ? `\n${formatDiff(verdict.diff)}` : "";
        assert.ok(verdict.ok, `${file}:${example.line} ${verdict.summary}\n${run.output}${diff}`);
      });
    }
  });
}

Deno.test("examplesIn() pairs a ts block with the text output block after it", () => {
  const md = "x\n```ts\nconsole.log(1)\n```\n\n```text output\n1\n```\n```ts ignore\nnope\n```\n" +
    "```ts\nconsole.log(2)\n```\n```text output varies\n2\n```\n";
  assert.deepEqual(examplesIn(md, "a.md"), [
    { file: "a.md", line: 2, code: "console.log(1)", flags: [], expected: "1" },
    { file: "a.md", line: 12, code: "console.log(2)", flags: [], expected: "2", varies: true },
  ]);
});

Deno.test("judge() compares exactly, or with numbers and padding free in a varies block", () => {
  const example = (expected: string, varies = false) => ({
    file: "a.md",
    line: 1,
    code: "",
    flags: [],
    expected,
    varies,
  });
  const ok = (expected: string, output: string, varies = false) =>
    judge(example(expected, varies), { code: 0, output }).ok;
  assert.ok(ok("a\nb", "a\nb"));
  assert.ok(!ok("a\nb", "a\nc"), "an exact block with a changed line");
  assert.ok(!ok("took 1.02 s", "took 1.03 s"), "numbers are exact in a plain block");
  assert.ok(ok("took 1.02 s", "took 13 s", true), "a number stands for any number");
  assert.ok(ok("| a |  0.4 ms |", "| a | 51.2 ms |", true), "padding may differ");
  assert.ok(!ok("took 1.02 s", "took 1.02 ms", true), "the words must match");
  assert.ok(!ok("took 1 s", "took s", true), "a number must be there");
  assert.ok(!ok("a 1\nb 2", "b 2\na 1", true), "the lines keep their order");
  assert.ok(!ok("a", "a\nb", true), "no line may be added");
  assert.ok(!judge({ ...example("x"), flags: ["fails"] }, { code: 0, output: "x" }).ok);
  assert.ok(!judge(example("x"), { code: 1, output: "x" }).ok, "a crash is not a match");
  assert.ok(!judge({ ...example("x"), expected: undefined }, { code: 0, output: "x" }).ok);
});

Deno.test("diffLines() marks the lesson's lines with - and the run's with +", () => {
  assert.equal(
    formatDiff(diffLines("a\nb\nc", "a\nB\nc")),
    "  a\n- b\n+ B\n  c",
  );
  assert.equal(formatDiff(diffLines("x 1", "x 2", true)), "  x 2");
});

/** Run `deno task examples` (the same command line) on `path`. */
async function examplesTask(path: string) {
  const { code, stdout } = await new Deno.Command("deno", {
    args: [
      "run",
      "--allow-read=.",
      "--allow-run=deno",
      "--allow-env=NO_COLOR",
      "runner/lesson_examples.ts",
      path,
    ],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "inherit",
  }).output();
  return { code, out: new TextDecoder().decode(stdout) };
}

Deno.test("deno task examples 01 exits with 1, and shows a diff, after an output block is edited", async () => {
  const text = await Deno.readTextFile(join(ROOT, "lessons/01-iterators/README.md"));
  const dir = join(ROOT, ".out", "lesson_examples_test", "01-iterators");
  await Deno.mkdir(dir, { recursive: true });
  try {
    const copy = join(dir, "README.md");
    await Deno.writeTextFile(copy, text);
    const same = await examplesTask(copy);
    assert.equal(same.code, 0, `the unchanged lesson matches:\n${same.out}`);
    assert.match(same.out, /✓ .*README\.md:\d+ matches the lesson's output/);

    const edited = text.replace("```text output\n1\n2\n```", "```text output\n1\n3\n```");
    assert.notEqual(edited, text, "lesson 01 has the output block this test edits");
    await Deno.writeTextFile(copy, edited);
    const changed = await examplesTask(copy);
    assert.equal(changed.code, 1, `an edited output block fails:\n${changed.out}`);
    assert.match(changed.out, /✗ .*README\.md:\d+ differs from the lesson's output/);
    assert.match(changed.out, /^- 3$/m, "the diff shows the lesson's line");
    assert.match(changed.out, /^\+ 2$/m, "and the line the run printed");
    assert.match(changed.out, /These differ:/);
  } finally {
    await Deno.remove(join(ROOT, ".out", "lesson_examples_test"), { recursive: true });
  }
});

Deno.test("every lesson's examples type-check", async () => {
  const files = manifest.lessons.map(lessonText);
  const { code, stderr } = await new Deno.Command("deno", {
    args: ["check", "--quiet", "--doc-only", ...files],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
});
