// The installable app around the pages: service worker registration and updates, per-user
// caches, and a logout that never silently strands unsent records.
import * as outbox from './outbox.js';
import { ask } from './dialog.js';
import { resumeSync, stopSync } from './sync.js';

// Runtime caches holding one user's pages, data and photos (names match sw.js).
const USER_CACHES = ['hadir-pages', 'hadir-api', 'hadir-photos'];

export async function clearUserCaches() {
  if (!('caches' in self)) return;
  await Promise.all(USER_CACHES.map((name) => caches.delete(name)));
}

// A new version installed and waiting: offer it; the button lets it take over, then reloads.
function offerUpdate(worker) {
  const banner = document.querySelector('[data-update-banner]');
  if (!banner) return;
  banner.hidden = false;
  banner.querySelector('button').addEventListener('click', () => {
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(),
                                             { once: true });
    worker.postMessage({ type: 'SKIP_WAITING' });
  }, { once: true });
}

function watchForUpdates(registration) {
  // Only a worker that replaces a controlling one waits; the very first one takes over at once.
  if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) offerUpdate(worker);
    });
  });
}

// The page and its data are in the worker's caches: it will open offline after a reload.
function markOfflineReady() {
  document.body.dataset.offlineReady = '1';
}

// Ask the controlling worker to cache `urls` (its routes pick the caches); resolves when it has.
// On a first visit the worker takes control a little later: the request waits for it.
export function cacheUrls(urls) {
  if (!('serviceWorker' in navigator)) return new Promise(() => {});
  return new Promise((resolve) => {
    const send = () => {
      const reply = new MessageChannel();
      reply.port1.onmessage = resolve;
      navigator.serviceWorker.controller.postMessage(
        { type: 'CACHE_URLS', payload: { urlsToCache: urls } }, [reply.port2]);
    };
    if (navigator.serviceWorker.controller) send();
    else navigator.serviceWorker.addEventListener('controllerchange', send, { once: true });
  });
}

// Cache this page and the user's bootstrap, then mark the page offline-ready.
function cacheThisPage() {
  cacheUrls([location.href, '/api/v1/bootstrap']).then(markOfflineReady);
}

// Register /sw.js. A page opened before the worker controlled it (the first visit) was not
// cached on the way in; once the worker takes over, ask it to cache the page and bootstrap.
// `recache`: this page's cached copy was just deleted (forgetPreviousUser), cache it again.
export async function registerServiceWorker({ recache = false } = {}) {
  if (!('serviceWorker' in navigator)) return;
  if (!navigator.serviceWorker.controller) {
    navigator.serviceWorker.addEventListener('controllerchange', cacheThisPage, { once: true });
  } else if (recache) {
    cacheThisPage();
  } else {
    markOfflineReady();
  }
  watchForUpdates(await navigator.serviceWorker.register('/sw.js'));
}

// "Pasang aplikasi": where the browser offers installation (beforeinstallprompt) a button that
// opens its prompt; on iOS Safari, which never offers it, the steps. Dismissed once, it stays
// away on this device; an installed app (standalone) never shows it.
const INSTALL_DISMISSED = 'hadir-install-dismissed';
const IOS_STEPS = 'Pasang Hadir di HP: ketuk Bagikan lalu Tambah ke Layar Utama.';

function installHint() {
  const hint = document.querySelector('[data-install-hint]');
  const installed = matchMedia('(display-mode: standalone)').matches || navigator.standalone;
  if (!hint || installed || localStorage.getItem(INSTALL_DISMISSED)) return null;
  return hint;
}

function hideInstallHint(remember) {
  const hint = document.querySelector('[data-install-hint]');
  if (hint) hint.hidden = true;
  if (remember) localStorage.setItem(INSTALL_DISMISSED, '1');
}

