// Sends the outbox to POST /api/v1/sync, exactly as docs/SYNC.md says:
// photos first, batches of at most 200, and an entry leaves the outbox only on
// created / duplicate / conflict. Anything transient keeps it queued and retries with backoff.
// A batch the server keeps failing on (5xx) is split until the entry it cannot process stands
// alone: that entry is held (kept, shown with a reason, retried alone later), the rest is sent.
import * as outbox from './outbox.js';

const BATCH_SIZE = 200;
const LOCK_NAME = 'hadir-sync';
export const SYNC_TAG = 'hadir-outbox';
const SETTLED = new Set(['created', 'duplicate', 'conflict']);

class Expired extends Error {}
class WrongUser extends Error {}
class Transient extends Error {}
// A 5xx other than 503 ("come back later"): the server may be failing on one of the entries.
class ServerFault extends Transient {}

// 5xx answers to batches holding an entry before its batch is split to find the culprit.
const SPLIT_AFTER = 2;
const HOLD_MS = 10 * 60 * 1000;
const HELD_REASON = 'Server gagal memproses entri ini; dicoba lagi otomatis nanti.';

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
  if (response.status >= 500 && response.status !== 503) {
    throw new ServerFault(`HTTP ${response.status} from ${response.url}`);
  }
  if (!response.ok) throw new Transient(`HTTP ${response.status} from ${response.url}`);
  return response;
}

// The CSRF token and the user the page was rendered with (base.html puts them on <body>): a
// pass starts with the sync itself, one round trip. A page can be older than the session (a
// cached page, an expired session); the server then answers 400 csrf_failed (a new token is
// fetched), 401 (log in again) or 409 wrong_user (ask who is logged in: GET /me).
let token = null;
let confirmedUser = null; // a user the server said is logged in, during this page's life

async function freshToken() {
  const response = failIfBad(await call('GET', '/api/v1/auth/csrf'));
  token = (await response.json()).csrf_token;
  return token;
}

async function whoIsLoggedIn() {
  const me = await (failIfBad(await call('GET', '/api/v1/me'))).json();
  confirmedUser = me.id;
  setState({ userId: me.id });
  return me.id;
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

async function isWrongUser(response) {
  if (response.status !== 409) return false;
  const body = await response.clone().json().catch(() => null);
  return body?.error?.code === 'wrong_user';
}

async function sendBatch(run, entries) {
  const body = JSON.stringify({
    device_id: run.deviceId, sent_at: outbox.localIso(), user_id: run.userId,
    entries: entries.map(({ id, kind, captured_at, data }) => ({ id, kind, captured_at, data })),
  });
  const response = await unsafe(run, 'POST', '/api/v1/sync', {
    body, headers: { 'Content-Type': 'application/json' },
  });
  if (await isWrongUser(response)) throw new WrongUser();
  failIfBad(response);
  run.answered = true;
  confirmedUser = run.userId;
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

// Entry id -> 5xx answers in a row to batches that held it (this page's life only).
const faults = new Map();

async function sendOrSplit(run, batch) {
  try {
    const complete = await sendBatch(run, batch);
    batch.forEach((entry) => faults.delete(entry.id));
    return complete;
  } catch (error) {
    if (!(error instanceof ServerFault)) throw error;
    let worst = 0;
    for (const { id } of batch) {
      faults.set(id, (faults.get(id) || 0) + 1);
      worst = Math.max(worst, faults.get(id));
    }
    if (worst < SPLIT_AFTER) throw error; // maybe a passing fault: resend it whole
    return isolate(run, batch);
  }
}

// Send the halves of a batch the server just failed on, and split again the halves that fail,
// until each entry it cannot process stands alone: that one is held, the others are stored on
// the way. When no request of this pass has got through, the server is down rather than fed
// a bad entry: nothing is held, the pass is retried later.
async function isolate(run, entries) {
  if (entries.length === 1) {
    if (!run.answered) throw new ServerFault('the server fails every request');
    const [{ id }] = entries;
    faults.delete(id);
    await outbox.hold(id, HELD_REASON, Date.now() + HOLD_MS);
    return true;
  }
  const half = Math.ceil(entries.length / 2);
  const failing = [];
  let complete = true;
  for (const part of [entries.slice(0, half), entries.slice(half)]) {
    try {
      complete = (await sendBatch(run, part)) && complete;
    } catch (error) {
      if (!(error instanceof ServerFault)) throw error;
      failing.push(part);
    }
  }
  for (const part of failing) complete = (await isolate(run, part)) && complete;
  return complete;
}

// A held entry goes alone, so that it never holds back the others; failing again, it waits
// another HOLD_MS.
async function sendHeld(run, entry) {
  try {
    if (await sendBatch(run, [entry])) return;
  } catch (error) {
    if (!(error instanceof ServerFault)) throw error;
  }
  await outbox.hold(entry.id, HELD_REASON, Date.now() + HOLD_MS);
}

// One full pass. Returns true when nothing transient is left over (held entries wait apart).
async function sendAll() {
  const userId = state.userId ?? outbox.pageUser()?.id ?? await whoIsLoggedIn();
  try {
    return await sendAs(userId);
  } catch (error) {
    if (!(error instanceof WrongUser)) throw error;
    return sendAs(await whoIsLoggedIn());
  }
}

// Only `userId`'s entries: others wait until their owner logs in again.
async function sendAs(userId) {
  setState({ userId });
  const now = Date.now();
  const queued = (await outbox.pending(userId)).filter((entry) => !(entry.held_until > now));
  if (!queued.length) return true;
  // A photo carries no user: it is sent only once the server has confirmed who is logged in.
  if (confirmedUser !== userId && queued.some((entry) => entry.photo?.state === 'pending')) {
    const loggedIn = await whoIsLoggedIn();
    if (loggedIn !== userId) return sendAs(loggedIn);
  }
  token ??= document.body.dataset.csrfToken || null;
  const run = { token: token ?? await freshToken(), deviceId: await outbox.deviceId(), userId,
                answered: false };
  let complete = true;
  const ready = [];
  const held = [];
  for (const entry of queued) {
    if (entry.photo?.state === 'pending' && !(await sendPhoto(run, entry))) complete = false;
    else (entry.held_until ? held : ready).push(entry);
  }
  for (let i = 0; i < ready.length; i += BATCH_SIZE) {
    complete = (await sendOrSplit(run, ready.slice(i, i + BATCH_SIZE))) && complete;
  }
  for (const entry of held) await sendHeld(run, entry);
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

// Held entries wait apart from the retries: send again when the first one is due.
async function wakeForHeld() {
  const due = (await outbox.pending(state.userId)).map((entry) => entry.held_until || Infinity);
  const first = Math.min(...due);
  if (first < Infinity) retryTimer = setTimeout(() => syncNow(), Math.max(first - Date.now(), 0));
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
    await wakeForHeld();
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
