// Sends the outbox to POST /api/v1/sync, exactly as ../shared/DESIGN.md "Sync" says:
// photos first, batches of at most 200, and an entry leaves the outbox only on
// created / duplicate / conflict. Anything transient keeps it queued and retries with backoff.
import * as outbox from './outbox.js';

const BATCH_SIZE = 200;
const LOCK_NAME = 'hadir-sync';
export const SYNC_TAG = 'hadir-outbox';
const SETTLED = new Set(['created', 'duplicate', 'conflict']);

class Expired extends Error {}
class Transient extends Error {}

// What the UI shows. `phase`: idle | syncing | offline | expired | error.
const state = { phase: 'idle', lastSync: null, failures: 0, nextRetryAt: null, userId: null };
export const status = new EventTarget();

export function getStatus() {
  return { ...state, online: navigator.onLine };
}

export function onStatus(listener) {
  status.addEventListener('change', listener);
  return () => status.removeEventListener('change', listener);
}

function setState(change) {
  Object.assign(state, change);
  status.dispatchEvent(new Event('change'));
}

// Bytes on every sync request. Referer: the origin only, not the page's path; not none, as
// over HTTPS the server's CSRF check refuses an unsafe request without a same-origin Referer.
// A GET must never come from the HTTP cache; a POST or PUT never does, and 'no-store' would
// only add `Pragma` and `Cache-Control` request headers to it.
const REFERRER_POLICY = 'origin';
const cacheMode = (method) => (method === 'GET' ? 'no-store' : 'default');

async function call(method, url, { body, headers = {} } = {}) {
  try {
    return await fetch(url, { method, body, headers, credentials: 'same-origin',
                              cache: cacheMode(method), referrerPolicy: REFERRER_POLICY });
  } catch (error) {
    throw new Transient(`${method} ${url}: ${error.message}`);
  }
}

function failIfBad(response) {
  if (response.status === 401) throw new Expired();
  if (!response.ok) throw new Transient(`HTTP ${response.status} from ${response.url}`);
  return response;
}

async function freshToken() {
  const response = failIfBad(await call('GET', '/api/v1/auth/csrf'));
  return (await response.json()).csrf_token;
}

async function isCsrfFailure(response) {
  if (response.status !== 400) return false;
  const body = await response.clone().json().catch(() => null);
  return body?.error?.code === 'csrf_failed';
}

// An unsafe request with the run's CSRF token; on `csrf_failed` fetch a new token once.
async function unsafe(run, method, url, { body, headers = {} }) {
  let response = await call(method, url, { body, headers: { ...headers, 'X-CSRFToken': run.token } });
  if (await isCsrfFailure(response)) {
    run.token = await freshToken();
    response = await call(method, url, { body, headers: { ...headers, 'X-CSRFToken': run.token } });
  }
  return response;
}

// Upload an entry's photo. Returns false when the entry must wait (transient failure).
async function sendPhoto(run, entry) {
  const { photo } = entry;
  const response = await unsafe(run, 'PUT', `/api/v1/photos/${photo.id}`,
                                { body: photo.blob, headers: { 'Content-Type': photo.type } });
  if (response.ok) {
    await outbox.markPhoto(entry.id, 'sent');
    return true;
  }
  if ([409, 413, 415, 422].includes(response.status)) {
    // The server will never take this photo; the check-in still counts, flagged.
    await outbox.markPhoto(entry.id, 'refused');
    return true;
  }
  failIfBad(response);
  return false;
}

async function sendBatch(run, entries) {
  const body = JSON.stringify({
    device_id: run.deviceId, sent_at: outbox.localIso(),
    entries: entries.map(({ id, kind, captured_at, data }) => ({ id, kind, captured_at, data })),
  });
  const response = failIfBad(await unsafe(run, 'POST', '/api/v1/sync', {
    body, headers: { 'Content-Type': 'application/json' },
  }));
  const results = new Map((await response.json()).results.map((r) => [r.id, r]));
  const settled = [];
  const rejected = [];
  for (const entry of entries) {
    const result = results.get(entry.id);
    if (result && SETTLED.has(result.status)) settled.push({ id: entry.id, record: result.record });
    else if (result?.status === 'rejected') rejected.push({ id: entry.id, errors: result.errors });
  }
  await outbox.applyResults({ settled, rejected });
  // `error`, or no result for an entry: it stays queued for the next run.
  return settled.length + rejected.length === entries.length;
}