function showInstallHint(hint, { text, prompt }) {
  hint.querySelector('[data-install-text]').textContent = text;
  const button = hint.querySelector('[data-install]');
  button.hidden = !prompt;
  button.onclick = async () => {
    prompt.prompt();
    const { outcome } = await prompt.userChoice;
    hideInstallHint(outcome === 'accepted');
  };
  hint.querySelector('[data-install-dismiss]').onclick = () => hideInstallHint(true);
  hint.hidden = false;
}

export function offerInstall() {
  addEventListener('beforeinstallprompt', (event) => {
    const hint = installHint();
    if (!hint) return;
    event.preventDefault();  // our button opens the prompt, not the browser's mini-bar
    showInstallHint(hint, { text: 'Pasang Hadir di layar utama agar cepat dibuka, juga tanpa '
                                  + 'sinyal.', prompt: event });
  });
  addEventListener('appinstalled', () => hideInstallHint(true));
  const agent = navigator.userAgent;
  const ios = /iPhone|iPad|iPod/.test(agent) && !/CriOS|FxiOS/.test(agent);  // Safari only
  const hint = installHint();
  if (ios && hint) showInstallHint(hint, { text: IOS_STEPS, prompt: null });
}

// Another user logged in on this device: the previous user's cached pages and data go
// (their unsent outbox entries stay, bound to them). Resolves to true when it deleted them,
// this page's own cached copy among them.
export async function forgetPreviousUser(user) {
  const previous = await outbox.getMeta('user_id');
  const switched = previous != null && previous !== user.id;
  if (switched) {
    await clearUserCaches();
    await outbox.clearUserData();
  }
  await outbox.setMeta('user_id', user.id);
  return switched;
}

// Ask the browser not to evict the outbox (IndexedDB) when the phone runs low on storage.
// Browsers may refuse or decide silently; the app works the same either way.
export function askPersistentStorage() {
  navigator.storage?.persist?.().catch(() => {});
}

// Every response refreshes the session cookie, so a request still in flight with the old
// cookie can log the user back in after logout. Stop the outbox sender and let its pass end;
// the worker's update check (of /sw.js and its imports) is the one the page does not start
// itself: let it finish too, then log out with fetch (no navigation, hence no new update
// check) and only then leave the page. The button says which step it is at: that wait can
// last seconds on a slow network.
async function logOut(form, button) {
  button.disabled = true;
  button.textContent = 'Mengirim…';
  await stopSync();
  button.textContent = 'Keluar…';
  const registration = await navigator.serviceWorker?.getRegistration();
  await registration?.update().catch(() => {});
  const fresh = await fetch('/api/v1/auth/csrf', { credentials: 'same-origin' })
    .then((response) => response.json());
  const body = new FormData(form);
  // A page served from the cache may carry an older session's token.
  body.set('csrf_token', fresh.csrf_token);
  const response = await fetch(form.action, { method: 'POST', body, credentials: 'same-origin' });
  if (!response.ok) throw new Error(`logout: HTTP ${response.status}`);
  return response.url;
}

// Logout: with an empty outbox, clear this user's caches and data. With unsent records, warn
// and let the user stay; if they leave anyway the records stay on the device, bound to them.
export function guardLogout() {
  for (const form of document.querySelectorAll('form[data-logout]')) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const unsent = (await outbox.all()).length;
      if (unsent) {
        const leave = await ask(
          `Masih ada ${unsent} catatan belum terkirim. Catatan tetap tersimpan di perangkat ini `
          + 'dan dikirim setelah Anda masuk lagi.',
          [{ label: 'Tetap di sini', value: false, kind: 'primary', testid: 'logout-stay' },
           { label: 'Keluar saja', value: true, testid: 'logout-anyway' }]);
        if (!leave) return;
      }
      const button = form.querySelector('button[type=submit]');
      let next;
      try {
        next = await logOut(form, button);
      } catch {
        button.disabled = false;
        button.textContent = 'Keluar';
        resumeSync();
        await ask('Belum bisa keluar: tidak ada sinyal. Coba lagi nanti.', [{ label: 'OK', value: true }]);
        return;
      }
      await clearUserCaches();
      if (!unsent) await outbox.clearUserData();
      location.replace(next);
    });
  }
}
