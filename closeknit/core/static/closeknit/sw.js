// Closeknit's service worker: cached static files, an offline page, and pushes. Pages
// and the API are never cached: they hold private content.
"use strict";
const VERSION = "__VERSION__";
const CACHE = "closeknit-static-" + VERSION;
const OFFLINE_URL = "/offline/";
const PRECACHE = __PRECACHE__;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll([OFFLINE_URL, ...PRECACHE]))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(
      keys.filter((key) => key.startsWith("closeknit-") && key !== CACHE)
        .map((key) => caches.delete(key))
    )).then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") { return; }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.startsWith("/static/")) {
    // Static file names carry a content hash: a cached copy is always right.
    event.respondWith(
      caches.match(request).then((hit) => hit || fetch(request).then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      }))
    );
    return;
  }
  if (request.mode === "navigate") {
    // Always the network for pages; only when it fails, the offline page.
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_URL)));
  }
});

// A push shows what its payload says ({title, body, url, tag}) and nothing more: the
// server sends no content unless the person opted in. The tag is stable per delivery, so
// a push sent twice replaces itself instead of showing twice.
const FALLBACK_PATH = "/notifications/";

// Only a path on this site; anything else (another site, a scheme) opens the list.
function safePath(raw) {
  if (typeof raw !== "string" || !raw.startsWith("/") || raw.startsWith("//")) {
    return FALLBACK_PATH;
  }
  try {
    const url = new URL(raw, self.location.origin);
    if (url.origin === self.location.origin) { return url.pathname + url.search + url.hash; }
  } catch (error) { /* not a URL */ }
  return FALLBACK_PATH;
}

self.addEventListener("push", (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (error) { data = {}; }
  const text = (value) => (typeof value === "string" ? value.slice(0, 200) : "");
  const options = {
    body: text(data.body),
    icon: PRECACHE.find((name) => name.includes("icon-192")),
    data: { url: safePath(data.url) },
  };
  if (text(data.tag)) { options.tag = text(data.tag); }
  event.waitUntil(self.registration.showNotification(text(data.title) || "Closeknit", options));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(safePath(event.notification.data && event.notification.data.url),
    self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (!open) { return self.clients.openWindow(target); }
      return open.focus().then((client) => (client || open).navigate(target))
        .catch(() => self.clients.openWindow(target));
    })
  );
});
