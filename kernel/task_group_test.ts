import assert from "node:assert/strict";
import { cancel, Cancelled, join, now, run, sleep, spawn, taskGroup } from "./mod.ts";

const virtual = { clock: "virtual" } as const;

Deno.test("taskGroup() waits for every child before its scope ends", async () => {
  const log: string[] = [];
  const value = await run(function* main() {
    const value = yield* taskGroup(function* (group) {
      for (const seconds of [2, 1]) {
        yield* group.spawn(function* child() {
          yield* sleep(seconds);
          log.push(`child ${seconds} done`);
        });
      }
      return "body value";
    });
    log.push(`scope ended at ${yield* now()}`);
    return value;
  }, virtual);
  assert.equal(value, "body value");
  assert.deepEqual(log, ["child 1 done", "child 2 done", "scope ended at 2"]);
});

Deno.test("taskGroup(): a failing child cancels its siblings, whose cleanup runs, and the error surfaces", async () => {
  const log: string[] = [];
  const boom = new Error("boom");
  const error = await run(function* main() {
    try {
      yield* taskGroup(function* (group) {
        for (const name of ["a", "b"]) {
          yield* group.spawn(function* sibling() {
            try {
              yield* sleep(60);
            } catch (error) {
              log.push(
                `${name} ${error instanceof Cancelled ? "cancelled" : "failed"} at ${yield* now()}`,
              );
              throw error;
            } finally {
              yield* sleep(1); // cleanup may still wait
              log.push(`${name} cleaned up at ${yield* now()}`);
            }
          });
        }
        yield* group.spawn(function* failing() {
          yield* sleep(1);
          throw boom;
        });
      });
    } catch (error) {
      log.push(`scope ended at ${yield* now()}`);
      return error;
    }
  }, virtual);
  assert.equal(error, boom);
  assert.deepEqual(log, [
    "a cancelled at 1",
    "b cancelled at 1",
    "a cleaned up at 2",
    "b cleaned up at 2",
    "scope ended at 2",
  ]);
});

Deno.test("taskGroup(): the first failure is thrown, later ones are kept in errors", async () => {
  let errors: readonly unknown[] = [];
  await assert.rejects(
    run(function* main() {
      yield* taskGroup(function* (group) {
        errors = group.errors;
        yield* group.spawn(function* first() {
          yield* sleep(1);
          throw new Error("first");
        });
        yield* group.spawn(function* second() {
          try {
            yield* sleep(5);
          } catch {
            throw new Error("second, during cleanup");
          }
        });
      });
    }, virtual),
    { message: "first" },
  );
  assert.deepEqual(errors.map((e) => (e as Error).message), ["first", "second, during cleanup"]);
});

Deno.test("taskGroup(): when the owner is cancelled, its children are cancelled too", async () => {
  const log: string[] = [];
  await run(function* main() {
    const owner = yield* spawn(function* owner() {
      yield* taskGroup(function* (group) {
        yield* group.spawn(function* child() {
          try {
            yield* sleep(60);
          } finally {
            log.push(`child cleaned up at ${yield* now()}`);
          }
        });
        yield* sleep(60);
      });
    });
    yield* sleep(1);
    yield* cancel(owner);
    log.push(`owner cancelled at ${yield* now()}`);
  }, virtual);
  assert.deepEqual(log, ["child cleaned up at 1", "owner cancelled at 1"]);
});

Deno.test("taskGroup(): children's values can be joined inside the scope", async () => {
  const total = await run(function* main() {
    return yield* taskGroup(function* (group) {
      const a = yield* group.spawn(function* a() {
        return 1;
      });
      const b = yield* group.spawn(function* b() {
        yield* sleep(1);
        return 2;
      });
      assert.deepEqual(group.tasks, [a, b]);
      return (yield* join(a)) + (yield* join(b));
    });
  }, virtual);
  assert.equal(total, 3);
});

Deno.test("TaskGroup.spawn() after the scope ended is refused", async () => {
  await assert.rejects(
    run(function* main() {
      let escaped: import("./mod.ts").TaskGroup | undefined;
      yield* taskGroup(function* (group) {
        escaped = group;
      });
      yield* escaped!.spawn(function* late() {});
    }),
    {
      message:
        'Cannot spawn "late" in a task group whose scope has ended: spawn inside the taskGroup() body',
    },
  );
});
