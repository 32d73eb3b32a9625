/**
 * Equivalent mutants of lessons 01–05, with why (see `equivalent.ts`).
 *
 * @module
 */

/** By exercise id, then by mutant key: why the change is invisible. */
export const generatorsTrack: Record<string, Record<string, string>> = {};
