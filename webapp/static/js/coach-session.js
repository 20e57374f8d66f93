// The coach's session page: the rotating code and its QR (computed here from the session
// secret, so it keeps turning with no network), the roster with one tap per status, and the
// session log. Every tap is a `mark` / `session_log` entry in the one outbox (outbox.js);
// sync.js sends them. The page's data is in its HTML, so the cached page works offline.
import * as outbox from './outbox.js';
import { markReady, started } from './app.js';
import { codeAt } from './totp.js';
import { localTime } from './format.js';
import { el } from './dom.js';
import { ATTENDANCE_LABELS as STATUS_LABELS, SESSION_STATE_LABELS as STATE_LABELS } from './vocabulary.js';
import qrcode from '/static/vendor/qrcode/qrcode.mjs';

const root = document.querySelector('[data-coach-session]');
const data = JSON.parse(root.dataset.coachSession);
const sessionId = data.session.id;
const timeZone = data.session.timezone;
// The server corrects a phone's clock only when it is more than this off (services/clock.py);
// the code follows the same rule, so both sides judge time alike.
const OFFSET_KEY = 'clock_offset_ms';
const REFRESH_MS = 20000;

let clockOffsetMs = 0;

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

// --- what the phone knows -------------------------------------------------------------------
//
// The page renders from the freshest state this phone has: the newest server snapshot (the
// page's own data, or the last online refresh, kept in the outbox's meta store), then the
// records the sync returned since that snapshot, then this session's entries still in the
// outbox. A page served from the cache after going offline thus never shows older truth than
// the phone already received, and every edit carries what the coach saw (`base`), so the server
// never lets a stale view silently replace a newer value (it keeps both: a conflict).

const SNAPSHOT_KEY = `coach_session_${sessionId}`;

function snapshotOf(body, asOf) {
  return { asOf, attendance: body.attendance, conflicts: body.conflicts || [],
           // Per participant: wrong codes so far, refused for too many, a right code kept.
           codes: body.codes || [],
           session: { status: body.session.status, topic: body.session.topic,
                      notes: body.session.notes } };
}

// The page's data was read on the server's clock; records are stamped on this phone's.
let snapshot = null;

async function loadSnapshot() {
  const fromPage = snapshotOf(data, Date.parse(data.server_time) - clockOffsetMs);
  const saved = await outbox.getMeta(SNAPSHOT_KEY);
  snapshot = saved?.asOf > fromPage.asOf ? saved : fromPage;
}

// The snapshot with the sync's records since it: attendance by participant, the session's
// topic/notes/status, the open conflicts, and the participants' codes as last seen.
async function known() {
  const codes = new Map((snapshot.codes || []).map((c) => [c.user_id, c]));
  const attendance = new Map(snapshot.attendance.map((a) => [a.user_id, { ...a }]));
  const session = { ...snapshot.session };
  let conflicts = [...snapshot.conflicts];
  const user = outbox.pageUser();
  const fresh = (user ? await outbox.records(user.id) : [])
    .filter((r) => r.session_id === sessionId && r.settled_at > snapshot.asOf)
    .sort((a, b) => a.settled_at - b.settled_at);
  for (const record of fresh) {
    if (record.kind === 'mark' && record.status) {
      const { user_id: userId, status, source, needs_review: review, review_reason: reason,
              skills, self_attended_at: selfAt } = record;
      attendance.set(userId, { ...attendance.get(userId), user_id: userId, status, source,
                               needs_review: review, review_reason: reason,
                               self_attended_at: selfAt, ...(skills ? { skills } : {}) });
      if (record.conflicts) {
        conflicts = [...conflicts.filter((c) => c.user_id !== userId), ...record.conflicts];
      }
    } else if (record.kind === 'session_log') {
      Object.assign(session, { status: record.status, topic: record.topic,
                               notes: record.notes });
      for (const [userId, skills] of Object.entries(record.skills || {})) {
        const row = attendance.get(Number(userId));
        if (row) attendance.set(Number(userId), { ...row, skills });
      }
      if (record.conflicts) conflicts = record.conflicts;
    }
  }
  return { attendance, session, conflicts, codes };
}

