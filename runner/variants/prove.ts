/**
 * Proving that a grader is strong against a known-wrong variant, not just
 * that it rejects it: the variant's grade must be `fail` (an error or a
 * timeout proves nothing about the grader), the first check to fail must be
 * the one its header names, every check before it must pass, and the text
 * its header promises must be in that check's failure message itself, not
 * merely in the check's name.
 *
 * @module
 */

import type { Exercise } from "../course.ts";
import { gradeMany, type Job } from "../grading/batch.ts";
import type { GradeResult } from "../grading/grade.ts";
import { type KnownWrong, knownWrongOf, type KnownWrongOptions, makeVariantFiles } from "./bank.ts";

/** What the self-check asks of a variant that passes through {@linkcode judgeRejection}. */
export interface JudgeOptions {
  /**
   * A variant without a `Check:` line fails (true), or is a warning and is
   * judged by the text of its message alone (false, while old variants
   * are being given their `Check:` lines). @default true
   */
  requireCheck?: boolean;
}

/** The verdict on one variant: empty `problems` means the grader is proven strong against it. */
export interface Judgement {
  /** Why the grade does not prove what the header promises; each says what to do. */
  problems: string[];
  /** What is wrong but tolerated for now (`requireCheck: false`). */
  warnings: string[];
}

/**
 * The name a `Check:` line gives to the failure that comes after every
 * check has passed: the run then left a timer, a Worker or a socket alive.
 */
export const AFTER_EVERY_CHECK = "after every check";

/**
 * The check a failed grade failed at first, and the text of that failure
 * without the check's name; {@linkcode AFTER_EVERY_CHECK} when every check
 * passed and the run failed afterwards.
 *
 * @example
 * ```ts
 * import { failureOf } from "./prove.ts";
 * failureOf({
 *   id: "x", file: "x.ts", status: "fail", output: "", message: 'check "a": wrong',
 *   checks: [{ name: "a", status: "fail" }],
 * }); // { check: "a", text: "wrong" }
 * ```
 */
export function failureOf(result: GradeResult): { check: string; text: string } | undefined {
  const first = result.checks.find((c) => c.status === "fail");
  if (first) {
    const prefix = `check "${first.name}": `;
    if (!result.message.startsWith(prefix)) return undefined;
    return { check: first.name, text: result.message.slice(prefix.length) };
  }
  for (const check of result.checks) {
    // A check that awaited forever never reports; the grade names it instead.
    const prefix = `check "${check.name}" never finished: `;
    if (result.message.startsWith(prefix)) {
      return { check: check.name, text: result.message.slice(prefix.length) };
    }
    // Something grading forbids, caught while a check ran.
    const suffix = ` (during check "${check.name}")`;
    if (result.message.endsWith(suffix)) {
      return { check: check.name, text: result.message.slice(0, -suffix.length) };
    }
  }
  if (result.checks.length > 0 && result.checks.every((c) => c.status === "pass")) {
    return { check: AFTER_EVERY_CHECK, text: result.message };
  }
  return undefined;
}

const indent = (text: string) => text.split("\n").map((line) => `    ${line}`).join("\n");

/**
 * Judge a variant's grade against its header.
 *
 * @example
 * ```ts
 * import { judgeRejection } from "./prove.ts";
 * const result = {
 *   id: "00-fixture/double", file: "x.ts", status: "fail" as const, output: "",
 *   message: 'check "doubles": expected 4, received 6',
 *   checks: [{ name: "doubles", status: "fail" as const }],
 * };
 * judgeRejection({ check: "doubles", graderSays: "received 6" }, result).problems; // []
 * judgeRejection({ check: "doubles", graderSays: "doubles" }, result).problems.length; // 1
 * ```
 */
