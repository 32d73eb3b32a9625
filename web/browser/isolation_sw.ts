/// <reference no-default-lib="true" />
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * A service worker that makes the playground cross-origin isolated on a
 * host that cannot send the headers itself (GitHub Pages and most static
 * hosts): it adds `Cross-Origin-Opener-Policy: same-origin`,
 * `Cross-Origin-Embedder-Policy: require-corp` and
 * `Cross-Origin-Resource-Policy: same-origin` to the site's own responses.
 * The idea is coi-serviceworker's; this is a small equivalent for one site.
 *
 * Navigations get the headers only for the playground (the lessons need no
 * isolation); every other same-origin response gets them too, since a
 * Worker's script must carry COEP to start in an isolated page. Other
 * origins are left alone. The page registers it and reloads once
 * (`isolation.ts`); bundled to `isolation_sw.js` at the site's root, so
 * its scope covers the site.
 *
 * @module
 */

declare const self: ServiceWorkerGlobalScope;

self.addEventListener("install", () => {
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // A Chrome quirk: such requests throw when fetched again from here.
  if (request.cache === "only-if-cached" && request.mode !== "same-origin") return;
  // GitHub Pages also serves playground.html as /playground.
  if (request.mode === "navigate" && !/\/playground(\.html)?$/.test(url.pathname)) return;
  event.respondWith(isolated(request));
});

async function isolated(request: Request): Promise<Response> {
  const response = await fetch(request);
  if (response.type === "opaque" || response.status === 0) return response;
  const headers = new Headers(response.headers);
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  headers.set("Cross-Origin-Embedder-Policy", "require-corp");
  headers.set("Cross-Origin-Resource-Policy", "same-origin");
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
