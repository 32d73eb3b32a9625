import assert from "node:assert/strict";
import {
  cancel,
  Cancelled,
  cancelScope,
  join,
  now,
  run,
  sleep,
  spawn,
  taskGroup,
  timeoutAfter,
} from "./mod.ts";

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
              // Inside the cancelled group every wait raises: a shield lets cleanup wait.
              yield* cancelScope(function* () {
                yield* sleep(1);
                log.push(`${name} cleaned up at ${yield* now()}`);
              }, { shield: true });
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

Deno.test("taskGroup(): the first failure is thrown, later ones are kept in errors and reported", async () => {
  let errors: readonly unknown[] = [];
  const reported: string[] = [];
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
    }, {
      ...virtual,
      onUnjoinedError: (e, task) => reported.push(`${task}: ${(e as Error).message}`),
    }),
    { message: "first" },
  );
  assert.deepEqual(errors.map((e) => (e as Error).message), ["first", "second, during cleanup"]);
  assert.deepEqual(reported, ['task 3 ("second"): second, during cleanup']);
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

// --- Nursery semantics (regressions of issue 14) ---------------------------

Deno.test("taskGroup(): fan-out with joins in the body throws the child's error, not a sibling's Cancelled", async () => {
  const boom = new Error("boom");
  const error = await run(function* main() {
    try {
      yield* taskGroup(function* (group) {
        const tasks = [];
        for (const seconds of [5, 1, 5]) {
          tasks.push(
            yield* group.spawn(function* fetchItem() {
              yield* sleep(seconds);
              if (seconds === 1) throw boom;
              return seconds;
            }),
          );
        }
        for (const task of tasks) yield* join(task); // the first join meets a cancelled sibling
      });
    } catch (error) {
      return error;
    }
  }, virtual);
  assert.equal(error, boom);
});

Deno.test("taskGroup(): a child's failure cancels the body at once, not when the body's wait ends", async () => {
  const log: string[] = [];
  await assert.rejects(
    run(function* main() {
      try {
        yield* taskGroup(function* (group) {
          yield* group.spawn(function* failing() {
            yield* sleep(1);
            throw new Error("boom");
          });
          try {
            yield* sleep(60);
          } catch (error) {
            log.push(`body got ${(error as Error).name} at ${yield* now()}`);
            throw error;
          }
        });
      } finally {
        log.push(`group ended at ${yield* now()}`);
      }
    }, virtual),
    { message: "boom" },
  );
  assert.deepEqual(log, ["body got Cancelled at 1", "group ended at 1"]);
});

Deno.test("taskGroup(): a child spawned after the first failure is cancelled too", async () => {
  const log: string[] = [];
  await assert.rejects(
    run(function* main() {
      yield* taskGroup(function* (group) {
        yield* group.spawn(function* failing() {
          throw new Error("boom");
        });
        yield* cancelScope(function* () {
          yield* sleep(1); // the failure has happened; this body waits behind a shield
          const late = yield* group.spawn(function* late() {
            try {
              yield* sleep(60);
              log.push("late ran to the end");
            } catch (error) {
              log.push(`late got ${(error as Error).name} at ${yield* now()}`);
              throw error;
            }
          });
          log.push(`late spawned: ${late.name}`);
        }, { shield: true });
      });
    }, virtual),
    { message: "boom" },
  );
  assert.deepEqual(log, ["late spawned: late", "late got Cancelled at 1"]);
});

Deno.test("taskGroup(): when the body throws too, the child's error is kept and reported, not lost", async () => {
  const reported: string[] = [];
  let errors: readonly unknown[] = [];
  const error = await run(function* main() {
    try {
      yield* taskGroup(function* (group) {
        errors = group.errors;
        yield* group.spawn(function* failing() {
          yield* sleep(1);
          throw new Error("child failed");
        });
        try {
          yield* sleep(60);
        } catch {
          throw new Error("body failed while cancelled");
        }
      });
    } catch (error) {
      return error;
    }
  }, {
    ...virtual,
    onUnjoinedError: (e, task) => reported.push(`${task}: ${(e as Error).message}`),
  });
  assert.equal((error as Error).message, "child failed"); // the first real error
  assert.deepEqual(errors.map((e) => (e as Error).message), [
    "child failed",
    "body failed while cancelled",
  ]);
  assert.deepEqual(reported, ['task 1 ("main"): body failed while cancelled']);
});

