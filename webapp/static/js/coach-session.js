// The coach's session page: the rotating code and its QR (computed here from the session
// secret, so it keeps turning with no network), the roster with one tap per status, and the
// session log. Every tap is a `mark` / `session_log` entry in the one outbox (outbox.js);
// sync.js sends them. The page's data is in its HTML, so the cached page works offline.
import * as outbox from './outbox.js';
import { markReady, started } from './app.js';
import { codeAt } from './totp.js';
import { localTime } from './format.js';
import qrcode from '/static/vendor/qrcode/qrcode.mjs';

const root = document.querySelector('[data-coach-session]');
const data = JSON.parse(root.dataset.coachSession);
const sessionId = data.session.id;
const timeZone = data.session.timezone;
const STATUS_LABELS = { hadir: 'Hadir', terlambat: 'Terlambat', izin: 'Izin', sakit: 'Sakit',
                        dinas_luar: 'Dinas luar', alpa: 'Alpa' };
const STATE_LABELS = { planned: 'Direncanakan', held: 'Terlaksana', cancelled: 'Dibatalkan' };
// The server corrects a phone's clock only when it is more than this off (services/clock.py);
// the code follows the same rule, so both sides judge time alike.
const OFFSET_KEY = 'clock_offset_ms';
const REFRESH_MS = 20000;

let clockOffsetMs = 0;
let server = new Map(data.attendance.map((a) => [a.user_id, a]));
// Per participant: wrong codes so far, refused for too many, a right code kept for the coach.
let codes = new Map((data.codes || []).map((c) => [c.user_id, c]));
// When `server` was read: the page's render time at first (older if the page came from the cache).
let serverAsOf = Date.parse(data.server_time);
const touchedSkills = new Set(); // rows whose ticks the coach changed since the last save

const rows = () => [...root.querySelectorAll('[data-testid=roster-row]')];
const rowOf = (userId) => root.querySelector(`[data-testid=roster-row][data-user-id="${userId}"]`);
// The code must follow the server's clock to within a step (30 s), so even a small measured
// offset is applied; the server checks codes the same way (services/clock.exact).
const now = () => Date.now() + clockOffsetMs;

// --- rotating code --------------------------------------------------------------------------

let shown = null;

function drawQr(text) {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const canvas = root.querySelector('[data-code-qr]');
  const count = qr.getModuleCount();
  const quiet = 4;
  const cell = Math.floor(canvas.width / (count + quiet * 2));
  const offset = Math.floor((canvas.width - cell * count) / 2);
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#000';
  for (let r = 0; r < count; r += 1) {
    for (let c = 0; c < count; c += 1) {
      if (qr.isDark(r, c)) context.fillRect(offset + c * cell, offset + r * cell, cell, cell);
    }
  }
}

async function renderCode() {
  const at = now();
  const code = await codeAt(data.secret, at, data.step_s, data.digits);
  if (code !== shown) {
    shown = code;
    const digits = root.querySelector('[data-code-digits]');
    digits.dataset.code = code;
    digits.replaceChildren(...[code.slice(0, 3), code.slice(3)].map((part) => {
      const span = document.createElement('span');
      span.textContent = part;
      return span;
    }));
    drawQr(`hadir:${sessionId}:${code}`);
  }
  const opens = Date.parse(data.session.opens_at);
  const closes = Date.parse(data.session.closes_at);
  root.querySelector('[data-code-note]').textContent = at < opens
    ? `Sesi belum dimulai: kode diterima mulai ${localTime(data.session.opens_at, timeZone)}.`
    : at > closes ? 'Waktu sesi sudah lewat: kode ini tidak diterima lagi.'
      : 'Kode berganti setiap 30 detik, juga tanpa sinyal.';
  const left = data.step_s - (Math.floor(at / 1000) % data.step_s);
  const countdown = root.querySelector('[data-code-countdown]');
  countdown.max = data.step_s;
  countdown.value = left;
}

// --- roster ---------------------------------------------------------------------------------

// Attendance the sync returned since the last refresh, newer than `server` holds.
async function settled() {
  const user = outbox.pageUser();
  const fresh = new Map();
  for (const record of user ? await outbox.records(user.id) : []) {
    if (record.kind === 'mark' && record.session_id === sessionId && record.status
        && record.settled_at > serverAsOf) fresh.set(record.user_id, record);
  }
  return fresh;
}

