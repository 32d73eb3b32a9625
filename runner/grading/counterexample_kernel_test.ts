/**
 * The kernel track's counterexamples run as printed: grade known-wrong
 * variants, take the program each failure message prints, run it from the
 * repository root in a subprocess, and check that it runs and shows the
 * same difference the grader reported. Then two checks that the printed
 * programs are the generated ones: generated task programs and Future
 * scripts, rendered as TypeScript and run in a subprocess, give the same
 * traces and logs as the interpreter the graders use.
 *
 * @module
 */

import assert from "node:assert/strict";
import { exercisesOf, findExercise } from "../course.ts";
import { manifest } from "../manifest.ts";
import { variantFile } from "../variants/bank.ts";
import { gradeMany } from "./batch.ts";
import { fc } from "./explore.ts";
import {
  type FutureClass,
  futureScriptArbitrary,
  renderFutureScript,
  runFutureScript,
} from "./future_scripts.ts";
import { referenceRun } from "./kernel_runs.ts";
import { runAtRoot } from "./run_at_root.ts";
import { renderProgram } from "./task_program_source.ts";
import { programArbitrary, programMain } from "./task_programs.ts";
import { formatEvent } from "./trace_diff.ts";
import { Future } from "../../kernel/future.ts";

/** The program a failure message prints, as the learner would paste it. */
function snippetOf(message: string): string {
  const start = message.indexOf("The smallest case that shows it:\n\n");
  assert.ok(start >= 0, `no counterexample in the message:\n${message}`);
  const body = message.slice(start + "The smallest case that shows it:\n\n".length);
  const end = body.indexOf("\n\nReplay this grade:");
  assert.ok(end >= 0, `no replay line after the counterexample:\n${message}`);
  return body.slice(0, end).split("\n").map((line) => line.replace(/^ {4}/, "")).join("\n");
}

/** The `expected`/`received` lines of a trace divergence, as both the grader and the printed program write them. */
function divergenceLines(text: string): string[] {
  return text.split("\n").filter((line) => /^\s*(expected|received)\s+\d+\s/.test(line))
    .map((line) => line.trim().replace(/\s+/g, " "));
}

interface Case {
  id: string;
  variant: string;
  /** What the printed program's output must show. */
  shows: (stdout: string, message: string) => void;
}

const sameDivergence = (stdout: string, message: string) => {
  const reported = divergenceLines(message);
  assert.equal(reported.length, 2, `the grader's message has no divergence:\n${message}`);
  const printed = divergenceLines(stdout);
  for (const line of reported) {
    assert.ok(printed.includes(line), `the program does not show "${line}":\n${stdout}`);
  }
};

const sides = (stdout: string, truth: string) => {
  const at = stdout.indexOf("yours:");
  assert.ok(stdout.includes(truth) && at > 0, `both sides are printed:\n${stdout}`);
  return [stdout.slice(0, at).replace(truth, ""), stdout.slice(at + "yours:".length)];
};

const cases: Case[] = [
  {
    id: "06-traps/join",
    variant: await variantFile("join_done_by_result", exercisesOf(manifest)),
    shows: (stdout, message) => {
      sides(stdout, "the kernel:");
      sameDivergence(stdout, message);
    },
  },
  {
    id: "07-select-loop/select_loop",
    variant: await variantFile("select_loop_deadlock_counts_readers", exercisesOf(manifest)),
    shows: (stdout, message) => {
      sides(stdout, "the kernel:");
      sameDivergence(stdout, message);
    },
  },
  {
    id: "07-select-loop/echo_server",
    variant: await variantFile("echo_server_serial", exercisesOf(manifest)),
    shows: (stdout, message) => {
      const client = /^client (\d+) had sent "([^"]*)"/.exec(
        message.split(": ").slice(1).join(": "),
      );
      assert.ok(client, message);
      assert.match(stdout, new RegExp(`client ${client[1]}:[^]*got ""`), stdout);
    },
  },
  {
    id: "09-futures/future",
    variant: await variantFile("future_never_empties_callbacks", exercisesOf(manifest)),
    shows: (stdout) => {
      const [kernel, yours] = sides(stdout, "the kernel's Future:");
      assert.notEqual(kernel.trim(), yours.trim(), "the two logs are the same");
    },
  },
  {
    id: "09-futures/wait_future",
    variant: await variantFile("wait_future_truthy_exception", exercisesOf(manifest)),
    shows: (stdout) => {
      const [kernel, yours] = sides(stdout, "the kernel:");
      assert.notEqual(kernel.trim(), yours.trim(), "the two traces are the same");
    },
  },
];

