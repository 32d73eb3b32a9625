/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />
/**
 * A worker that wakes a PollNetwork blocked in poll(2) on the main thread:
 * it receives the wakeup pipe's write fd, writes one byte, and says so.
 *
 * @module
 */
import { openWaker } from "../poll_selector.ts";

self.onmessage = (event: MessageEvent<number>) => {
  const waker = openWaker(event.data);
  waker.wake();
  waker.close();
  self.postMessage("woke");
};
