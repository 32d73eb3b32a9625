/**
 * Hostile fixtures: code that tries to forge its grade or escape the
 * sandbox, each graded by the grading subprocess as a learner's file would
 * be. None may ever grade `pass`, and each message must name what the code
 * did. Fixtures are in `runner/testdata/hostile/`.
 *
 * Most fixtures are the untouched `01-iterators/range` stub
 * (`range_stub.ts`, kept equal to the stub made from the reference) plus an
 * attack; a few are a correct `double` (`runner/testdata/ok.ts`) plus an
 * attack, since what they hide (a leak, an early exit) only matters when
 * every check passes.
 *
 * They are graded here by {@linkcode gradeFile}, the run-time sandbox
 * alone, without the import check in front of it: the attacks compute
 * their imports, which that check refuses on its own (`imports_test.ts`).
 *
 * @module
 */

import assert from "node:assert/strict";
import { type Exercise, exercisesOf, findExercise } from "../course.ts";
import { manifest } from "../manifest.ts";
import { readRepoFile, stubOf } from "../progress.ts";
import { gradeFile, type GradeResult, type Status } from "./grade.ts";

const range = findExercise(exercisesOf(manifest), "01-iterators/range");
const double: Exercise = {
  id: "00-fixture/double",
  name: "double",
  title: "double(n)",
  hints: ["multiply"],
  lesson: { dir: "00-fixture", title: "Fixture", summary: "", exercises: [] },
  number: 1,
  file: "runner/testdata/ok.ts",
  grader: "runner/testdata/double_grader.ts",
  solution: "runner/testdata/ok.ts",
  wrongDir: "runner/testdata",
};

const inspecting: Exercise = {
  ...double,
  id: "00-fixture/inspect",
  grader: "runner/testdata/inspect_grader.ts",
};

/** What a fixture must come to: a status (any but pass) and words in the message. */
interface Expected {
  exercise?: Exercise;
  status: Exclude<Status, "pass">[];
  message: RegExp;
}

const ANY_FAILURE: Exclude<Status, "pass">[] = ["fail", "error", "timeout"];
const STUB = /not implemented yet/;

