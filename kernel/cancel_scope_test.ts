import assert from "node:assert/strict";
import {
  cancel,
  Cancelled,
  CancelScope,
  cancelScope,
  checkpoint,
  join,
  now,
  run,
  sleep,
  spawn,
  TraceRecorder,
} from "./mod.ts";

const virtual = { clock: "virtual" } as const;

Deno.test("a cancelled scope raises at every blocking trap inside it until it ends", async () => {
  const log: string[] = [];
  const value = await run(function* main() {
    const result = yield* cancelScope(function* (scope) {
      scope.cancel();
      for (let i = 0; i < 3; i++) {
        try {
          yield* sleep(1);
          log.push("slept");
        } catch (error) {
          log.push(`${i}: ${(error as Error).name}`); // swallowed: the next wait raises again
        }
      }
      yield* checkpoint(); // a checkpoint is a blocking trap too
      log.push("not reached");
      return "not returned";
    });
    log.push(`after the scope: ${result}, at ${yield* now()}`);
    yield* sleep(1); // outside the scope: nothing to raise
    return yield* now();
  }, virtual);
  assert.equal(value, 1);
  assert.deepEqual(log, [
    "0: Cancelled",
    "1: Cancelled",
    "2: Cancelled",
    "after the scope: undefined, at 0",
  ]);
});

Deno.test("scope.cancel() from another task wakes the waiter; the scope catches its own Cancelled", async () => {
  const trace = new TraceRecorder();
  let scope!: CancelScope;
  const time = await run(function* main() {
    yield* spawn(function* stopper() {
      yield* sleep(2);
      scope.cancel();
      scope.cancel(); // once is enough; twice is harmless
    });
    yield* cancelScope(function* (s) {
      scope = s;
      yield* sleep(60);
    });
    return yield* now();
  }, { ...virtual, trace: trace.observer });
  assert.equal(time, 2);
  assert.equal(scope.cancelCalled, true);
  assert.equal(scope.cancelledCaught, true);
  assert.ok(scope.error instanceof Cancelled);
  assert.equal(scope.error.message, 'cancel scope in task 1 ("main") was cancelled');
  assert.ok(trace.format().includes("2 cancel 1 by=null"));
});

Deno.test("a scope cancelled before it is entered is cancelled from its first trap", async () => {
  const scope = new CancelScope();
  scope.cancel();
  const log: string[] = [];
  await run(function* main() {
    yield { kind: "enterScope", scope };
    try {
      yield* sleep(1);
    } catch (error) {
      log.push((error as Error).name);
      yield { kind: "exitScope", scope, failed: true, error };
    }
  }, virtual);
  assert.deepEqual(log, ["Cancelled"]);
  assert.equal(scope.cancelledCaught, true);
});

Deno.test("a shielded scope keeps outer cancellation out, and a cancel() until the task leaves it", async () => {
  const log: string[] = [];
  await run(function* main() {
    const worker = yield* spawn(function* worker() {
      yield* cancelScope(function* (outer) {
        outer.cancel();
        yield* cancelScope(function* () {
          yield* sleep(2); // neither the outer scope nor cancel() below reach here
          log.push(`shielded sleep done at ${yield* now()}`);
        }, { shield: true });
        try {
          yield* sleep(1);
        } catch (error) {
          log.push(`after the shield: ${(error as Error).message}`);
          throw error;
        }
      });
    });
    yield* sleep(1);
    log.push(`cancel() -> ${yield* cancel(worker)} at ${yield* now()}`);
  }, virtual);
  assert.deepEqual(log, [
    "shielded sleep done at 2",
    'after the shield: Task 2 ("worker") was cancelled by task 1 ("main")',
    "cancel() -> true at 2",
  ]);
});

Deno.test("a shielded scope's own timeout still applies inside it", async () => {
  const log: string[] = [];
  await run(function* main() {
    const result = yield* cancelScope(function* () {
      yield* sleep(10);
      return "slept";
    }, { shield: true, timeout: 3 });
    log.push(`${result} at ${yield* now()}`);
  }, virtual);
  assert.deepEqual(log, ["undefined at 3"]);
});

Deno.test("a scope cannot be entered twice, and scopes leave in reverse order", async () => {
  const scope = new CancelScope();
  await assert.rejects(
    run(function* main() {
      yield* cancelScope(() => sleep(0)); // a fresh scope: fine
      yield { kind: "enterScope", scope };
      yield { kind: "exitScope", scope, failed: false, error: undefined };
      yield { kind: "enterScope", scope };
    }),
    {
      message:
        'Cannot enter cancel scope in task 1 ("main") as it was entered before: make a new scope for each block',
    },
  );
  const inner = new CancelScope({ name: "inner" });
  const outer = new CancelScope({ name: "outer" });
  await assert.rejects(
    run(function* main() {
      yield { kind: "enterScope", scope: outer };
      yield { kind: "enterScope", scope: inner };
      yield { kind: "exitScope", scope: outer, failed: false, error: undefined };
    }),
    {
      message:
        'Cannot leave outer in task 1 ("main") as it is not the innermost scope of task 1 ("main"): leave scopes in the reverse order of entering them',
    },
  );
});

Deno.test("new CancelScope() refuses a negative timeout", () => {
  assert.throws(() => new CancelScope({ timeout: -1 }), {
    name: "RangeError",
    message: "Cannot set a timeout of -1 s: use a finite number of seconds >= 0",
  });
});

Deno.test("a task outside any scope is untouched by other tasks' scopes", async () => {
  const log: string[] = [];
  await run(function* main() {
    const bystander = yield* spawn(function* bystander() {
      yield* sleep(2);
      log.push(`bystander done at ${yield* now()}`);
    });
    yield* cancelScope(function* (scope) {
      scope.cancel(); // main's scope; plain spawns are not in it
      yield* sleep(1);
    });
    yield* join(bystander);
  }, virtual);
  assert.deepEqual(log, ["bystander done at 2"]);
});