export function judgeRejection(
  variant: { check?: string; graderSays: string },
  result: GradeResult,
  options: JudgeOptions = {},
): Judgement {
  const problems: string[] = [];
  const warnings: string[] = [];
  const requireCheck = options.requireCheck ?? true;
  const said = `"${variant.graderSays}"`;
  const judgement = () => ({ problems, warnings });

  if (result.status === "pass") {
    problems.push("the grader accepts it: every check passes");
    return judgement();
  }
  if (result.status !== "fail") {
    problems.push(
      `its grade is ${result.status}, not fail: a variant must load and run to a failing check, ` +
        `or its rejection proves nothing about the grader. The grade says:\n${
          indent(result.message)
        }`,
    );
    return judgement();
  }
  const failure = failureOf(result);
  if (!failure) {
    problems.push(
      `it fails, but not at a check whose message the grade reports:\n${indent(result.message)}`,
    );
    return judgement();
  }

  const names = [...result.checks.map((c) => c.name), AFTER_EVERY_CHECK];
  if (variant.check === undefined) {
    const missing =
      `its header has no "Check:" line; the first check to fail is "${failure.check}"`;
    (requireCheck ? problems : warnings).push(missing);
  } else if (!names.includes(variant.check)) {
    problems.push(
      `its "Check:" names "${variant.check}", which the grader does not have. Its checks are:\n${
        result.checks.map((c) => `    ${c.name}`).join("\n")
      }\nor "${AFTER_EVERY_CHECK}", for a run that fails once every check has passed (it left ` +
        `something running)`,
    );
    return judgement();
  } else if (failure.check !== variant.check) {
    const named = result.checks.find((c) => c.name === variant.check) ??
      { name: AFTER_EVERY_CHECK, status: "skipped" };
    if (named.status === "fail" && names.indexOf(failure.check) < names.indexOf(variant.check)) {
      problems.push(
        `an earlier check fails first: "${failure.check}" fails before "${variant.check}", the ` +
          `check its header names. A variant must pass every check before the one that names ` +
          `its mistake (fix the variant, or name the first check). The grade says:\n${
            indent(result.message)
          }`,
      );
    } else {
      const how = named.status === "pass"
        ? "passes"
        : named.name === AFTER_EVERY_CHECK
        ? "is never reached"
        : "never runs";
      problems.push(
        `it is rejected at the wrong check: the first to fail is "${failure.check}", but its ` +
          `header names "${variant.check}", which ${how}. The grade says:\n${
            indent(result.message)
          }`,
      );
    }
    return judgement();
  }

  const at = names.indexOf(failure.check);
  const earlier = result.checks.slice(0, at).filter((c) => c.status !== "pass");
  if (earlier.length > 0) {
    problems.push(
      `checks before "${failure.check}" did not pass: ${
        earlier.map((c) => `"${c.name}" (${c.status})`).join(", ")
      }`,
    );
  }
  if (!failure.text.includes(variant.graderSays)) {
    if (result.message.includes(variant.graderSays)) {
      const onlyName = `${said} appears only in the name of the check, not in its failure message`;
      if (variant.check === undefined && !requireCheck) warnings.push(onlyName);
      else {
        problems.push(
          `${onlyName}, so it says nothing about how the grader caught the mistake. ` +
            `The message is:\n${indent(failure.text)}`,
        );
      }
    } else {
      problems.push(
        `the failure of "${failure.check}" does not say ${said}. It says:\n${indent(failure.text)}`,
      );
    }
  }
  return judgement();
}

/** A variant, its grade and the verdict. */
export interface Proof {
  /** The variant. */
  variant: KnownWrong;
  /** Its grade; missing when its file could not be made. */
  result?: GradeResult;
  /** The verdict; a problem when the file could not be made. */
  judgement: Judgement;
}

/** Options for {@linkcode proveVariants}. */
export interface ProveOptions extends JudgeOptions, KnownWrongOptions {
  /** Seconds before one graded run is killed. @default 30 (a loaded machine is slow) */
  timeout?: number;
  /** More files to grade in the same batch (references, stubs): one type-check for all. */
  alsoGrade?: Job[];
}

/** What {@linkcode proveVariants} found. */
export interface ProveReport {
  /** Every exercise's variants, with their proofs, in name order. */
  proofs: Map<string, Proof[]>;
  /** Every graded file's result, `alsoGrade` included, by file. */
  results: Map<string, GradeResult>;
  /** Exercises whose variants could not be read at all, with why. */
  unreadable: Map<string, string>;
}

/**
 * Read every variant of `exercises`, make the files of patch variants,
 * grade them all in one batch (with `alsoGrade`) and judge each.
 *
 * @example
 * ```ts ignore
 * import { proveVariants } from "./prove.ts";
 * const { proofs } = await proveVariants(exercises);
 * for (const [id, list] of proofs) {
 *   for (const { variant, judgement } of list) console.log(id, variant.name, judgement.problems);
 * }
 * ```
 */
export async function proveVariants(
  exercises: Exercise[],
  options: ProveOptions = {},
): Promise<ProveReport> {
  const proofs = new Map<string, Proof[]>();
  const unreadable = new Map<string, string>();
  const pending: { exercise: Exercise; variants: KnownWrong[]; unmade: Map<string, string> }[] = [];
  for (const exercise of exercises) {
    try {
      const variants = await knownWrongOf(exercise, options);
      pending.push({ exercise, variants, unmade: await makeVariantFiles(variants) });
    } catch (error) {
      unreadable.set(exercise.id, error instanceof Error ? error.message : String(error));
    }
  }
  const jobs: Job[] = [...(options.alsoGrade ?? [])];
  for (const { exercise, variants, unmade } of pending) {
    for (const v of variants) if (!unmade.has(v.name)) jobs.push({ exercise, file: v.file });
  }
  const graded = await gradeMany(jobs, { timeout: options.timeout ?? 30 });
  const results = new Map(graded.map((r) => [r.file, r]));
  for (const { exercise, variants, unmade } of pending) {
    proofs.set(
      exercise.id,
      variants.map((variant) => {
        const why = unmade.get(variant.name);
        if (why !== undefined) {
          return { variant, judgement: { problems: [why], warnings: [] } };
        }
        const result = results.get(variant.file)!;
        return { variant, result, judgement: judgeRejection(variant, result, options) };
      }),
    );
  }
  return { proofs, results, unreadable };
}
