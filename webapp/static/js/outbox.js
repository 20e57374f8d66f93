// The device's outbox. Every record a user makes is written here first, with its own UUID
// and capture time, bound to the user who made it; sending is a separate step (sync.js).
// One queue for every kind (checkin, self_attend, mark, session_log, leave).
import { openDB } from '/static/vendor/idb/index.js';

const DB_NAME = 'hadir';
const DB_VERSION = 1;
const channel = 'BroadcastChannel' in self ? new BroadcastChannel('hadir-outbox') : null;

// 'change' fires after any write here, in this tab (directly) and in other tabs (via the
// channel); `event.detail.queued` is true when something new waits to be sent.
export const events = new EventTarget();
const dispatch = (detail) => events.dispatchEvent(new CustomEvent('change', { detail }));
channel?.addEventListener('message', (message) => dispatch(message.data));

// Writes come in bursts ("semua hadir" queues a mark per participant, a sync settles 200
// entries): listeners hear at most one change per 50 ms, `queued` if any write queued.
const CHANGE_COALESCE_MS = 50;
let pendingChange = null;

function changed(queued = false) {
  if (pendingChange) {
    pendingChange.queued ||= queued;
    return;
  }
  pendingChange = { queued };
  setTimeout(() => {
    const detail = pendingChange;
    pendingChange = null;
    dispatch(detail);
    channel?.postMessage(detail);
  }, CHANGE_COALESCE_MS);
}

export function onChange(listener) {
  events.addEventListener('change', listener);
  return () => events.removeEventListener('change', listener);
}

let opening = null;

function db() {
  opening ??= openDB(DB_NAME, DB_VERSION, {
    upgrade(database) {
      database.createObjectStore('outbox', { keyPath: 'id' });
      // Records the server returned for sent entries, so history shows them before the next
      // bootstrap arrives.
      database.createObjectStore('records', { keyPath: 'id' });
      database.createObjectStore('meta');
    },
    blocking() {
      // A newer version of the app wants to upgrade the schema: let it.
      opening?.then((database) => database.close());
      opening = null;
    },
  });
  return opening;
}

