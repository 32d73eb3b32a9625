/**
 * The worker of lesson 14's "threads" way: one thread, one request. It gets
 * a url, fetches it, and posts the body back (or the error's message).
 *
 * @module
 */

/// <reference lib="deno.worker" />

self.onmessage = async (event: MessageEvent<string>) => {
  try {
    const response = await fetch(event.data);
    self.postMessage({ body: await response.text() });
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
