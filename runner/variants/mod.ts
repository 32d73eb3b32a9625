/**
 * Known-wrong variants: the mistakes each grader must catch, kept as small
 * patches against the references, made into files and graded by the course
 * self-check, which proves each grader fails them at the check they name.
 *
 * - `bank_file.ts`: the `<exercise>.variants.md` format;
 * - `patch.ts`: hunks, applied by their context lines;
 * - `bank.ts`: every exercise's variants, and the files they are graded as;
 * - `prove.ts`: what a variant's grade must show;
 * - `convert.ts`: full copies into patches (`deno task variants:convert`).
 *
 * @example
 * ```ts ignore
 * import { proveVariants } from "./mod.ts";
 * const { proofs } = await proveVariants(exercises);
 * ```
 *
 * @module
 */

export * from "./bank.ts";
export * from "./bank_file.ts";
export * from "./patch.ts";
export * from "./prove.ts";
