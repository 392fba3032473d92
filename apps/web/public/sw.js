// The /ride app's service worker: keeps the app shell (the page and its hashed assets) so the tracker
// opens with no signal. The API is never cached: positions go through the app's IndexedDB queue.
const CACHE = 'echelon-ride-v1';

// The server answers the app's HTML to page requests only (Accept: text/html); anything else at an
// app path is a 404, so the shell must be fetched the way a browser navigation asks for it.
const request = (url) => (url === '/ride' ? new Request(url, { headers: { accept: 'text/html' } }) : url);

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([request('/ride')]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// The page lists what it loaded before this worker controlled it (see ride/install.ts).
self.addEventListener('message', (event) => {
  const urls = event.data?.type === 'cache' && Array.isArray(event.data.urls) ? event.data.urls : [];
  const same = urls.filter((u) => typeof u === 'string' && u.startsWith('/'));
  if (same.length > 0) event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(same.map(request))));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/oauth/')) return;
  // Network first, so a new build shows at once; the cache answers when offline.
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok && (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/ride'))) {
          const copy = response.clone();
          void caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        }
        return response;
      })
      .catch(() =>
        caches
          .match(event.request)
          .then((hit) => hit ?? (event.request.mode === 'navigate' ? caches.match('/ride') : undefined))
          .then((hit) => hit ?? Response.error()),
      ),
  );
});
