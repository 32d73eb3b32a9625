// HOSTILE FIXTURE: replaces the hidden %ArrayIteratorPrototype%.next.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

const proto = Object.getPrototypeOf([][Symbol.iterator]());
proto.next = () => ({ done: true, value: undefined });
