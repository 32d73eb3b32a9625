/**
 * Turn known-wrong variants kept as full copies into patches: each copy is
 * diffed against its reference and becomes a section of the exercise's
 * `<exercise>.variants.md`; then the copies are deleted.
 *
 * Usage: `deno task variants:convert [--dry-run] [--keep-comments] [exercise id...]`
 *
 * Before it diffs, it takes from the copy what only a copy needs: the
 * header (which becomes the section's header), the stub markers
 * (`// @solution-begin` and friends, dropped on both sides), and the extra
 * `../` its relative imports had in `wrong/`. Each patch is checked before
 * anything is written: applied to the reference, it must give the copy
 * back, line for line. Nothing is deleted unless every conversion checks.
 *
 * Copies drift: the reference's comments are edited and the copies' are
 * not. A comment cannot be a variant's mistake, so where the copy differs
 * from the reference only in lines that hold nothing but comments, the
 * reference's lines are kept (unless `--keep-comments`): the patch then
 * shows the mistake and nothing else (see `keepReferenceComments`).
 *
 * @module
 */

import { join, posix } from "node:path";
import { type Exercise, exercisesOf, findExercise } from "../course.ts";
import { ROOT } from "../grading/paths.ts";
import { manifest } from "../manifest.ts";
import { bankFileOf, knownWrongOf } from "./bank.ts";
import { formatBankFile, parseBankFile, type VariantPatch } from "./bank_file.ts";
import { commentOnlyLines } from "./comment_lines.ts";
import { stripCopyHeader } from "./copy_header.ts";
import { changesBetween } from "./diff.ts";
import { applyHunks, linesOf, makeHunks, withoutMarkers } from "./patch.ts";
import { relocate } from "./relocate.ts";

/** What converting one exercise's copies gives, before anything is written. */
export interface Conversion {
  /** The exercise. */
  exercise: Exercise;
  /** The variants file to write, relative to the root. */
  bankFile: string;
  /** Its new text: the patches it had, then the converted copies. */
  text: string;
  /** The copies converted (to delete), relative to the root. */
  copies: string[];
  /** Lines of the copies, and lines the variants file gains. */
  lines: { copies: number; patches: number };
  /** Places where a copy's drifted comments were given the reference's back. */
  commentsKept: number;
}

/**
 * `variant` with the reference's lines back wherever the two differ only
 * in comment lines: a run of changed lines gives back the reference's
 * comment lines at its start and its end (the module doc above a changed
 * declaration, say) when the reference has comment lines there. A comment
 * the copy adds where the reference has none stays. Returns the text and
 * how many places were given back.
 */
export function keepReferenceComments(
  reference: string,
  variant: string,
): { text: string; kept: number } {
  const a = linesOf(reference);
  const b = linesOf(variant);
  const inA = commentOnlyLines(reference);
  const inB = commentOnlyLines(variant);
  const out: string[] = [];
  let kept = 0;
  let i = 0;
  for (const change of changesBetween(a, b)) {
    out.push(...a.slice(i, change.from));
    let [r0, r1] = [change.from, change.to]; // the reference's lines, [r0, r1)
    let [b0, b1] = [change.at, change.at + change.lines.length]; // the copy's, [b0, b1)
    const head: string[] = [];
    const tail: string[] = [];
    if (r0 < r1 && inA.has(r0)) {
      while (r0 < r1 && inA.has(r0)) head.push(a[r0++]);
      while (b0 < b1 && inB.has(b0)) b0++;
      kept++;
    }
    if (r0 < r1 && inA.has(r1 - 1)) {
      while (r0 < r1 && inA.has(r1 - 1)) tail.unshift(a[--r1]);
      while (b0 < b1 && inB.has(b1 - 1)) b1--;
      kept++;
    }
    out.push(...head, ...b.slice(b0, b1), ...tail);
    i = change.to;
  }
  out.push(...a.slice(i));
  return { text: out.join("\n") + "\n", kept };
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(join(ROOT, path)).isFile;
  } catch {
    return false;
  }
}

/**
 * A copy's text as a variant of its reference: no header, no stub markers,
 * and its relative imports as the reference writes them (only those that
 * point at a file from `wrong/`; a specifier in a comment that points at
 * nothing is left as it is).
 */
export function copyAsVariant(copy: string, copyFile: string, reference: string): string {
  const body = withoutMarkers(stripCopyHeader(copy));
  const moved = relocate(
    body,
    posix.dirname(copyFile),
    posix.dirname(reference),
    (target) => !isFile(target),
  );
  return linesOf(moved).join("\n") + "\n";
}

/**
 * Convert `exercise`'s full copies, in memory. Throws, naming the copy,
 * when a patch would not give the copy back, or a copy is its reference.
 *
 * @example
 * ```ts ignore
 * import { convertExercise } from "./convert.ts";
 * const conversion = await convertExercise(exercise, { keepComments });
 * if (conversion) console.log(conversion.text);
 * ```
 */
