import assert from "node:assert/strict";
import { ReadinessSelector, type Watchable } from "./readiness_selector.ts";
import type { Interest } from "./selector.ts";

class Box implements Watchable {
  readable = false;
  writable = false;
  watched: Interest[] = [];
  watch(interest: Interest) {
    this.watched.push(interest);
  }
}

Deno.test("ReadinessSelector reports only registered interests, level-triggered", () => {
  const selector = new ReadinessSelector<Box>();
  const box = new Box();
  selector.register(box, "read");
  assert.deepEqual(box.watched, ["read"], "register lets the resource start work");
  box.readable = box.writable = true;
  selector.changed(box);
  assert.deepEqual(selector.select(0), [{ resource: box, interest: "read" }]);
  assert.deepEqual(selector.select(0), [{ resource: box, interest: "read" }], "still ready");
  selector.register(box, "write");
  assert.equal(selector.size, 2);
  assert.deepEqual(selector.select(0), [
    { resource: box, interest: "read" },
    { resource: box, interest: "write" },
  ]);
  selector.unregister(box, "read");
  selector.unregister(box, "write");
  assert.equal(selector.size, 0);
  assert.deepEqual(selector.select(0), []);
});

Deno.test("ReadinessSelector.changed() ends a waiting select only when a pair is ready", async () => {
  const selector = new ReadinessSelector<Box>();
  const box = new Box();
  selector.register(box, "write");
  const pending = selector.select(null);
  assert.ok(pending instanceof Promise);
  let settled = false;
  pending.then(() => settled = true);
  box.readable = true; // not what anyone waits for
  selector.changed(box);
  await Promise.resolve();
  assert.equal(settled, false);
  box.writable = true;
  selector.changed(box);
  assert.deepEqual(await pending, [{ resource: box, interest: "write" }]);
});

Deno.test("ReadinessSelector.close() releases a waiting select", async () => {
  const selector = new ReadinessSelector<Box>();
  selector.register(new Box(), "read");
  const pending = selector.select(3600);
  selector.close();
  assert.deepEqual(await pending, []);
  assert.equal(selector.size, 0);
});
