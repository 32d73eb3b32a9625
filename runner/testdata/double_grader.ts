// A fixture grader for runner/grading/grade_test.ts: one exercise, `double(n)`.
import assert from "node:assert/strict";
import { defineGrader } from "../grading/grader.ts";

type Double = { double(n: number): number | Promise<number> };

export default defineGrader<Double>({
  "double(2) is 4": async ({ double }) => assert.equal(await double(2), 4, "double(2)"),
  "double(-1) is -2": async ({ double }) => assert.equal(await double(-1), -2, "double(-1)"),
});
