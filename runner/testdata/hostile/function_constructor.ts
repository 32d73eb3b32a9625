// HOSTILE FIXTURE: compiles code at run time through a function's constructor.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

const make = (function () {}).constructor as FunctionConstructor;
make("console.log('Function ran')")();