// This session's entries still on the phone: the newest mark per participant, the newest log.
async function local() {
  const marks = new Map();
  let log = null;
  for (const entry of await outbox.all()) {
    if (entry.data?.session_id !== sessionId) continue;
    if (entry.kind === 'mark') {
      const previous = marks.get(entry.data.user_id);
      if (!previous || previous.captured_at <= entry.captured_at) marks.set(entry.data.user_id, entry);
    } else if (entry.kind === 'session_log' && (!log || log.captured_at <= entry.captured_at)) {
      log = entry;
    }
  }
  return { marks, log };
}

function stateLine(row, { status, pending, rejected, attendance }) {
  const line = row.querySelector('[data-state-line]');
  line.replaceChildren();
  if (status) {
    const badge = document.createElement('span');
    badge.className = `att att-${status}`;
    badge.textContent = STATUS_LABELS[status];
    line.append(badge);
  }
  const extra = rejected ? ['ditolak', 'rejected'] : pending ? ['menunggu kirim', 'pending']
    : attendance?.source === 'self_code' ? ['kode', 'self'] : null;
  if (extra) {
    const badge = document.createElement('span');
    badge.className = `badge ${extra[1]}`;
    badge.textContent = extra[0];
    line.append(badge);
  }
}

function effective(userId, marks, fresh = new Map()) {
  const entry = marks.get(userId);
  const attendance = fresh.get(userId) || server.get(userId) || null;
  if (entry) {
    return { status: entry.data.status, pending: entry.state === 'queued',
             rejected: entry.state === 'rejected', attendance };
  }
  return { status: attendance?.status || '', pending: false, rejected: false, attendance };
}

function setSkills(row, names) {
  for (const box of row.querySelectorAll('[data-skill]')) box.checked = names.includes(box.dataset.skill);
}

function countSkills(row) {
  const count = row.querySelectorAll('[data-skill]:checked').length;
  const label = row.querySelector('[data-skill-count]');
  if (label) label.textContent = count ? `(${count})` : '';
}

// What the server says of this participant's codes. A right code that came outside the window
// or hours late is not counted: the coach accepts it (a mark with the status it would give)
// or ignores it, until the participant has a status.
function codeCheck(row, info, status) {
  const box = row.querySelector('[data-code-check]');
  const lines = [];
  if (info?.locked) {
    lines.push(`Terlalu banyak percobaan kode (${info.wrong} kode salah): kode peserta ini tidak `
               + 'diterima lagi. Tandai kehadirannya di sini.');
  } else if (info?.wrong) lines.push(`${info.wrong} kode salah dimasukkan.`);
  const late = !status && info?.late;
  if (late) lines.push(`${late.reason} Terima sebagai ${STATUS_LABELS[late.status]}?`);
  box.querySelector('[data-code-check-text]').textContent = lines.join(' ');
  const accept = box.querySelector('[data-accept-code]');
  accept.hidden = !late;
  accept.dataset.status = late ? late.status : '';
  box.hidden = lines.length === 0;
}

async function renderRoster() {
  const { marks, log } = await local();
  const fresh = await settled();
  const tally = {};
  let unmarked = 0;
  for (const row of rows()) {
    const userId = Number(row.dataset.userId);
    const state = effective(userId, marks, fresh);
    row.dataset.status = state.status;
    row.dataset.pending = state.pending ? '1' : '';
    for (const button of row.querySelectorAll('[data-mark]')) {
      button.setAttribute('aria-pressed', String(button.dataset.mark === state.status));
    }
    stateLine(row, state);
    const note = row.querySelector('[data-review-note]');
    note.hidden = !state.attendance?.needs_review || Boolean(marks.get(userId));
    note.textContent = state.attendance?.review_reason || '';
    codeCheck(row, codes.get(userId), state.status);
    if (!touchedSkills.has(userId)) {
      const pendingSkills = log?.data.skills?.[String(userId)];
      setSkills(row, pendingSkills || state.attendance?.skills || []);
    }
    countSkills(row);
    if (state.status) tally[state.status] = (tally[state.status] || 0) + 1;
    else unmarked += 1;
  }
  const parts = Object.entries(STATUS_LABELS).filter(([key]) => tally[key])
    .map(([key, label]) => `${label} ${tally[key]}`);
  if (unmarked) parts.push(`Belum ${unmarked}`);
  root.querySelector('[data-tally]').textContent = parts.join(' · ');
}