const FIXTURES: Record<string, Expected> = {
  forge_from_argv: { status: ["error"], message: /called Deno\.exit\(0\) while being imported/ },
  forge_from_stdin: { status: ["fail"], message: STUB },
  forge_from_heap: { status: ["fail", "error"], message: /not implemented yet|ran out of memory/ },
  patches_console_log: { status: ["error"], message: /changed a built-in \(console\.log\)/ },
  patches_json_stringify: { status: ["error"], message: /changed a built-in \(JSON\.stringify\)/ },
  patches_stdout_write: { status: ["error"], message: /built-in \(Deno\.stdout\.writeSync\)/ },
  replaces_grader_checks: { status: ["error"], message: /read only property/ },
  noop_assert: { status: ["error"], message: /read only property/ },
  poisons_array_iterator: {
    status: ["error"],
    message:
      /^your code changed a built-in \(Array\.prototype\[Symbol\.iterator\]\); a grade from such a run cannot be trusted/,
  },
  poisons_iterator_next: {
    status: ["error"],
    message: /changed a built-in \(%ArrayIteratorPrototype%\.next\)/,
  },
  pollutes_object_prototype: {
    status: ["error"],
    message: /changed a built-in \(a new property toJSON: .*Object\.prototype/,
  },
  replaces_global_promise: {
    status: ["error"],
    message: /changed a built-in \(globalThis\.Promise\)/,
  },
  replaces_deno_inspect: { status: ["error"], message: /changed a built-in \(Deno\.inspect\)/ },
  defines_global_promise: {
    status: ["error"],
    message: /changed a built-in \(globalThis\.Promise\)/,
  },
  prints_nonce_prefix: { status: ["fail"], message: STUB },
  partial_line: {
    status: ["fail"],
    message: /^check "range\(0, 3\) gives 0, 1, 2": not implemented/,
  },
  huge_output: { status: ["fail"], message: STUB },
  closes_stdout: { status: ANY_FAILURE, message: /standard output|not implemented/ },
  imports_remote: { status: ["error"], message: /remote specifier|--no-remote/ },
  imports_npm: { status: ["error"], message: /left-pad/ },
  imports_solution: { status: ["error"], message: /Requires read access/ },
  imports_solution_percent_encoded: { status: ["error"], message: /Requires read access/ },
  reads_solution: { status: ["error"], message: /Requires read access/ },
  reads_git: { status: ["error"], message: /Requires read access/ },
  reads_grading_helper: {
    status: ["error"],
    message: /Requires read access to .*runner\/grading\/truths\/range\.ts/,
  },
  lists_grading: { status: ["error"], message: /Requires read access to .*runner\/grading\// },
  uses_local_storage: { status: ["error"], message: /localStorage is switched off while grading/ },
  uses_cache_api: { status: ["error"], message: /caches is switched off while grading/ },
  grows_heap: { status: ["error"], message: /ran out of memory/ },
  grows_buffers: { status: ["error"], message: /ran out of memory/ },
  evals: { status: ["error"], message: /Cannot eval/ },
  function_constructor: { status: ["error"], message: /not a valid constructor|Cannot eval/ },
  worker_data_url: { status: ["fail"], message: /started a Worker on data:/ },
  worker_blob_url: { status: ["fail"], message: /started a Worker on blob:/ },
  worker_fork_bomb: {
    status: ["fail", "error"],
    message: /more than 32 Workers|ran out of memory/,
  },
  configures_exploration: { status: ["error"], message: /configured this run before your code/ },
  overrides_worker_scope: {
    status: ["error"],
    message: /changed a built-in \(globalThis\.WorkerGlobalScope\)/,
  },
  exits_at_import: { status: ["error"], message: /called Deno\.exit\(0\) while being imported/ },
  exits_in_check: {
    status: ["error"],
    message: /called Deno\.exit\(3\) during check "range\(0, 3\) gives 0, 1, 2"/,
  },
  process_exit_in_check: { status: ["error"], message: /called process\.exit\(0\) during check/ },
  closes_window: { status: ["error"], message: /called close\(\) while being imported/ },
  kills_itself: { status: ["error"], message: /called Deno\.kill\(its own pid, "SIGKILL"\)/ },
  throws_getter: { status: ["fail"], message: /^check "range\(0, 3\) gives 0, 1, 2": / },
  throws_proxy: { status: ["fail"], message: /^check "range\(0, 3\) gives 0, 1, 2": / },
  sets_prepare_stack_trace: { status: ANY_FAILURE, message: /./ },
  exits_after_checks: {
    exercise: double,
    status: ["error"],
    message: /called Deno\.exit\(0\) after the checks/,
  },
  fakes_unload_then_exits: {
    exercise: double,
    status: ["error"],
    message: /called process\.reallyExit\(0\) after the checks/,
  },
  skips_unload_then_exits: {
    exercise: double,
    status: ["error"],
    message: /called Deno\.exit\(0\) after the checks/,
  },
  prevents_unload: { exercise: double, status: ["fail"], message: /left something running/ },
  sets_exit_code: { exercise: double, status: ["error"], message: /exit code 7/ },
  custom_inspect: { exercise: inspecting, status: ["fail"], message: /shows as \{\s+wrong: true/ },
};

const dir = "runner/testdata/hostile";
const results = new Map<string, GradeResult>();
{
  // Two at a time, as gradeMany runs them on this machine.
  const names = Object.keys(FIXTURES);
  let next = 0;
  const lane = async () => {
    while (next < names.length) {
      const name = names[next++];
      const exercise = FIXTURES[name].exercise ?? range;
      results.set(name, await gradeFile(exercise, { file: `${dir}/${name}.ts`, timeout: 10 }));
    }
  };
  await Promise.all([lane(), lane()]);
}

Deno.test("the hostile fixtures' stub is the untouched range stub", async () => {
  assert.equal(await readRepoFile(`${dir}/range_stub.ts`), await stubOf(range));
});

Deno.test("every hostile fixture has an expectation here, and every expectation a fixture", async () => {
  const files = (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name)
    .filter((name) => name.endsWith(".ts") && name !== "range_stub.ts")
    .map((name) => name.replace(/\.ts$/, ""));
  assert.deepEqual(files.sort(), Object.keys(FIXTURES).sort());
});

for (const [name, expected] of Object.entries(FIXTURES)) {
  Deno.test(`hostile fixture ${name}: never pass, and say what it did`, () => {
    const result = results.get(name)!;
    const said = `${result.status}: ${result.message}\n--- output:\n${
      result.output.slice(0, 2000)
    }`;
    assert.notEqual(result.status, "pass", `${name} passed`);
    assert.ok(expected.status.includes(result.status as never), `${name}: ${said}`);
    assert.match(result.message, expected.message, `${name}: ${said}`);
  });
}

Deno.test("hostile fixture huge_output: the output is kept up to its cap, the rest counted", () => {
  const result = results.get("huge_output")!;
  assert.ok(result.output.length < 1_100_000, `kept ${result.output.length} characters`);
  assert.match(result.output, /more characters of output were dropped/);
});

Deno.test("hostile fixture partial_line: the unfinished line stays in the output", () => {
  assert.match(results.get("partial_line")!.output, /no newline at import/);
});
