// HOSTILE FIXTURE: keeps data between runs in localStorage.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

localStorage.setItem("groundup", "x".repeat(1 << 20));
