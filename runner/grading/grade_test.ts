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
  "syntax_error",
  "type_error",
  "throws_at_import",
  "never_settles",
  "leaks_timer",
].map((name) => `runner/testdata/${name}.ts`);

// One batch, as `deno task grade` runs them: one type-check, then a process each.
const results = new Map(
  (await gradeMany(files.map((file) => ({ exercise: fixture, file })), { timeout: 3 }))
    .map((r) => [r.file.replace("runner/testdata/", "").replace(".ts", ""), r]),
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
