/**
 * The self-check's rules, each shown failing on a fixture: the fixture
 * exercise `clamp` (runner/testdata/variant_bank/) has known-wrong variants
 * that are wrong as variants on purpose, and `proveVariants`, the function
 * `runner/course_check_test.ts` uses, must refuse each of them for its
 * reason, and accept the good ones.
 *
 * @module
 */

import assert from "node:assert/strict";
import { clampFixture, FIXTURE_DIR } from "./clamp_fixture.ts";
import { judgeRejection, type Proof, proveVariants } from "./prove.ts";

const DIR = FIXTURE_DIR;
const clamp = clampFixture;
const into = ".out/variant_bank";

const { proofs, unreadable } = await proveVariants([clamp], { into, requireCheck: false });
assert.deepEqual(unreadable, new Map(), "the fixture's variants can be read");
const byName = new Map((proofs.get(clamp.id) ?? []).map((p) => [p.variant.name, p]));
const proof = (name: string): Proof => {
  const found = byName.get(name);
  assert.ok(found, `the fixture variant ${name} is read (found: ${[...byName.keys()]})`);
  return found;
};
const problems = (name: string) => proof(name).judgement.problems.join("\n");

Deno.test("proveVariants() reads full copies and patches, and makes the patches' files", async () => {
  assert.equal(proof("clamp_no_lower").variant.kind, "copy");
  const patched = proof("clamp_no_upper");
  assert.equal(patched.variant.kind, "patch");
  assert.equal(patched.variant.file, `${into}/clamp_no_upper.ts`);
  assert.equal(
    patched.variant.mistake,
    "the upper bound is never applied, so a value above " +
      "the range comes back as it is.",
  );
  const text = await Deno.readTextFile(patched.variant.file);
  assert.match(text, /KNOWN-WRONG VARIANT/);
  assert.match(text, /Made from runner\/testdata\/variant_bank\/wrong\/clamp\.variants\.md:\d+/);
  assert.doesNotMatch(text, /if \(x > hi\)/);
  assert.doesNotMatch(text, /@solution-begin/);
});

Deno.test("proveVariants() accepts variants that fail first at their check, saying what they promise", () => {
  for (const name of ["clamp_no_upper", "clamp_no_lower", "clamp_leaks"]) {
    assert.deepEqual(proof(name).judgement, { problems: [], warnings: [] }, name);
  }
});

Deno.test("proveVariants() refuses a variant rejected at another check than its header names", () => {
  assert.equal(proof("clamp_wrong_check").result?.status, "fail");
  assert.match(
    problems("clamp_wrong_check"),
    /rejected at the wrong check: the first to fail is "clamp lowers a value above the range to hi", but its header names "clamp raises a value below the range to lo", which passes/,
  );
});

Deno.test("proveVariants() refuses a variant whose promised phrase is only in the check's name", () => {
  const result = proof("clamp_phrase_in_name").result!;
  assert.match(result.message, /lowers a value above the range/, "the old rule would accept it");
  assert.match(
    problems("clamp_phrase_in_name"),
    /"lowers a value above the range" appears only in the name of the check, not in its failure message/,
  );
  assert.match(problems("clamp_says_other"), /does not say "should be exactly 10"/);
});

Deno.test("proveVariants() refuses a variant that errors instead of failing", () => {
  assert.equal(proof("clamp_throws").result?.status, "error");
  assert.match(problems("clamp_throws"), /its grade is error, not fail/);
  assert.match(problems("clamp_throws"), /boom at import/);
});

Deno.test("proveVariants() refuses a variant that times out instead of failing", async () => {
  // Why a folder of its own: this one loops forever, so it gets a short
  // timeout; the others keep the generous default of a loaded machine.
  const slow = { ...clamp, wrongDir: `${DIR}/slow` };
  const { proofs } = await proveVariants([slow], { into, timeout: 2 });
  const [loops] = proofs.get(clamp.id)!;
  assert.equal(loops.variant.name, "clamp_loops");
  assert.equal(loops.result?.status, "timeout");
  assert.match(loops.judgement.problems.join("\n"), /its grade is timeout, not fail/);
});

Deno.test("proveVariants() refuses a variant whose earlier check fails first", () => {
  assert.deepEqual(
    proof("clamp_earlier_fails").result?.checks.map((c) => c.status),
    ["fail", "pass", "fail"],
  );
  assert.match(
    problems("clamp_earlier_fails"),
    /an earlier check fails first: "clamp keeps a value inside the range" fails before "clamp lowers a value above the range to hi"/,
  );
});

Deno.test("proveVariants() refuses a Check: line naming no check of the grader, and lists them", () => {
  assert.match(
    problems("clamp_unknown_check"),
    /names "clamp is fast", which the grader does not have. Its checks are:\n {4}clamp keeps a value inside the range\n/,
  );
  assert.match(
    problems("clamp_unknown_check"),
    /\nor "after every check", for a run that fails once every check has passed/,
  );
});

Deno.test("proveVariants() warns about a missing Check: line, or refuses it when asked to", () => {
  const lenient = proof("clamp_no_check").judgement;
  assert.deepEqual(lenient.problems, []);
  assert.deepEqual(lenient.warnings, [
    'its header has no "Check:" line; the first check to fail is "clamp lowers a value above the range to hi"',
  ]);
  const { variant, result } = proof("clamp_no_check");
  const strict = judgeRejection(variant, result!, { requireCheck: true });
  assert.match(strict.problems.join("\n"), /its header has no "Check:" line/);
});

Deno.test("proveVariants() refuses a patch that no longer applies, naming the variant and the hunk", () => {
  assert.equal(proof("clamp_stale").result, undefined, "nothing is graded");
  assert.match(
    problems("clamp_stale"),
    /^variant clamp_stale \(runner\/testdata\/variant_bank\/wrong\/clamp\.variants\.md:\d+\), hunk 1 of 1 does not apply: its lines are found up to "if \(x < lo\) return lo;", but the next one, "else if \(x > hi\) return hi;", is not in runner\/testdata\/variant_bank\/clamp\.ts/,
  );
  assert.match(problems("clamp_stale"), /else if \(x > hi\) return hi;/);
});
