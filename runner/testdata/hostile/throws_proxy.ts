// HOSTILE FIXTURE: throws a Proxy whose every trap throws.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

export function range(): never {
  const trap = () => {
    throw new Error("gotcha");
  };
  throw new Proxy({}, { get: trap, getPrototypeOf: trap, has: trap, ownKeys: trap });
}
