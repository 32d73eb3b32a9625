// HOSTILE FIXTURE: turns fail lines into pass lines by patching console.log.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

const log = console.log;
console.log = (...args: unknown[]) => log(...args.map((a) => String(a).replace('"fail"', '"pass"')));
