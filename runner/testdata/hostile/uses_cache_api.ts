// HOSTILE FIXTURE: keeps data between runs in the Cache API.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

const cache = await caches.open("groundup");
await cache.put("http://127.0.0.1/x", new Response("x".repeat(1 << 20)));
