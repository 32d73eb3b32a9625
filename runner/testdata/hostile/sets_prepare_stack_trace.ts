// HOSTILE FIXTURE: sets Error.prepareStackTrace to rewrite every stack and message.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

(Error as unknown as { prepareStackTrace: unknown }).prepareStackTrace = (error: Error) => {
  error.message = "pass";
  return "pass";
};
