/** The reference of the fixture exercise: `clamp(x, lo, hi)`. */
export function clamp(x: number, lo: number, hi: number): number {
  // @solution-begin
  if (x < lo) return lo;
  if (x > hi) return hi;
  return x;
  // @solution-end
}
