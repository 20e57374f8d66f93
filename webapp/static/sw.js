/* Hadir's service worker, served at /sw.js (webapp/pages/home.py injects the precache list).
 *
 * - app shell (static files, the offline page): precached with content revisions;
 * - /api/v1/bootstrap: network first, the last good copy (JSON only) when offline;
 * - other static files: cache first;
 * - photos (/api/v1/photos/…): network first into a per-user cache, so evidence photos the
 *   project pages asked for (CACHE_URLS) show offline;
 * - pages: network first into a per-user cache (only the app's own HTML), falling back to the
 *   offline page;
 * - POST/PUT are never routed, so never cached; the outbox lives in IndexedDB, not here.
 * A new version waits until the page's "muat ulang" button sends SKIP_WAITING.
 */
importScripts('/static/vendor/workbox/workbox-sw.js');
workbox.setConfig({ modulePathPrefix: '/static/vendor/workbox/', debug: false });

// workbox-sw loads modules on first use, which must happen while this script first runs.
const { core, precaching, routing, strategies, expiration } = workbox;

const OFFLINE_URL = '/offline';
// Page, API and photo caches hold one user's data; js/pwa.js deletes them on logout or user change.
const PAGES = 'hadir-pages';
const API = 'hadir-api';
const PHOTOS = 'hadir-photos';
const SYNC_TAG = 'hadir-outbox';
const NOT_PAGES = ['/static/', '/api/', '/sw.js', '/login', '/logout', OFFLINE_URL];

core.setCacheNameDetails({ prefix: 'hadir' });
core.clientsClaim();
// Install fetches revalidate (a 304 for a file the page has just loaded by the same URL)
// instead of Workbox's `reload` for revisioned entries, which downloads the whole shell again
// over 3G. Nothing stale can come back: unversioned static files are served `no-cache` with
// their content hash as ETag (webapp/static_files.py).
precaching.addPlugins([{
  requestWillFetch: async ({ request }) => new Request(request, { cache: 'no-cache' }),
}]);
precaching.precacheAndRoute(self.__WB_MANIFEST, { ignoreURLParametersMatching: [/.*/] });
precaching.cleanupOutdatedCaches();

// Keep only complete 200s: never a redirect to /login or an error page under a page's URL.
const onlyGood = {
  cacheWillUpdate: async ({ response }) =>
    (response.status === 200 && !response.redirected ? response : null),
};
// A captive portal (hotel or office Wi-Fi login) answers any URL with its own HTML 200: never
// keep that as the user's data or as one of our pages.
const typed = (response, type) => (response.headers.get('Content-Type') || '').startsWith(type);
const onlyJson = {
  cacheWillUpdate: async ({ response }) => (typed(response, 'application/json') ? response : null),
};
// Our pages carry the app's Content-Security-Policy (webapp/headers.py); a portal's do not.
const onlyOurHtml = {
  cacheWillUpdate: async ({ response }) =>
    (typed(response, 'text/html')
     && (response.headers.get('Content-Security-Policy') || '').includes("script-src 'self'")
      ? response : null),
};
const onlyImages = {
  cacheWillUpdate: async ({ response }) => (typed(response, 'image/') ? response : null),
};
const offlinePage = {
  handlerDidError: async () => precaching.matchPrecache(OFFLINE_URL),
};

const sameOrigin = (url) => url.origin === self.location.origin;
const isPage = ({ url, request }) => sameOrigin(url)
  && !NOT_PAGES.some((prefix) => url.pathname.startsWith(prefix))
  // Pages come as navigations, or as CACHE_URLS requests from js/pwa.js.
  && (request.mode === 'navigate' || request.destination === '' || request.destination === 'document');

routing.registerRoute(({ url }) => sameOrigin(url) && url.pathname === '/api/v1/bootstrap',
  new strategies.NetworkFirst({
    cacheName: API, networkTimeoutSeconds: 6, plugins: [onlyGood, onlyJson],
    matchOptions: { ignoreVary: true },
  }));

// Network first: online, the server still checks who may see a photo (a 304 keeps it cheap);
// offline, the last copy this user saw. Bounded: the pages ask for one photo per milestone.
routing.registerRoute(({ url }) => sameOrigin(url) && url.pathname.startsWith('/api/v1/photos/'),
  new strategies.NetworkFirst({
    cacheName: PHOTOS, networkTimeoutSeconds: 6,
    plugins: [onlyGood, onlyImages, new expiration.ExpirationPlugin({ maxEntries: 200 })],
  }));

routing.registerRoute(({ url }) => sameOrigin(url) && url.pathname.startsWith('/static/'),
  new strategies.CacheFirst({
    cacheName: 'hadir-static',
    plugins: [onlyGood, new expiration.ExpirationPlugin({ maxEntries: 80,
                                                         maxAgeSeconds: 30 * 24 * 3600 })],
  }));

routing.registerRoute(isPage, new strategies.NetworkFirst({
  cacheName: PAGES, networkTimeoutSeconds: 6, plugins: [onlyGood, onlyOurHtml, offlinePage],
  matchOptions: { ignoreVary: true },
}));

// Login and the rest: network only, but never the browser's own offline error page.
routing.registerRoute(({ request }) => request.mode === 'navigate',
  new strategies.NetworkOnly({ plugins: [offlinePage] }));

self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') self.skipWaiting();
});

// Background Sync: wake an open page to send the outbox (the sender lives in js/sync.js,
// an ES module a classic worker cannot load). Failing makes the browser retry later.
function askToSync(client) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(false), 60000);
    channel.port1.onmessage = (reply) => {
      clearTimeout(timer);
      resolve(Boolean(reply.data?.ok));
    };
    client.postMessage({ type: 'SYNC_OUTBOX' }, [channel.port2]);
  });
}

self.addEventListener('sync', (event) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil((async () => {
    const [client] = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    // No page open: the app sends on its next start.
    if (client && !(await askToSync(client))) throw new Error('outbox not sent yet');
  })());
});
