/**
 * Converting full copies into patches: headers are read and taken out,
 * imports moved back to the reference's folder, drifted comments given the
 * reference's text, and every full copy in the repository converts (so the
 * lead's one command cannot stop halfway on one of them).
 *
 * @module
 */

import assert from "node:assert/strict";
import { exercisesOf } from "../course.ts";
import { manifest } from "../manifest.ts";
import { knownWrongOf, variantText } from "./bank.ts";
import { clampFixture, FIXTURE_DIR } from "./clamp_fixture.ts";
import { parseBankFile } from "./bank_file.ts";
import { readCopyHeader, stripCopyHeader } from "./copy_header.ts";
import { convertExercise, keepReferenceComments } from "./convert.ts";
import { relocate } from "./relocate.ts";

const COPY = `/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: the lower bound is never applied,
 *   so a value below the range comes back as it is.
 * Check: clamp raises a value below the range to lo
 * Grader says: should be raised to 0
 *
 * The reference of the fixture exercise.
 */
export const x = 1;
`;

Deno.test("readCopyHeader() reads the three fields; a Mistake may go on over lines", () => {
  assert.deepEqual(readCopyHeader(COPY, "c.ts"), {
    mistake: "the lower bound is never applied, so a value below the range comes back as it is.",
    check: "clamp raises a value below the range to lo",
    graderSays: "should be raised to 0",
  });
  const old = COPY.replace(/ \* Check: .*\n/, "");
  assert.equal(readCopyHeader(old, "c.ts").check, undefined);
  assert.throws(() => readCopyHeader("export {};\n", "c.ts"), /c\.ts needs a "Mistake:" line/);
});

Deno.test("stripCopyHeader() leaves the reference's own module doc", () => {
  assert.equal(
    stripCopyHeader(COPY),
    "/**\n * The reference of the fixture exercise.\n */\nexport const x = 1;\n",
  );
  const own = "/**\n * KNOWN-WRONG VARIANT.\n *\n * Mistake: m\n * Grader says: g\n */\n" +
    "/** The module. */\nexport const x = 1;\n";
  assert.equal(stripCopyHeader(own), "/** The module. */\nexport const x = 1;\n");
});

Deno.test("relocate() points relative imports at the same files from another folder", () => {
  const text = [
    'import { Kernel } from "./select_loop.ts";',
    'import type { Op } from "../09-futures/wait_future.ts";',
    'export * from "../../kernel/mod.ts";',
    'const m = await import("./pool.ts");',
    'export const JOBS = new URL("../../lessons/10-workers/jobs.ts", import.meta.url);',
    'const other = new URL("./x.ts", "https://example.com/");',
    'import "npm:fast-check@4.10.2";',
  ].join("\n");
  assert.equal(
    relocate(text, "solutions/10-workers", "solutions/.variants/10-workers"),
    [
      'import { Kernel } from "../../10-workers/select_loop.ts";',
      'import type { Op } from "../../09-futures/wait_future.ts";',
      'export * from "../../../kernel/mod.ts";',
      'const m = await import("../../10-workers/pool.ts");',
      'export const JOBS = new URL("../../../lessons/10-workers/jobs.ts", import.meta.url);',
      'const other = new URL("./x.ts", "https://example.com/");',
      'import "npm:fast-check@4.10.2";',
    ].join("\n"),
  );
  const keepAll = relocate(text, "a/b", "a/b/c", () => true);
  assert.equal(keepAll, text);
});

Deno.test("keepReferenceComments() undoes comment drift, keeps code changes and new comments", () => {
  const reference = "/**\n * Doc, updated.\n */\nconst a = 1; // why\nconst b = 2;\n";
  const copy =
    "/**\n * Doc, old.\n */\nconst a = 2; // why\n// the mistake is here\nconst b = 2;\n";
  assert.deepEqual(keepReferenceComments(reference, copy), {
    text: "/**\n * Doc, updated.\n */\nconst a = 2; // why\n// the mistake is here\nconst b = 2;\n",
    kept: 1,
  });
});

const DIR = FIXTURE_DIR;
const clamp = clampFixture;

Deno.test("convertExercise() adds a copy to the exercise's patches, and makes the same code", async () => {
  const conversion = (await convertExercise(clamp))!;
  assert.deepEqual(conversion.copies, [`${DIR}/wrong/clamp_no_lower.ts`]);
  const patches = parseBankFile(conversion.text, conversion.bankFile);
  const before = parseBankFile(await Deno.readTextFile(conversion.bankFile), conversion.bankFile);
  assert.deepEqual(patches.map((p) => p.name), [...before.map((p) => p.name), "clamp_no_lower"]);
  const patch = patches.at(-1)!;
  assert.equal(patch.check, "clamp raises a value below the range to lo");
  assert.deepEqual(patch.hunks.map((h) => h.lines.filter((l) => l.kind !== " ")), [[
    { kind: "-", text: "export function clamp(x: number, lo: number, hi: number): number {" },
    { kind: "-", text: "  if (x < lo) return lo;" },
    { kind: "+", text: "export function clamp(x: number, _lo: number, hi: number): number {" },
  ]]);
  const made = variantText(
    { ...patch, exercise: clamp, kind: "patch", source: "x", file: `${DIR}/wrong/x.ts`, patch },
    await Deno.readTextFile(clamp.solution),
  );
  const copy = await Deno.readTextFile(`${DIR}/wrong/clamp_no_lower.ts`);
  const code = (text: string) => text.slice(text.indexOf("export function"));
  assert.equal(code(made), code(copy));
});

Deno.test("every full copy in the repository converts into a patch that gives it back", async () => {
  let copies = 0;
  for (const exercise of exercisesOf(manifest)) {
    const conversion = await convertExercise(exercise);
    copies += conversion?.copies.length ?? 0;
  }
  const all = await Promise.all(exercisesOf(manifest).map((e) => knownWrongOf(e)));
  assert.equal(copies, all.flat().filter((v) => v.kind === "copy").length);
});
