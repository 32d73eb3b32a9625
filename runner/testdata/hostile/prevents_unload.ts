// HOSTILE FIXTURE: passes, then keeps the process alive by cancelling beforeunload forever.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "../ok.ts";

addEventListener("beforeunload", (event) => {
  event.preventDefault();
  setTimeout(() => {}, 10);
});
