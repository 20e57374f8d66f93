// The user's offline start-up data (GET /api/v1/bootstrap). The service worker answers from its
// cache when offline; a 401 (session ended on the server) or a captive portal still leaves the
// last good copy usable for reading.

// A body that is not JSON (a captive portal's login page with a 200) counts as no answer.
async function jsonOf(response) {
  if (!response?.ok) return null;
  return response.json().catch(() => null);
}

// The bootstrap of `user` ({id}), or null when there is none for them on this phone.
export async function loadBootstrap(user) {
  let body = await jsonOf(await fetch('/api/v1/bootstrap', { credentials: 'same-origin' })
    .catch(() => null));
  if (!body && 'caches' in self) {
    body = await jsonOf(await caches.match('/api/v1/bootstrap').catch(() => null));
  }
  return body?.user?.id === user?.id ? body : null;
}
