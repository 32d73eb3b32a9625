/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: the lower bound is never applied.
 * Check: clamp raises a value below the range to lo
 * Grader says: should be raised to 0
 *
 * The reference of the fixture exercise: `clamp(x, lo, hi)`.
 */
export function clamp(x: number, _lo: number, hi: number): number {
  if (x > hi) return hi;
  return x;
}
