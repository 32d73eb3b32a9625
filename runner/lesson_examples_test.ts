/**
 * Every lesson's examples run, and print what the lesson says they print.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { lessonText } from "./course.ts";
import { ROOT } from "./grading/paths.ts";
import { examplesIn, runExample } from "./lesson_examples.ts";
import { manifest } from "./manifest.ts";

for (const lesson of manifest.lessons) {
  Deno.test(`lesson ${lesson.dir}: every example runs and prints its output`, async (t) => {
    const file = lessonText(lesson);
    const examples = examplesIn(await Deno.readTextFile(join(ROOT, file)), file);
    assert.ok(examples.length > 0, `${file} has no runnable ts example`);
    for (const example of examples) {
      await t.step(`${file}:${example.line}`, async () => {
        const run = await runExample(example);
        const fails = example.flags.includes("fails");
        assert.equal(
          run.code !== 0,
          fails,
          `${file}:${example.line} exit code ${run.code}\n${run.output}`,
        );
        if (example.expected !== undefined) {
          assert.equal(run.output, example.expected.trimEnd(), `output of ${file}:${example.line}`);
        }
      });
    }
  });
}

Deno.test("examplesIn() pairs a ts block with the text output block after it", () => {
  const md = "x\n```ts\nconsole.log(1)\n```\n\n```text output\n1\n```\n```ts ignore\nnope\n```\n";
  assert.deepEqual(examplesIn(md, "a.md"), [
    { file: "a.md", line: 2, code: "console.log(1)", flags: [], expected: "1" },
  ]);
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
