// HOSTILE FIXTURE: makes every report say pass by patching JSON.stringify.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

const stringify = JSON.stringify;
JSON.stringify = ((value: unknown) => stringify(value).replace('"fail"', '"pass"')) as typeof JSON.stringify;
