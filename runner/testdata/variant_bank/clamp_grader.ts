// A fixture grader for runner/variants/prove_test.ts: three checks, in order.
import assert from "node:assert/strict";
import { defineGrader } from "../../grading/grader.ts";

type Clamp = { clamp(x: number, lo: number, hi: number): number };

export default defineGrader<Clamp>({
  "clamp keeps a value inside the range": ({ clamp }) =>
    assert.equal(clamp(5, 0, 10), 5, "clamp(5, 0, 10) should keep 5 as it is"),
  "clamp raises a value below the range to lo": ({ clamp }) =>
    assert.equal(clamp(-3, 0, 10), 0, "clamp(-3, 0, 10) should be raised to 0"),
  "clamp lowers a value above the range to hi": ({ clamp }) =>
    assert.equal(clamp(42, 0, 10), 10, "clamp(42, 0, 10) should be cut down to 10"),
});
