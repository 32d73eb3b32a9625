/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />
/**
 * A worker that wakes a PollNetwork blocked in poll(2) on the main thread:
 * it receives the selector's wakeup cell, writes one byte through it each
 * time it is asked, and says so.
 *
 * @module
 */
import { openWaker } from "../poll_waker.ts";

let waker: { wake(): void; close(): void } | null = null;

self.onmessage = (event: MessageEvent<Int32Array | "wake" | "close">) => {
  if (event.data === "close") {
    waker?.close();
    return self.postMessage("closed");
  }
  if (event.data !== "wake") waker = openWaker(event.data);
  waker!.wake();
  self.postMessage("woke");
};
