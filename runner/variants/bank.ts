/**
 * The bank of known-wrong variants: every exercise's, whether kept as a
 * patch (`solutions/<lesson>/wrong/<exercise>.variants.md`) or, until the
 * conversion, as a full copy (`solutions/<lesson>/wrong/<exercise>_*.ts`),
 * and the files they are graded as.
 *
 * A patch is graded as a file made from it, in `solutions/.variants/<lesson>/`
 * (ignored by git and by fmt, lint and check). That folder is inside
 * `solutions/` on purpose: grading lets a file under `solutions/` read the
 * other references (echo_server imports select_loop, asleep imports
 * wait_future), as it lets the reference itself; its relative imports are
 * rewritten for the folder (`relocate.ts`).
 *
 * @module
 */

import { join, posix } from "node:path";
import type { Exercise } from "../course.ts";
import { ROOT } from "../grading/paths.ts";
import { parseBankFile, type VariantHeader, type VariantPatch } from "./bank_file.ts";
import { readCopyHeader } from "./copy_header.ts";
import { applyHunks } from "./patch.ts";
import { relocate } from "./relocate.ts";

/** Where patch variants are made, relative to the repository root. */
export const MADE_DIR = "solutions/.variants";

/** One known-wrong variant, whichever way it is kept. */
export interface KnownWrong extends VariantHeader {
  /** `range_includes_end`. */
  name: string;
  /** The exercise whose grader must reject it. */
  exercise: Exercise;
  /** `copy`: a whole file; `patch`: a section of the exercise's variants file. */
  kind: "copy" | "patch";
  /** Where it is written: the copy, or `<variants file>:<line>`. */
  source: string;
  /** The file to grade: the copy itself, or the file made from the patch. */
  file: string;
  /** The patch, for `patch` variants. */
  patch?: VariantPatch;
}

/** The variants file of an exercise: `solutions/01-iterators/wrong/range.variants.md`. */
export function bankFileOf(exercise: Exercise): string {
  return `${exercise.wrongDir}/${exercise.name}.variants.md`;
}

/**
 * The exercise a full copy's file name belongs to: the longest exercise
 * name it starts with, then `_` (`wait_future_x.ts` is wait_future's, not
 * wait's), or undefined.
 */
export function ownerOf(fileName: string, exercises: { name: string }[]): string | undefined {
  return exercises.map((e) => e.name).filter((name) => fileName.startsWith(`${name}_`))
    .sort((a, b) => b.length - a.length)[0];
}

