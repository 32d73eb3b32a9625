/**
 * Equivalent mutants of lessons 11–14, with why (see `equivalent.ts`).
 *
 * @module
 */

/** By exercise id, then by mutant key: why the change is invisible. */
export const asyncTrack: Record<string, Record<string, string>> = {};