async function mark(userId, status) {
  await outbox.enqueue('mark', { session_id: sessionId, user_id: userId, status, note: '' });
}

async function allPresent(button) {
  button.disabled = true;
  try {
    const { marks } = await local();
    const unmarked = rows().map((row) => Number(row.dataset.userId))
      .filter((userId) => !effective(userId, marks).status);
    for (const userId of unmarked) await mark(userId, 'hadir');
    say(unmarked.length ? `${unmarked.length} peserta ditandai hadir.`
      : 'Semua peserta sudah punya status.');
  } finally {
    button.disabled = false;
  }
}

function say(text, kind = 'info') {
  const message = root.querySelector('[data-log-message]');
  message.className = `flash flash-${kind}`;
  message.textContent = text;
  message.hidden = false;
}

// Topic, notes and every marked participant's ticks, as one `session_log`. Someone ticked but
// not yet marked is marked hadir first: showing a skill means they were there.
async function saveLog(form) {
  const { marks } = await local();
  const skills = {};
  for (const row of rows()) {
    const userId = Number(row.dataset.userId);
    const ticked = [...row.querySelectorAll('[data-skill]:checked')].map((b) => b.dataset.skill);
    const status = effective(userId, marks).status;
    if (!status && ticked.length) await mark(userId, 'hadir');
    if (status || ticked.length) skills[String(userId)] = ticked;
  }
  await outbox.enqueue('session_log', {
    session_id: sessionId, topic: form.elements.topic.value.trim(),
    notes: form.elements.notes.value.trim(), skills,
  });
  touchedSkills.clear();
  say('Catatan sesi disimpan di HP; dikirim otomatis saat online.');
}

// --- server refresh (online only) -----------------------------------------------------------

let refreshing = null;

async function refresh() {
  if (!navigator.onLine || refreshing) return refreshing;
  refreshing = (async () => {
    const sent = Date.now();
    const response = await fetch(`/api/v1/sessions/${sessionId}/attendance`,
                                 { credentials: 'same-origin', cache: 'no-store' })
      .catch(() => null);
    if (!response?.ok) return;
    const body = await response.json();
    clockOffsetMs = Date.parse(body.server_time) - (sent + Date.now()) / 2;
    await outbox.setMeta(OFFSET_KEY, clockOffsetMs);
    server = new Map(body.attendance.map((a) => [a.user_id, a]));
    codes = new Map(body.codes.map((c) => [c.user_id, c]));
    serverAsOf = sent;
    const state = root.querySelector('[data-session-state] .state');
    if (state) {
      state.className = `state state-${body.session.status}`;
      state.textContent = STATE_LABELS[body.session.status];
    }
    await renderRoster();
  })().finally(() => { refreshing = null; });
  return refreshing;
}

let soon = null;

function refreshSoon() {
  clearTimeout(soon);
  soon = setTimeout(refresh, 400);
}

async function main() {
  await started;
  const saved = await outbox.getMeta(OFFSET_KEY);
  if (typeof saved === 'number') clockOffsetMs = saved;
  await renderCode();
  setInterval(renderCode, 1000);
  root.addEventListener('click', (event) => {
    const button = event.target.closest('[data-mark]');
    if (button) mark(Number(button.closest('[data-user-id]').dataset.userId), button.dataset.mark);
    const accept = event.target.closest('[data-accept-code]');
    if (accept) mark(Number(accept.closest('[data-user-id]').dataset.userId), accept.dataset.status);
  });
  root.addEventListener('change', (event) => {
    const box = event.target.closest('[data-skill]');
    if (!box) return;
    const row = box.closest('[data-user-id]');
    touchedSkills.add(Number(row.dataset.userId));
    countSkills(row);
  });
  const all = root.querySelector('[data-all-present]');
  all.addEventListener('click', () => allPresent(all));
  const form = root.querySelector('[data-log-form]');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    saveLog(form);
  });
  outbox.onChange(() => {
    renderRoster();
    refreshSoon();
  });
  addEventListener('online', refreshSoon);
  setInterval(() => {
    if (document.visibilityState === 'visible') refresh();
  }, REFRESH_MS);
  await renderRoster();
  markReady();
  refresh();
}

main();
