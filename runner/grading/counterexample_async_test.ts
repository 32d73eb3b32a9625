/**
 * The async track's counterexamples are programs: grade known-wrong
 * variants whose mistake only the generated layer catches, take the snippet
 * out of the failure message, run it from the repository root the way the
 * message says (`deno run case.ts`, here fed on stdin so nothing is written
 * into the repository), and check that it runs and prints the difference:
 * the truth's line and the learner's line, each as the message reported it.
 *
 * @module
 */

import assert from "node:assert/strict";
import { exercisesOf } from "../course.ts";
import { manifest } from "../manifest.ts";
import { variantFile } from "../variants/bank.ts";
import { gradeMany } from "./batch.ts";
import { runAtRoot } from "./run_at_root.ts";

/** The shrunk case's program, out of a Counterexample message. */
function snippetOf(message: string): string {
  const start = message.indexOf("the smallest found:\n\n");
  assert.ok(start >= 0, `no counterexample in the message:\n${message}`);
  const lines: string[] = [];
  for (const line of message.slice(start).split("\n").slice(2)) {
    if (line !== "" && !line.startsWith("    ")) break;
    lines.push(line.slice(4));
  }
  return lines.join("\n").trim() + "\n";
}

/** What the message says a side did: the text after its label, unquoted. */
function reported(message: string, label: string): string {
  const line = message.split("\n").find((l) => l.startsWith(`  ${label}`));
  assert.ok(line, `no "${label}" line in the message:\n${message}`);
  const text = line.slice(label.length + 2).trim();
  // Deno.inspect quotes a string with ", or with ' or ` when it holds a ",
  // escaping backslashes the way JSON does.
  const quote = text[0];
  if (quote === '"') return JSON.parse(text);
  if (quote !== "'" && quote !== "`") return text;
  const inner = text.slice(1, -1).replaceAll(`\\${quote}`, quote).replaceAll('"', '\\"');
  return JSON.parse(`"${inner}"`);
}

/** The permission flags the message tells the learner to run the case with. */
function permissionsOf(message: string): string[] {
  const run = /`deno run (.*?)case\.ts`/.exec(message);
  assert.ok(run, `the message says no way to run the case:\n${message}`);
  return run[1].split(" ").filter(Boolean);
}

/** Run `program` from the repository root, as a learner would run case.ts; what it printed. */
async function runFromRoot(program: string, permissions: string[]): Promise<string> {
  const { code, stdout, stderr } = await runAtRoot(program, permissions);
  assert.equal(code, 0, `the snippet did not run:\n${program}\n${stderr}`);
  return stdout;
}

/** Variants, the label each side's line starts with in the snippet's output, and the message's labels. */
const cases = [
  {
    id: "12-async-from-generators/run",
    file: await variantFile("run_handled_rejection_rejects", exercisesOf(manifest)),
    printed: ["native async function:", "yours (run):"],
    reported: ["native async functions:", "yours:"],
  },
  {
    // A parameter whose default value throws, and a run() that throws out of the call.
    id: "12-async-from-generators/run",
    file: await variantFile("run_generator_made_outside", exercisesOf(manifest)),
    printed: ["native async function:", "yours (run):"],
    reported: ["native async functions:", "yours:"],
  },
  {
    // A then getter that calls the same resolve/reject pair while it is read.
    id: "11-promises/my_promise",
    file: await variantFile("my_promise_used_set_after_resolving", exercisesOf(manifest)),
    printed: ["native Promise:", "yours:"],
    reported: undefined,
  },
  {
    id: "11-promises/my_promise",
    file: await variantFile("my_promise_function_thenable_ignored", exercisesOf(manifest)),
    printed: ["native Promise:", "yours:"],
    reported: undefined, // the snippet shows values with Deno.inspect, the grader with labels
  },
  {
    id: "13-async-iteration/lines",
    file: await variantFile("lines_trims_line_ends", exercisesOf(manifest)),
    printed: ["expected:", "yours:"],
    reported: ["the expected reader:", "yours:"],
  },
  {
    id: "14-structured-concurrency/fetch_all",
    file: await variantFile("fetch_all_only_200_is_ok", exercisesOf(manifest)),
    printed: ["expected:", "yours:"],
    reported: ["the rules:", "yours:"],
  },
];

const exercises = exercisesOf(manifest);
const results = await gradeMany(
  cases.map((c) => ({ exercise: exercises.find((e) => e.id === c.id)!, file: c.file })),
);

for (const [i, c] of cases.entries()) {
  Deno.test(`the counterexample for ${c.file.split("/").pop()} runs and shows the difference`, async () => {
    const result = results[i];
    assert.equal(result.status, "fail", `${c.file}: ${result.message}`);
    const program = snippetOf(result.message);
    const output = (await runFromRoot(program, permissionsOf(result.message))).split("\n");
    const side = (label: string) => {
      const line = output.find((l) => l.startsWith(label));
      assert.ok(line, `the snippet printed no "${label}" line:\n${output.join("\n")}`);
      return line.slice(label.length).trim();
    };
    const [truth, yours] = c.printed.map(side);
    assert.notEqual(
      truth,
      yours,
      `the snippet shows no difference:\n${program}\n${output.join("\n")}`,
    );
    if (c.reported) {
      assert.equal(
        truth,
        reported(result.message, c.reported[0]),
        "the truth's line, printed vs reported",
      );
      assert.equal(yours, reported(result.message, c.reported[1]), "yours, printed vs reported");
    }
  });
}
