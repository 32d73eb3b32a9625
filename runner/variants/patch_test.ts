/**
 * Patches: made from any two texts they give the second back, they survive
 * unrelated edits to the reference, and when they no longer apply the
 * error names the variant, the hunk and the line that is missing.
 *
 * @module
 */

import assert from "node:assert/strict";
// deno-lint-ignore no-import-prefix -- pinned here and in deno.lock, as in runner/grading/explore.ts
import fc from "npm:fast-check@4.10.2";
import { changesBetween } from "./diff.ts";
import { applyHunks, makeHunks, PatchError, withoutMarkers } from "./patch.ts";

const place = { variant: "x_wrong", file: "x.variants.md:3", reference: "x.ts" };
const text = (lines: string[]) => lines.map((l) => l + "\n").join("");

const REFERENCE = `/** A module. */
export function clamp(x: number, lo: number, hi: number): number {
  // @solution-begin
  if (x < lo) return lo;
  if (x > hi) return hi;
  return x;
  // @solution-end
}

export function twice(x: number): number {
  // @solution-begin
  return x * 2;
  // @solution-end
}
`;

Deno.test("changesBetween() finds the runs that differ", () => {
  assert.deepEqual(changesBetween(["a", "b", "c"], ["a", "B", "c"]), [
    { from: 1, to: 2, lines: ["B"], at: 1 },
  ]);
  assert.deepEqual(changesBetween(["a", "b"], ["a", "b", "c"]), [
    { from: 2, to: 2, lines: ["c"], at: 2 },
  ]);
  assert.deepEqual(changesBetween(["a", "b", "c"], ["c"]), [{ from: 0, to: 2, lines: [], at: 0 }]);
});

Deno.test("makeHunks() then applyHunks() gives the variant back, for any texts", () => {
  // Few distinct lines, so that context repeats and must grow to be found once.
  const lines = fc.array(fc.constantFrom("a", "b", "c", "", "  d", "// @stub x"), {
    maxLength: 30,
  });
  fc.assert(
    fc.property(lines, lines, (reference, variant) => {
      fc.pre(reference.some((l) => l !== "// @stub x")); // a reference is never empty
      const variantText = text(variant.filter((l) => l !== "// @stub x"));
      const hunks = makeHunks(text(reference), variantText);
      const made = applyHunks(text(reference), hunks, place);
      assert.equal(made, hunks.length === 0 ? withoutMarkers(text(reference)) : variantText);
    }),
    { seed: 12, numRuns: 500 },
  );
});

Deno.test("a patch ignores stub markers and survives unrelated edits to its reference", () => {
  const variant = withoutMarkers(REFERENCE).replace("  if (x > hi) return hi;\n", "");
  const hunks = makeHunks(REFERENCE, variant);
  assert.equal(hunks.length, 1);
  assert.deepEqual(hunks[0].lines.filter((l) => l.kind !== " "), [
    { kind: "-", text: "  if (x > hi) return hi;" },
  ]);
  assert.equal(
    hunks[0].label,
    "export function clamp(x: number, lo: number, hi: number): number {",
  );
  // The reference gains an import and a function, and twice() changes: the patch still applies.
  const edited = 'import { x } from "./x.ts";\n' +
    REFERENCE.replace("return x * 2;", "return x + x;") +
    "\nexport const three = 3;\n";
  const made = applyHunks(edited, hunks, place);
  assert.doesNotMatch(made, /x > hi/);
  assert.match(made, /^import[\s\S]*return x \+ x;[\s\S]*three = 3/);
});

Deno.test("applyHunks() names the variant, the hunk and the missing line when a patch is stale", () => {
  const hunks = makeHunks(
    REFERENCE,
    withoutMarkers(REFERENCE).replace("return x * 2;", "return x;"),
  );
  const stale = REFERENCE.replace("return x * 2;", "return 2 * x;");
  assert.throws(
    () => applyHunks(stale, hunks, place),
    (error: unknown) => {
      assert.ok(error instanceof PatchError);
      assert.match(
        error.message,
        /^variant x_wrong \(x\.variants\.md:3\), hunk 1 of 1 \("@@ export function twice\(x: number\): number \{"\) does not apply: its lines are found up to "export function twice\(x: number\): number \{", but the next one, "return x \* 2;", is not in x\.ts/,
      );
      return true;
    },
  );
});

Deno.test("applyHunks() refuses a hunk whose lines occur more than once", () => {
  const hunk = {
    label: "",
    lines: [{ kind: " ", text: "a" }, { kind: "+", text: "new" }] as const,
  };
  assert.throws(
    () => applyHunks("a\nb\na\n", [{ ...hunk, lines: [...hunk.lines] }], place),
    /hunk 1 of 1 does not apply: its context and "-" lines occur 2 times in x\.ts \(lines 1, 3/,
  );
});

Deno.test("makeHunks() never ends a hunk on an empty line (deno fmt would drop it)", () => {
  const reference = "a\nb\nc\n\nd\n";
  const hunks = makeHunks(reference, "a\nB\nc\n\nd\n", { context: 2 });
  assert.equal(hunks[0].lines.at(-1)?.text, "d");
});