export async function convertExercise(
  exercise: Exercise,
  options: { keepComments?: boolean } = {},
): Promise<Conversion | undefined> {
  const variants = await knownWrongOf(exercise);
  const copies = variants.filter((v) => v.kind === "copy");
  if (copies.length === 0) return undefined;
  const reference = await Deno.readTextFile(join(ROOT, exercise.solution));
  const bankFile = bankFileOf(exercise);
  let kept: VariantPatch[] = [];
  try {
    kept = parseBankFile(await Deno.readTextFile(join(ROOT, bankFile)), bankFile);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  let copyLines = 0;
  let commentsKept = 0;
  const converted: Omit<VariantPatch, "line">[] = [];
  for (const copy of copies) {
    const text = await Deno.readTextFile(join(ROOT, copy.file));
    copyLines += linesOf(text).length;
    let wanted = copyAsVariant(text, copy.file, exercise.solution);
    if (!options.keepComments) {
      const kept = keepReferenceComments(withoutMarkers(reference), wanted);
      wanted = kept.text;
      commentsKept += kept.kept;
    }
    const hunks = makeHunks(reference, wanted);
    if (hunks.length === 0) {
      throw new Error(`${copy.file} is its reference ${exercise.solution}, with no mistake in it`);
    }
    const place = { variant: copy.name, file: copy.file, reference: exercise.solution };
    if (applyHunks(reference, hunks, place) !== wanted) {
      throw new Error(`${copy.file}: its patch does not give it back; it is left as it is`);
    }
    const { name, mistake, check, graderSays } = copy;
    converted.push({ name, mistake, check, graderSays, hunks });
  }
  const text = formatBankFile({
    exercise: exercise.id,
    reference: exercise.solution,
    variants: [...kept, ...converted],
  });
  // The text must read back as written, or nothing is converted.
  const back = parseBankFile(text, bankFile).map(({ line: _, ...v }) => v);
  const expected = [...kept.map(({ line: _, ...v }) => v), ...converted];
  if (JSON.stringify(back) !== JSON.stringify(expected)) {
    throw new Error(`${bankFile}: the written file does not read back as its variants`);
  }
  const before = kept.length > 0
    ? linesOf(await Deno.readTextFile(join(ROOT, bankFile))).length
    : 0;
  return {
    exercise,
    bankFile,
    text,
    copies: copies.map((c) => c.file),
    lines: { copies: copyLines, patches: linesOf(text).length - before },
    commentsKept,
  };
}

if (import.meta.main) {
  const dryRun = Deno.args.includes("--dry-run");
  const keepComments = Deno.args.includes("--keep-comments");
  const args = Deno.args.filter((a) => a !== "--dry-run" && a !== "--keep-comments");
  const all = exercisesOf(manifest);
  let chosen: Exercise[];
  try {
    chosen = args.length > 0 ? args.map((id) => findExercise(all, id)) : all;
  } catch (error) {
    console.error((error as Error).message);
    Deno.exit(2);
  }
  const conversions: Conversion[] = [];
  const failures: string[] = [];
  for (const exercise of chosen) {
    try {
      const conversion = await convertExercise(exercise, { keepComments });
      if (conversion) conversions.push(conversion);
    } catch (error) {
      failures.push(`${exercise.id}: ${(error as Error).message}`);
    }
  }
  if (failures.length > 0) {
    console.error(
      `Converted nothing: ${failures.length} exercise(s) could not be converted:\n` +
        failures.map((f) => `  ${f}`).join("\n") +
        "\nFix those copies (or their headers) and run this again.",
    );
    Deno.exit(1);
  }
  let copies = 0;
  let copyLines = 0;
  let patchLines = 0;
  for (const c of conversions) {
    copies += c.copies.length;
    copyLines += c.lines.copies;
    patchLines += c.lines.patches;
    console.log(
      `${c.bankFile}: ${c.copies.length} variant(s), ${c.lines.copies} lines of copies ` +
        `-> ${c.lines.patches} lines of patches` +
        (c.commentsKept > 0 ? ` (the reference's comments kept in ${c.commentsKept} places)` : ""),
    );
    if (dryRun) continue;
    await Deno.writeTextFile(join(ROOT, c.bankFile), c.text);
    for (const copy of c.copies) await Deno.remove(join(ROOT, copy));
  }
  console.log(
    conversions.length === 0
      ? "No full copies left to convert."
      : `${
        dryRun ? "Would convert" : "Converted"
      } ${copies} full copies in ${conversions.length} ` +
        `exercise(s): ${copyLines} lines -> ${patchLines}.` +
        (dryRun ? " Run without --dry-run to write the patches and delete the copies." : ""),
  );
}
