/**
 * A generated check's failure is a program: for known-wrong variants of the
 * generators track (lessons 01–05), grade the variant, take the snippet the
 * message prints, run it as printed from the repository root, and check
 * that it runs and shows the difference the message reports. Then replay
 * the grade with the printed seed and get the same message.
 *
 * @module
 */

import assert from "node:assert/strict";
import { exercisesOf } from "../course.ts";
import { manifest } from "../manifest.ts";
import { variantFile } from "../variants/bank.ts";
import { gradeFile } from "./grade.ts";
import { runAtRoot } from "./run_at_root.ts";

/** The runnable snippet in a failure message, as printed (indented by four spaces). */
function snippetOf(message: string): string {
  const lines = message.split("\n");
  const start = lines.findIndex((line) =>
    line.endsWith("the smallest found:") || line === "The smallest case that shows it:"
  );
  assert.ok(start >= 0, `no snippet in:\n${message}`);
  const body: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("    ")) break;
    body.push(line.slice(4));
  }
  assert.ok(body.length > 0, `an empty snippet in:\n${message}`);
  return body.join("\n");
}

/** The text printed after `label` up to the next line that starts a new label (or the end). */
function printedAfter(stdout: string, label: string, labels: string[]): string {
  const start = stdout.indexOf(label);
  assert.ok(start >= 0, `"${label}" is not in what the snippet printed:\n${stdout}`);
  const rest = stdout.slice(start + label.length);
  const ends = labels.map((other) => rest.indexOf(other)).filter((i) => i >= 0);
  return rest.slice(0, ends.length > 0 ? Math.min(...ends) : undefined);
}

interface Case {
  /** The exercise. */
  id: string;
  /** The known-wrong variant. */
  variant: string;
  /** The check that must fail. */
  check: string;
  /** How the snippet labels the truth's side and the learner's. */
  labels: [truth: string, yours: string];
  /** Text the learner's side must print, and the truth's must not. */
  shows: string;
}

const cases: Case[] = [
  {
    id: "01-iterators/range",
    variant: await variantFile("range_down_includes_end", exercisesOf(manifest)),
    check: "range agrees with a native generator on generated bounds, steps and scripts",
    labels: ["a native generator:", "yours:"],
    shows: "it0 next → yield 0",
  },
  {
    id: "03-coroutines/averager",
    variant: await variantFile("averager_reset_by_name", exercisesOf(manifest)),
    check:
      "answers agree with the rules on generated scripts of numbers, resets, other errors and returns",
    labels: ["the rules:", "yours:"],
    shows: "TypeError",
  },
  {
    id: "04-delegation/delegate",
    variant: await variantFile("delegate_stays_open_after_error", exercisesOf(manifest)),
    check:
      "every result, error and call on the inner one agrees with native yield* on generated inners and scripts",
    labels: ["native yield*:", "yours:"],
    shows: '"next(undefined)", "next(1)"',
  },
  {
    // A trace check: its failure is a trace diff (a Mistake), with the smallest case after it.
    id: "05-tasks/round_robin",
    variant: await variantFile("round_robin_null_value_dropped", exercisesOf(manifest)),
    check:
      "generated tasks (errors, falsy results, anonymous, with arguments, spawning more) run as on the kernel",
    labels: ["the kernel:", "yours:"],
    shows: '"exit 1"',
  },
];

for (const { id, variant, check, labels, shows } of cases) {
  Deno.test(`${variant.split("/").pop()}: the printed case runs, shows the difference, and the seed replays it`, async () => {
    const exercise = exercisesOf(manifest).find((e) => e.id === id)!;
    const result = await gradeFile(exercise, { file: variant });
    assert.equal(result.status, "fail", result.message);
    const first = result.checks.find((c) => c.status !== "pass");
    assert.equal(first?.name, check, "the first check to fail");
    const prefix = `check "${check}": `;
    assert.ok(result.message.startsWith(prefix), result.message);

    const snippet = snippetOf(result.message);
    assert.ok(
      snippet.includes(`from "./${variant}"`),
      `the snippet imports the graded file:\n${snippet}`,
    );
    const run = await runAtRoot(snippet);
    assert.equal(run.code, 0, `the snippet failed to run:\n${snippet}\n${run.stderr}`);
    const truth = printedAfter(run.stdout, labels[0], [labels[1]]);
    const yours = printedAfter(run.stdout, labels[1], [labels[0]]);
    assert.notEqual(yours.trim(), truth.trim(), `both sides printed the same:\n${run.stdout}`);
    assert.ok(yours.includes(shows), `yours should show ${shows}:\n${run.stdout}`);
    assert.ok(!truth.includes(shows), `the truth should not show ${shows}:\n${run.stdout}`);

    const seed = /Replay this grade: deno task grade \S+ --seed (-?\d+)/.exec(result.message)?.[1];
    assert.ok(seed, `no seed in:\n${result.message}`);
    const replay = await gradeFile(exercise, { file: variant, seed: Number(seed) });
    assert.equal(replay.message, result.message, "the same grade, replayed with its seed");
  });
}