// This session's entries still on the phone: the newest mark per participant, and what the
// queued logs change, field by field, oldest first (a log from before `base` sets them all).
async function local() {
  const marks = new Map();
  const log = { skills: {} };
  for (const entry of await outbox.all()) {
    if (entry.data?.session_id !== sessionId) continue;
    if (entry.kind === 'mark') {
      const previous = marks.get(entry.data.user_id);
      if (!previous || previous.captured_at <= entry.captured_at) marks.set(entry.data.user_id, entry);
    } else if (entry.kind === 'session_log' && entry.state === 'queued') {
      const { topic, notes, skills } = entry.data;
      if (topic !== undefined) log.topic = topic;
      if (notes !== undefined) log.notes = notes;
      Object.assign(log.skills, skills || {});
    }
  }
  return { marks, log };
}

async function state() {
  return { ...await known(), ...await local() };
}

// --- roster ---------------------------------------------------------------------------------

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

function effective(userId, { marks, attendance }) {
  const entry = marks.get(userId);
  const stored = attendance.get(userId) || null;
  if (entry) {
    return { status: entry.data.status, pending: entry.state === 'queued',
             rejected: entry.state === 'rejected', attendance: stored };
  }
  return { status: stored?.status || '', pending: false, rejected: false, attendance: stored };
}

// What each form field and row showed when last rendered: the `base` of the coach's edits.
const seen = { topic: '', notes: '', skills: new Map() };
const touched = new Set(); // 'topic', 'notes' and the ids of rows whose ticks changed

function setSkills(row, names) {
  for (const box of row.querySelectorAll('[data-skill]')) box.checked = names.includes(box.dataset.skill);
}