/** Options for {@linkcode knownWrongOf}. */
export interface KnownWrongOptions {
  /** Folder (from the root) to make patch variants in. @default `solutions/.variants/<lesson>` */
  into?: string;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(join(ROOT, path));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/**
 * Every known-wrong variant of `exercise`, full copies and patches, sorted
 * by name. Throws, naming the file (and line), when a header or a variants
 * file cannot be read, or when a name is used twice.
 *
 * @example
 * ```ts ignore
 * import { knownWrongOf } from "./bank.ts";
 * for (const variant of await knownWrongOf(exercise)) console.log(variant.name, variant.check);
 * ```
 */
export async function knownWrongOf(
  exercise: Exercise,
  options: KnownWrongOptions = {},
): Promise<KnownWrong[]> {
  const found: KnownWrong[] = [];
  let entries: Deno.DirEntry[] = [];
  try {
    entries = await Array.fromAsync(Deno.readDir(join(ROOT, exercise.wrongDir)));
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  for (const entry of entries) {
    if (!entry.isFile || !entry.name.endsWith(".ts")) continue;
    if (ownerOf(entry.name, exercise.lesson.exercises) !== exercise.name) continue;
    const file = `${exercise.wrongDir}/${entry.name}`;
    const header = readCopyHeader((await readText(file))!, file);
    found.push({
      ...header,
      name: entry.name.slice(0, -3),
      exercise,
      kind: "copy",
      source: file,
      file,
    });
  }
  const bank = bankFileOf(exercise);
  const text = await readText(bank);
  if (text !== undefined) {
    const into = options.into ?? `${MADE_DIR}/${exercise.lesson.dir}`;
    for (const patch of parseBankFile(text, bank)) {
      if (!patch.name.startsWith(`${exercise.name}_`)) {
        throw new Error(
          `${bank}:${patch.line}: variant ${patch.name} must be named ${exercise.name}_<mistake>`,
        );
      }
      const copy = found.find((v) => v.name === patch.name);
      if (copy) {
        throw new Error(
          `${bank}:${patch.line}: variant ${patch.name} is also kept as ${copy.source}; keep one`,
        );
      }
      const { name, mistake, check, graderSays } = patch;
      found.push({
        name,
        mistake,
        check,
        graderSays,
        exercise,
        kind: "patch",
        source: `${bank}:${patch.line}`,
        file: `${into}/${name}.ts`,
        patch,
      });
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The text of a patch variant's file: the reference with the patch
 * applied, its imports pointed from `file`'s folder, under a header that
 * says what it is. Throws a `PatchError` naming the variant and the hunk
 * when the patch no longer applies.
 *
 * @example
 * ```ts ignore
 * import { knownWrongOf, variantText } from "./bank.ts";
 * const [variant] = await knownWrongOf(exercise);
 * console.log(variantText(variant, await Deno.readTextFile(exercise.solution)));
 * ```
 */
export function variantText(variant: KnownWrong, reference: string): string {
  if (!variant.patch) throw new Error(`${variant.name} is a full copy, not a patch`);
  const { exercise } = variant;
  const applied = applyHunks(reference, variant.patch.hunks, {
    variant: variant.name,
    file: variant.source,
    reference: exercise.solution,
  });
  const header = [
    "/**",
    " * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.",
    ` * Made from ${variant.source}; edit that, not this file.`,
    " *",
    ` * Mistake: ${variant.mistake}`,
    ...(variant.check === undefined ? [] : [` * Check: ${variant.check}`]),
    ` * Grader says: ${variant.graderSays}`,
    " */",
  ];
  const from = posix.dirname(exercise.solution);
  return header.join("\n") + "\n" + relocate(applied, from, posix.dirname(variant.file));
}

/**
 * Write the file of every patch variant in `variants` (full copies need
 * none). Returns, per variant name, why its file could not be made (a
 * patch that no longer applies); those files are not written.
 *
 * @example
 * ```ts ignore
 * import { knownWrongOf, makeVariantFiles } from "./bank.ts";
 * const problems = await makeVariantFiles(await knownWrongOf(exercise));
 * ```
 */
export async function makeVariantFiles(variants: KnownWrong[]): Promise<Map<string, string>> {
  const problems = new Map<string, string>();
  const references = new Map<string, string>();
  for (const variant of variants) {
    if (variant.kind !== "patch") continue;
    const solution = variant.exercise.solution;
    if (!references.has(solution)) {
      const text = await readText(solution);
      if (text === undefined) {
        problems.set(variant.name, `its reference ${solution} is missing`);
        continue;
      }
      references.set(solution, text);
    }
    let text: string;
    try {
      text = variantText(variant, references.get(solution)!);
    } catch (error) {
      problems.set(variant.name, error instanceof Error ? error.message : String(error));
      continue;
    }
    await Deno.mkdir(join(ROOT, posix.dirname(variant.file)), { recursive: true });
    // Why write only on change: an unchanged file keeps its time stamp, and
    // `deno check` its cache.
    if ((await readText(variant.file)) !== text) {
      await Deno.writeTextFile(join(ROOT, variant.file), text);
    }
  }
  return problems;
}

/**
 * The file to grade for the known-wrong variant `name` of one of
 * `exercises` (the exercise is read from the name: `join_done_by_result` is
 * join's), made first if it is a patch. Throws, naming it, when there is no
 * such variant or its patch no longer applies.
 *
 * @example
 * ```ts ignore
 * import { variantFile } from "./bank.ts";
 * const file = await variantFile("range_includes_end", exercises);
 * // "solutions/.variants/01-iterators/range_includes_end.ts"
 * ```
 */
export async function variantFile(name: string, exercises: Exercise[]): Promise<string> {
  const owners = exercises.filter((e) => ownerOf(`${name}.ts`, [e]) === e.name)
    .sort((a, b) => b.name.length - a.name.length);
  for (const exercise of owners) {
    const variant = (await knownWrongOf(exercise)).find((v) => v.name === name);
    if (variant === undefined) continue;
    const problem = (await makeVariantFiles([variant])).get(name);
    if (problem !== undefined) throw new Error(`Cannot make the variant ${name}: ${problem}`);
    return variant.file;
  }
  throw new Error(`No known-wrong variant is named ${name} (in any exercise's variants file)`);
}