Deno.test("kernel track: each counterexample runs as printed and shows what the grader reported", async (t) => {
  const exercises = exercisesOf(manifest);
  const results = await gradeMany(
    cases.map((c) => ({ exercise: findExercise(exercises, c.id), file: c.variant })),
  );
  for (const [i, c] of cases.entries()) {
    await t.step(c.variant, async () => {
      const result = results[i];
      assert.equal(result.status, "fail", result.message);
      const run = await runAtRoot(snippetOf(result.message));
      assert.equal(run.code, 0, `the printed program failed:\n${run.stderr}`);
      c.shows(run.stdout, result.message);
    });
  }
});

Deno.test("printed task programs are the generated ones: rendered and interpreted, the kernel's traces agree", async () => {
  const programs = fc.sample(programArbitrary({ join: true, sleep: true }), {
    numRuns: 40,
    seed: 12,
  });
  const blocks = programs.map((program) => {
    const [, ...rest] = renderProgram(program); // the kernel import is shared
    // Why a function each: each program declares main, t1, ...; a block would
    // let the transpiler rename them apart, and fn.name with them.
    return [
      "await (async () => {",
      ...rest.map((line) => `  ${line}`),
      "  traces.push(await traceOf(main));",
      "})();",
    ];
  });
  const source = [
    'import { checkpoint, current, join, type KernelOp, now, sleep, spawn, type Task } from "./kernel/mod.ts";',
    'import { referenceRun } from "./runner/grading/kernel_runs.ts";',
    'import { formatEvent } from "./runner/grading/trace_diff.ts";',
    "const traces: string[][] = [];",
    "async function traceOf(main: () => KernelOp<unknown>): Promise<string[]> {",
    "  const outcome = await referenceRun(main);",
    '  return [...outcome.events.map((e) => formatEvent(e)), `${outcome.threw ? "threw" : "returned"} ${String(outcome.result)}`];',
    "}",
    "void checkpoint, current, join, now, sleep, spawn;",
    "type _Task = Task;",
    ...blocks.flat(),
    "console.log(JSON.stringify(traces));",
  ].join("\n");
  const run = await runAtRoot(source);
  assert.equal(run.code, 0, run.stderr);
  const printed = JSON.parse(run.stdout) as string[][];
  for (const [i, program] of programs.entries()) {
    const outcome = await referenceRun(programMain(program));
    const interpreted = [
      ...outcome.events.map((e) => formatEvent(e)),
      `${outcome.threw ? "threw" : "returned"} ${String(outcome.result)}`,
    ];
    assert.deepEqual(
      printed[i],
      interpreted,
      `program ${i}:\n${renderProgram(program).join("\n")}`,
    );
  }
});

Deno.test("printed Future scripts are the generated ones: rendered and interpreted, the logs agree", async () => {
  const scripts = fc.sample(futureScriptArbitrary(), { numRuns: 40, seed: 21 });
  const source = [
    'import { Future as KernelFuture } from "./kernel/future.ts";',
    "const logs: string[][] = [];",
    ...scripts.flatMap((script) => [
      "await (async () => {",
      ...renderFutureScript(script).map((line) => `  ${line}`),
      "  logs.push(await script(KernelFuture));",
      "})();",
    ]),
    "console.log(JSON.stringify(logs));",
  ].join("\n");
  const run = await runAtRoot(source);
  assert.equal(run.code, 0, run.stderr);
  const printed = JSON.parse(run.stdout) as string[][];
  for (const [i, script] of scripts.entries()) {
    const interpreted = await runFutureScript(Future as unknown as FutureClass, script);
    assert.deepEqual(
      printed[i],
      interpreted,
      `script ${i}:\n${renderFutureScript(script).join("\n")}`,
    );
  }
});
