/**
 * Containment: whatever a learner's file does, grading reports it and the
 * runner carries on. Fixtures are in `runner/testdata/`.
 *
 * @module
 */

import assert from "node:assert/strict";
import type { Exercise } from "../course.ts";
import { gradeMany } from "./batch.ts";

const fixture: Exercise = {
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

const files = [
  "ok",
  "wrong",
  "loops_at_import",
  "loops_in_check",
  "fails_then_loops",
  "syntax_error",
  "type_error",
  "throws_at_import",
  "never_settles",
].map((name) => `runner/testdata/${name}.ts`);

// One batch, as `deno task grade` runs them: one type-check, then a process
// each. The endless loops get 3 s. Why the leak on its own, with 30 s: it must
// be stopped by the 2 s of grace after its last check, and on a loaded
// machine start-up plus checks can take more than the 1 s that 3 s would leave.
const graded = await Promise.all([
  gradeMany(files.map((file) => ({ exercise: fixture, file })), { timeout: 3 }),
  gradeMany([{ exercise: fixture, file: "runner/testdata/leaks_timer.ts" }], { timeout: 30 }),
]);
const results = new Map(
  graded.flat().map((r) => [r.file.replace("runner/testdata/", "").replace(".ts", ""), r]),
);

Deno.test("gradeMany() passes a correct file with every check counted", () => {
  const ok = results.get("ok")!;
  assert.equal(ok.status, "pass", ok.message);
  assert.deepEqual(ok.checks.map((c) => c.status), ["pass", "pass"]);
});

Deno.test("gradeMany() fails a wrong file with expected and received values", () => {
  const wrong = results.get("wrong")!;
  assert.equal(wrong.status, "fail");
  assert.match(wrong.message, /double\(2\)\n\s+expected: 4\n\s+received: 4|double\(-1\)/);
  assert.match(wrong.message, /expected: -2\n\s+received: 1/);
  assert.deepEqual(wrong.checks.map((c) => c.status), ["pass", "fail"], "partial progress");
});

Deno.test("gradeMany() times out an endless loop at import and names no check", () => {
  const r = results.get("loops_at_import")!;
  assert.equal(r.status, "timeout");
  assert.match(r.message, /still running after 3 s while being imported/);
});

Deno.test("gradeMany() times out an endless loop inside a check and names the check", () => {
  const r = results.get("loops_in_check")!;
  assert.equal(r.status, "timeout");
  assert.match(r.message, /during check "double\(-1\) is -2"/);
  assert.deepEqual(r.checks.map((c) => c.status), ["pass", "skipped"]);
});

Deno.test("gradeMany() reports a syntax error as error, naming file and line", () => {
  const r = results.get("syntax_error")!;
  assert.equal(r.status, "error");
  assert.match(r.message, /^runner\/testdata\/syntax_error\.ts:2:\d+: /);
});

Deno.test("gradeMany() reports a type error as error, naming file, line and TS code", () => {
  const r = results.get("type_error")!;
  assert.equal(r.status, "error");
  assert.match(r.message, /^runner\/testdata\/type_error\.ts:1:\d+: .*\(TS2322\)/);
});

Deno.test("gradeMany() reports a throw at import as error with its message", () => {
  const r = results.get("throws_at_import")!;
  assert.equal(r.status, "error");
  assert.match(r.message, /threw while being imported: .*config file missing/);
});

Deno.test("gradeMany() keeps a check's failure when a later check then runs out of time", () => {
  const r = results.get("fails_then_loops")!;
  assert.equal(r.status, "fail", r.message);
  assert.match(r.message, /^check "double\(2\) is 4": /);
  assert.match(
    r.message,
    /Then the run was still running after 3 s during check "double\(-1\) is -2"/,
  );
  assert.deepEqual(r.checks.map((c) => c.status), ["fail", "skipped"]);
});

Deno.test("gradeMany() names the check stuck on a promise that never settles", () => {
  const r = results.get("never_settles")!;
  assert.equal(r.status, "fail");
  assert.match(r.message, /check "double\(-1\) is -2" never finished: .*never settles/);
});

Deno.test("gradeMany() fails code that leaves a timer running after the checks", () => {
  const r = results.get("leaks_timer")!;
  assert.equal(r.status, "fail");
  assert.match(r.message, /left something running/);
});
