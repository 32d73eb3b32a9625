/**
 * Equivalent mutants of lessons 06–10, with why (see `equivalent.ts`).
 *
 * @module
 */

/** By exercise id, then by mutant key: why the change is invisible. */
export const kernelTrack: Record<string, Record<string, string>> = {};