// ISO 8601 in the device's own zone with its UTC offset, e.g. 2026-07-07T07:28:41+07:00.
export function localIso(date = new Date()) {
  const pad = (n) => String(Math.abs(Math.trunc(n))).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
    + `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
    + `${offset < 0 ? '-' : '+'}${pad(offset / 60)}:${pad(offset % 60)}`;
}

// The logged-in user as the server rendered the page (base.html puts it on <body>).
export function pageUser() {
  const { userId, userName } = document.body.dataset;
  return userId ? { id: Number(userId), name: userName || '' } : null;
}

// Queue a record. `photo` (a Blob) is stored with the entry and uploaded before it;
// its new UUID goes into data.photo_id. Returns the stored entry.
export async function enqueue(kind, data, { photo = null, capturedAt = new Date(), user = pageUser() } = {}) {
  if (!user) throw new Error('enqueue needs a logged-in user');
  const entry = {
    id: crypto.randomUUID(), kind, captured_at: localIso(capturedAt), data: { ...data },
    user_id: user.id, user_name: user.name, state: 'queued', errors: null,
    queued_at: Date.now(), photo: null,
  };
  if (photo) {
    entry.photo = { id: crypto.randomUUID(), blob: photo, type: photo.type, state: 'pending' };
    entry.data.photo_id = entry.photo.id;
  }
  await (await db()).put('outbox', entry);
  changed(true);
  return entry;
}

// Every entry on this device, oldest first (any user, queued and rejected).
export async function all() {
  const entries = await (await db()).getAll('outbox');
  return entries.sort((a, b) => a.queued_at - b.queued_at);
}

const ofUser = (userId) => (entry) => userId == null || entry.user_id === userId;

// Entries waiting to be sent; only `userId`'s when given.
export async function pending(userId = null) {
  return (await all()).filter((e) => e.state === 'queued' && ofUser(userId)(e));
}

// Entries the server refused, with `errors`; only `userId`'s when given.
export async function rejected(userId = null) {
  return (await all()).filter((e) => e.state === 'rejected' && ofUser(userId)(e));
}

export async function get(id) {
  return (await db()).get('outbox', id);
}

async function update(id, change) {
  const tx = (await db()).transaction('outbox', 'readwrite');
  const entry = await tx.store.get(id);
  if (entry) await tx.store.put({ ...entry, ...change(entry) });
  await tx.done;
  if (entry) changed();
  return entry;
}

// The user gives up on an entry (only rejected ones are offered for this in the UI).
export async function discard(id) {
  await (await db()).delete('outbox', id);
  changed();
}

// A fixed entry is a new record: new id, same kind, user, capture time and photo.
export async function replaceRejected(id, newData) {
  const tx = (await db()).transaction('outbox', 'readwrite');
  const old = await tx.store.get(id);
  if (!old) {
    await tx.done;
    throw new Error(`no outbox entry ${id}`);
  }
  const data = { ...newData };
  if (old.photo) data.photo_id = old.photo.id;
  const entry = { ...old, id: crypto.randomUUID(), data, state: 'queued', errors: null,
                  queued_at: Date.now() };
  await tx.store.delete(id);
  await tx.store.put(entry);
  await tx.done;
  changed(true);
  return entry;
}

// --- used by sync.js ---

// A batch's answers in one transaction and one change event (a page re-renders once per
// batch, not once per entry): `settled` entries leave the outbox, their records (if any) are
// kept; `rejected` ones stay, with the server's reasons, until the user fixes or discards them.
export async function applyResults({ settled = [], rejected = [] }) {
  const tx = (await db()).transaction(['outbox', 'records'], 'readwrite');
  const store = tx.objectStore('outbox');
  for (const { id, record } of settled) {
    const entry = await store.get(id);
    await store.delete(id);
    if (record && entry) {
      // `owner_id` is who sent it; the record's own `user_id` (a mark's participant) stays.
      await tx.objectStore('records').put({ ...record, id, owner_id: entry.user_id,
                                            settled_at: Date.now() });
    }
  }
  for (const { id, errors } of rejected) {
    const entry = await store.get(id);
    if (entry) await store.put({ ...entry, state: 'rejected', errors: errors || {}, held_until: null });
  }
  await tx.done;
  changed();
}

// The server failed on this entry alone, again and again (sync.js isolated it): it stays
// queued, shown with `reason` until it is sent or discarded, and goes alone, not before
// `until` (ms), so that it never holds back the others.
export function hold(id, reason, until) {
  return update(id, () => ({ errors: { _server: [reason] }, held_until: until }));
}

// The photo is on the server ('sent') or was refused for good ('refused': the entry still
// goes, and the server flags the missing photo).
export function markPhoto(id, state) {
  return update(id, (entry) => ({ photo: { ...entry.photo, state } }));
}

// Records the server returned for `userId`'s sent entries, newest first. (Records stored
// before `owner_id` existed carried the sender in `user_id`.)
export async function records(userId) {
  const rows = await (await db()).getAll('records');
  return rows.filter((r) => (r.owner_id ?? r.user_id) === userId)
    .sort((a, b) => (a.captured_at < b.captured_at ? 1 : -1));
}

export async function getMeta(key) {
  return (await db()).get('meta', key);
}

export async function setMeta(key, value) {
  await (await db()).put('meta', value, key);
}

// This device's id for sync requests; made once, kept across users and logouts.
export async function deviceId() {
  let id = await getMeta('device_id');
  if (!id) {
    id = crypto.randomUUID();
    await setMeta('device_id', id);
  }
  return id;
}

// Forget what belongs to the logged-in user (received records, last sync, who was here);
// the outbox itself is never touched here.
export async function clearUserData() {
  const tx = (await db()).transaction(['records', 'meta'], 'readwrite');
  await tx.objectStore('records').clear();
  for (const key of await tx.objectStore('meta').getAllKeys()) {
    if (key !== 'device_id') await tx.objectStore('meta').delete(key);
  }
  await tx.done;
  changed();
}