function ticked(row) {
  return [...row.querySelectorAll('[data-skill]:checked')].map((box) => box.dataset.skill);
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

const skillList = (names) => (names.length ? names.join(', ') : 'tidak ada');
const quoted = (text) => (text ? `«${text}»` : 'kosong');

// One open conflict: the stored value, what the other edit wanted, and a button for each.
function conflictBox(text, choices) {
  const box = el('div', { className: 'conflict-note small', dataset: { testid: 'conflict' } },
                 el('p', {}, text));
  for (const [label, pick] of choices) {
    box.append(el('button', { type: 'button', className: 'secondary', onclick: pick }, label));
  }
  return box;
}

function rowConflicts(row, userId, now) {
  const mine = now.conflicts.filter((c) => c.user_id === userId);
  const status = now.attendance.get(userId)?.status || null;
  const skills = now.attendance.get(userId)?.skills || [];
  const boxes = [];
  // A tap or a save since is the coach's answer, on its way to the server.
  if (!now.marks.get(userId)) {
    for (const conflict of mine.filter((c) => c.field === 'status' && c.value !== status)) {
      boxes.push(conflictBox(
        `Bentrok: ${conflict.sent_by} menandai ${STATUS_LABELS[conflict.value]} dari tampilan `
        + `lama, tetapi tersimpan ${STATUS_LABELS[status] || 'belum ada'}. Pilih yang benar:`,
        [[`Tetap ${STATUS_LABELS[status]}`, () => mark(userId, status, status)],
         [`Ganti ke ${STATUS_LABELS[conflict.value]}`, () => mark(userId, conflict.value, status)]]));
    }
  }
  if (!(String(userId) in now.log.skills)) {
    for (const conflict of mine.filter((c) => c.field === 'skills')) {
      boxes.push(conflictBox(
        `Kompetensi bentrok: ${conflict.sent_by} mengirim ${skillList(conflict.value)}; `
        + `tersimpan ${skillList(skills)}. Pilih yang benar:`,
        [['Tetap yang tersimpan', () => sendLog({ skills: { [userId]: skills } },
                                                { skills: { [userId]: skills } })],
         ['Pakai kiriman itu', () => sendLog({ skills: { [userId]: conflict.value } },
                                              { skills: { [userId]: skills } })]]));
    }
  }
  row.querySelector('[data-conflicts]').replaceChildren(...boxes);
}

async function renderRoster() {
  const now = await state();
  const tally = {};
  let unmarked = 0;
  for (const row of rows()) {
    const userId = Number(row.dataset.userId);
    const current = effective(userId, now);
    row.dataset.status = current.status;
    row.dataset.pending = current.pending ? '1' : '';
    for (const button of row.querySelectorAll('[data-mark]')) {
      button.setAttribute('aria-pressed', String(button.dataset.mark === current.status));
    }
    stateLine(row, current);
    const note = row.querySelector('[data-review-note]');
    note.hidden = !current.attendance?.needs_review || Boolean(now.marks.get(userId));
    note.textContent = current.attendance?.review_reason || '';
    codeCheck(row, now.codes.get(userId), current.status);
    if (!touched.has(userId)) {
      const skills = now.log.skills[String(userId)] || current.attendance?.skills || [];
      seen.skills.set(userId, skills);
      setSkills(row, skills);
    }
    rowConflicts(row, userId, now);
    countSkills(row);
    if (current.status) tally[current.status] = (tally[current.status] || 0) + 1;
    else unmarked += 1;
  }
  const parts = Object.entries(STATUS_LABELS).filter(([key]) => tally[key])
    .map(([key, label]) => `${label} ${tally[key]}`);
  if (unmarked) parts.push(`Belum ${unmarked}`);
  root.querySelector('[data-tally]').textContent = parts.join(' · ');
  const badge = root.querySelector('[data-session-state] .state');
  if (badge) {
    badge.className = `state state-${now.session.status}`;
    badge.textContent = STATE_LABELS[now.session.status];
  }
  renderLog(now);
}

function renderLog(now) {
  const form = root.querySelector('[data-log-form]');
  const boxes = [];
  for (const name of ['topic', 'notes']) {
    const stored = now.session[name] || '';
    if (!touched.has(name)) {
      seen[name] = now.log[name] ?? stored;
      form.elements[name].value = seen[name];
    }
    if (now.log[name] !== undefined) continue;
    const label = name === 'topic' ? 'Topik' : 'Catatan';
    for (const conflict of now.conflicts.filter((c) => c.field === name)) {
      boxes.push(conflictBox(
        `${label} bentrok: tersimpan ${quoted(stored)}; ${conflict.sent_by} mengirim `
        + `${quoted(conflict.value)} dari tampilan lama. Pilih yang benar:`,
        [['Tetap yang tersimpan', () => sendLog({ [name]: stored }, { [name]: stored })],
         ['Pakai kiriman itu', () => sendLog({ [name]: conflict.value }, { [name]: stored })]]));
    }
  }
  root.querySelector('[data-log-conflicts]').replaceChildren(...boxes);
}

// `base` is the status the coach saw: read now, not from the last render, so a tap right after
// "Semua hadir" sees the hadir it just queued.
async function mark(userId, status, base) {
  const seenStatus = base !== undefined ? base : effective(userId, await state()).status || null;
  await outbox.enqueue('mark', { session_id: sessionId, user_id: userId, status, note: '',
                                 base: { status: seenStatus } });
}

// Only participants with no status yet: the label says so, and the server refuses to let a
// stale view replace a status set meanwhile.
async function allPresent(button) {
  button.disabled = true;
  try {
    const now = await state();
    const unmarked = rows().map((row) => Number(row.dataset.userId))
      .filter((userId) => !effective(userId, now).status);
    for (const userId of unmarked) await mark(userId, 'hadir', null);
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

function sendLog(fields, base) {
  return outbox.enqueue('session_log', { session_id: sessionId, ...fields, base });
}

// Only what the coach changed: the topic, the notes, the ticks of rows touched since the last
// save, each with the value it showed. Someone ticked but not yet marked is marked hadir
// first: showing a skill means they were there.
async function saveLog(form) {
  const now = await state();
  const fields = {};
  const base = {};
  for (const name of ['topic', 'notes']) {
    const value = form.elements[name].value.trim();
    if (touched.has(name) && value !== seen[name]) {
      fields[name] = value;
      base[name] = seen[name];
    }
  }
  for (const row of rows()) {
    const userId = Number(row.dataset.userId);
    if (!touched.has(userId)) continue;
    const names = ticked(row);
    if (!effective(userId, now).status && names.length) await mark(userId, 'hadir', null);
    fields.skills ??= {};
    base.skills ??= {};
    fields.skills[userId] = names;
    base.skills[userId] = seen.skills.get(userId) || [];
  }
  touched.clear();
  if (!Object.keys(fields).length) {
    say('Tidak ada perubahan untuk disimpan.');
    return;
  }
  await sendLog(fields, base);
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
    snapshot = snapshotOf(body, sent);
    await outbox.setMeta(SNAPSHOT_KEY, snapshot);
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
  await loadSnapshot();
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
    touched.add(Number(row.dataset.userId));
    countSkills(row);
  });
  const all = root.querySelector('[data-all-present]');
  all.addEventListener('click', () => allPresent(all));
  const form = root.querySelector('[data-log-form]');
  form.addEventListener('input', (event) => touched.add(event.target.name));
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
