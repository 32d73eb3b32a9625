/// <reference lib="dom" />
/**
 * Cross-origin isolation for the playground, wherever it is hosted.
 * Workers with `SharedArrayBuffer` (the worker pool, `asleep`) need the
 * page to be cross-origin isolated, which takes two response headers that
 * `deno task serve` sends and most static hosts cannot. There the page
 * registers `isolation_sw.js`, a service worker that adds them, and
 * reloads once so that its own response comes through it.
 *
 * @module
 */

/** Where isolation stands. */
export type Isolation =
  | { state: "on"; via: "headers" | "service worker" }
  | { state: "reload" }
  | { state: "off"; why: string };

const RELOADED = "groundup:isolation-reload";

/**
 * Make the page cross-origin isolated if it is not: register the service
 * worker and wait until it is active. `"reload"` then means: reload the
 * page, and it will be isolated (the caller saves what it must first). A
 * tab reloads once for this: a second failure is reported, not retried.
 *
 * @example
 * ```ts ignore
 * const isolation = await isolate(new URL("isolation_sw.js", document.baseURI));
 * ```
 */
export async function isolate(worker: URL): Promise<Isolation> {
  if (globalThis.crossOriginIsolated === true) {
    const via = navigator.serviceWorker?.controller ? "service worker" : "headers";
    sessionStorage.removeItem(RELOADED);
    return { state: "on", via };
  }
  if (!("serviceWorker" in navigator) || navigator.serviceWorker === undefined) {
    return {
      state: "off",
      why: isSecureContext
        ? "this browser runs no service worker for this page, which could add them"
        : "a service worker could add them, but browsers allow one only on https:// or localhost",
    };
  }
  if (sessionStorage.getItem(RELOADED) !== null) {
    sessionStorage.removeItem(RELOADED);
    return {
      state: "off",
      why: "the service worker that adds them did not take effect (a hard reload skips it: " +
        "reload normally to try again)",
    };
  }
  try {
    const registration = await navigator.serviceWorker.register(worker, { scope: "./" });
    const sw = registration.installing ?? registration.waiting ?? registration.active;
    if (sw === null) throw new Error("it did not install");
    if (sw.state !== "activated") {
      await new Promise<void>((resolve, reject) => {
        sw.addEventListener("statechange", () => {
          if (sw.state === "activated") resolve();
          if (sw.state === "redundant") reject(new Error("it failed to install"));
        });
      });
    }
  } catch (error) {
    return {
      state: "off",
      why: `the service worker that would add them could not start: ${
        error instanceof Error ? error.message : String(error)
      }`,
    };
  }
  sessionStorage.setItem(RELOADED, "1");
  return { state: "reload" };
}
