import assert from "node:assert/strict";
import { IdleSelector } from "./idle_selector.ts";

Deno.test("IdleSelector.select() returns [] after its timeout", async () => {
  const selector = new IdleSelector();
  assert.deepEqual(await selector.select(0.001), []);
  assert.deepEqual(await selector.select(0), []);
  selector.close();
});

Deno.test("IdleSelector.wakeup() before select() makes the next select return at once", () => {
  const selector = new IdleSelector();
  selector.wakeup();
  assert.deepEqual(selector.select(null), []); // an array, not a Promise
  selector.close();
});

Deno.test("IdleSelector.wakeup() ends a select(null) in progress", async () => {
  const selector = new IdleSelector();
  const events = selector.select(null);
  setTimeout(() => selector.wakeup(), 1);
  assert.deepEqual(await events, []);
  selector.close();
});

Deno.test("IdleSelector refuses registrations with a hint", () => {
  const selector = new IdleSelector();
  assert.equal(selector.size, 0);
  assert.throws(() => selector.register({}, "read"), {
    message:
      /^Cannot wait to read as run\(\) was given no selector: pass one in the run\(\) options/,
  });
  selector.unregister({}, "read");
});
