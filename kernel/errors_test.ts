import assert from "node:assert/strict";
import { Cancelled, DeadlockError, TimeoutError } from "./errors.ts";

Deno.test("kernel errors are Errors with their own names", () => {
  const errors = [new Cancelled("c"), new TimeoutError(1.5), new DeadlockError("d")];
  assert.deepEqual(errors.map((e) => [e instanceof Error, e.name]), [
    [true, "Cancelled"],
    [true, "TimeoutError"],
    [true, "DeadlockError"],
  ]);
  assert.equal(String(errors[1]), "TimeoutError: Timed out after 1.5 s");
  assert.equal((errors[1] as TimeoutError).seconds, 1.5);
});