// One full pass. Returns true when nothing transient is left over.
async function sendAll() {
  const me = await (failIfBad(await call('GET', '/api/v1/me'))).json();
  setState({ userId: me.id });
  // Only the logged-in user's entries: others wait until their owner logs in again.
  const queued = await outbox.pending(me.id);
  if (!queued.length) return true;
  const run = { token: await freshToken(), deviceId: await outbox.deviceId() };
  let complete = true;
  const ready = [];
  for (const entry of queued) {
    if (entry.photo?.state === 'pending' && !(await sendPhoto(run, entry))) complete = false;
    else ready.push(entry);
  }
  for (let i = 0; i < ready.length; i += BATCH_SIZE) {
    complete = (await sendBatch(run, ready.slice(i, i + BATCH_SIZE))) && complete;
  }
  return complete;
}

let retryTimer = null;

function scheduleRetry(failures) {
  clearTimeout(retryTimer);
  const seconds = Math.min(2 ** failures, 300);
  const delay = (seconds + Math.random() * seconds * 0.25) * 1000;
  retryTimer = setTimeout(() => syncNow(), delay);
  return Date.now() + delay;
}

async function runOnce() {
  clearTimeout(retryTimer);
  if (!navigator.onLine) {
    setState({ phase: 'offline', nextRetryAt: null });
    return { ok: false, reason: 'offline' }; // the `online` event starts the next run
  }
  setState({ phase: 'syncing' });
  try {
    const complete = await sendAll();
    if (!complete) throw new Transient('some entries are still waiting');
    const lastSync = new Date().toISOString();
    await outbox.setMeta('last_sync', lastSync);
    setState({ phase: 'idle', lastSync, failures: 0, nextRetryAt: null });
    return { ok: true };
  } catch (error) {
    if (error instanceof Expired) {
      setState({ phase: 'expired', nextRetryAt: null });
      return { ok: false, reason: 'expired' };
    }
    if (!(error instanceof Transient)) console.error('sync failed', error);
    const failures = state.failures + 1;
    setState({ phase: navigator.onLine ? 'error' : 'offline', failures,
               nextRetryAt: scheduleRetry(failures) });
    registerBackgroundSync();
    return { ok: false, reason: 'retry' };
  }
}

function withLock(task) {
  // One sender per device: tabs and the background-sync wake-up queue behind each other.
  return navigator.locks ? navigator.locks.request(LOCK_NAME, task) : task();
}

let running = null;
let again = false;
let stopped = false;

// Send everything that can be sent now. Calls during a run are folded into one more run,
// so an entry queued meanwhile is not left behind. Resolves to {ok, reason?}.
export function syncNow() {
  if (stopped) return Promise.resolve({ ok: false, reason: 'stopped' });
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    let result;
    do {
      again = false;
      result = await withLock(runOnce);
    } while (again && result.ok && !stopped);
    return result;
  })().finally(() => { running = null; });
  return running;
}

// Logout stops the sender and waits for its current pass, at most `waitMs` on a hung network:
// every response refreshes the session cookie, so one arriving after the logout's would log
// the user back in.
export async function stopSync(waitMs = 10000) {
  stopped = true;
  clearTimeout(retryTimer);
  if (running) await Promise.race([running, new Promise((done) => setTimeout(done, waitMs))]);
}

// The logout did not happen (no signal): send again as before.
export function resumeSync() {
  stopped = false;
  return syncNow();
}

// Ask the browser to wake the service worker when connectivity returns (Chromium only).
export async function registerBackgroundSync() {
  const registration = await navigator.serviceWorker?.getRegistration();
  await registration?.sync?.register(SYNC_TAG).catch(() => {});
}

let started = false;

// Wire every trigger once per page: start, `online`, becoming visible, a new entry,
// the service worker's background-sync message.
export async function startAutoSync() {
  if (started) return;
  started = true;
  setState({ lastSync: (await outbox.getMeta('last_sync')) || null });
  addEventListener('online', () => syncNow());
  addEventListener('offline', () => setState({ phase: 'offline' }));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') syncNow();
  });
  outbox.onChange((event) => {
    if (event.detail.queued) syncNow();
  });
  navigator.serviceWorker?.addEventListener('message', async (event) => {
    if (event.data?.type !== 'SYNC_OUTBOX') return;
    const result = await syncNow();
    event.ports[0]?.postMessage({ ok: result.ok });
  });
  syncNow();
}
