// The service worker: precache the versioned app shell, answer from it offline, delete old shells
// on activate. A new version installs and then waits until the page asks it to take over (the
// page offers "Reload to update"), so an open workout is never swapped out under the lifter.
// The server writes VERSION and SHELL into this file, so any change to the shell changes it.

const VERSION = "__HINGE_VERSION__";
const SHELL = ["__HINGE_SHELL__"];
const PREFIX = "hinge-shell-";
const CACHE = PREFIX + VERSION;
// The lib types `self` as any worker's scope; this classic script runs in a service worker's.
const sw = /** @type {ServiceWorkerGlobalScope & typeof globalThis} */ (self);

// A versioned file never changes under its URL, so the copy the page has just downloaded (in the
// HTTP cache) is the one to keep; the rest (/, the manifest, icons) revalidate, a 304 when
// unchanged. So a first visit downloads each file, icons included, once and not twice.
/** @param {string} url */
const precached = (url) => new Request(url, { cache: url.startsWith("/v/") ? "default" : "no-cache" });

sw.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL.map(precached))));
});

sw.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener("message", (event) => {
  if (event.data?.type === "skip-waiting") sw.skipWaiting();
});

sw.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin || url.pathname.startsWith("/api/") || url.pathname.startsWith("/schema")) {
    return; // the API is never cached: the sync loop decides what a failure means
  }
  if (request.mode === "navigate") {
    // Every page of the app is the one shell: cache first, so it opens in airplane mode.
    event.respondWith(fromCache("/").then((hit) => hit ?? fetch(request)));
    return;
  }
  event.respondWith(fromCache(request).then((hit) => hit ?? fetch(request)));
});

/** @param {RequestInfo} request */
async function fromCache(request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(request, { ignoreSearch: true })) ?? null;
}
