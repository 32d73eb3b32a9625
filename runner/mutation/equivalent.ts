/**
 * Mutants that change no behaviour a learner or a grader could see, each
 * with the reason. `deno task mutate` counts them apart from survivors, so
 * a survivor always means a check to add.
 *
 * Keys are `Mutant.key` (`mutants.ts`): the operator, then the changed line
 * before and after, as `deno task mutate` prints them.
 *
 * @module
 */

/** Known-equivalent mutants by exercise id, then by mutant key, with why. */
export const equivalentMutants: Record<string, Record<string, string>> = {};