Deno.test("taskGroup(): a timeout during the children's cleanup still waits for all of it", async () => {
  // Regression: the scope exited at t=3 while a child's cleanup ran until t=6.
  const log: string[] = [];
  const error = await run(function* main() {
    try {
      yield* timeoutAfter(3, function* () {
        yield* taskGroup(function* (group) {
          yield* group.spawn(function* failing() {
            yield* sleep(1);
            throw new Error("boom");
          });
          yield* group.spawn(function* slowCleanup() {
            try {
              yield* sleep(60);
            } finally {
              yield* cancelScope(function* () {
                yield* sleep(5); // the timeout at 3 passes meanwhile
                log.push(`cleanup done at ${yield* now()}`);
              }, { shield: true });
            }
          });
        });
      });
    } catch (error) {
      log.push(`${(error as Error).message} at ${yield* now()}`);
      return error;
    }
  }, virtual);
  assert.equal((error as Error).message, "boom");
  assert.deepEqual(log, ["cleanup done at 6", "boom at 6"]);
});

Deno.test("taskGroup(): a deadline around the group cancels every child and throws TimeoutError", async () => {
  const log: string[] = [];
  await assert.rejects(
    run(function* main() {
      yield* timeoutAfter(2, function* () {
        yield* taskGroup(function* (group) {
          for (const name of ["a", "b"]) {
            yield* group.spawn(function* child() {
              try {
                yield* sleep(60);
              } catch (error) {
                log.push(`${name}: ${(error as Error).message} at ${yield* now()}`);
                throw error;
              }
            });
          }
        });
      });
    }, virtual),
    { name: "TimeoutError", message: "Timed out after 2 s" },
  );
  assert.deepEqual(log, [
    'a: timeoutAfter(2) in task 1 ("main") passed its deadline at 2',
    'b: timeoutAfter(2) in task 1 ("main") passed its deadline at 2',
  ]);
});

Deno.test("taskGroup(): never throws a Cancelled it caused itself", async () => {
  for (const failAt of [0, 1]) {
    const error = await run(function* main() {
      try {
        yield* taskGroup(function* (group) {
          for (let i = 0; i < 3; i++) {
            yield* group.spawn(function* sibling() {
              yield* sleep(10);
            });
          }
          yield* group.spawn(function* failing() {
            if (failAt > 0) yield* sleep(failAt);
            throw new TypeError("real");
          });
          yield* sleep(10);
        });
      } catch (error) {
        return error;
      }
    }, virtual);
    assert.ok(error instanceof TypeError, `failAt=${failAt}: got ${error}`);
  }
});

Deno.test("TaskGroup.cancel() ends the group quietly once every task has finished", async () => {
  const log: string[] = [];
  const value = await run(function* main() {
    const value = yield* taskGroup(function* (group) {
      yield* group.spawn(function* child() {
        try {
          yield* sleep(60);
        } finally {
          log.push(`child cleaned up at ${yield* now()}`);
        }
      });
      yield* sleep(1);
      yield* group.cancelAll();
      log.push("not reached");
      return "not returned";
    });
    log.push(`group returned ${value} at ${yield* now()}`);
    return value;
  }, virtual);
  assert.equal(value, undefined);
  assert.deepEqual(log, ["child cleaned up at 1", "group returned undefined at 1"]);
});

Deno.test("TaskGroup.tasks holds only the tasks still running, so a long-lived group keeps no finished ones", async () => {
  await run(function* main() {
    yield* taskGroup(function* (group) {
      const long = yield* group.spawn(function* long() {
        yield* sleep(1);
      });
      for (let i = 0; i < 100; i++) yield* group.spawn(function* quick() {});
      assert.equal(group.tasks.length, 101);
      yield* sleep(0.5); // every quick task has finished
      assert.deepEqual(group.tasks, [long]);
    });
  }, virtual);
});
