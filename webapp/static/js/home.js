// The home page: today's check-in status, the big check-in buttons, own history.
// A check-in is written to the outbox at once; location and selfie never block it.
import * as outbox from './outbox.js';
import { markReady, started } from './app.js';
import { registerFixer } from './panel.js';
import { cacheUrls } from './pwa.js';
import { LOCATION_PROBLEMS, locate, shrinkPhoto } from './capture.js';
import { dayLabel, localDate, localTime } from './format.js';
import { ask } from './dialog.js';
import { el } from './dom.js';
import { loadBootstrap } from './bootstrap.js';
import { monthLabel, phoneProjects } from './projects-data.js';
import {
  CHECKIN_TYPE_LABELS as TYPE_LABEL, DEFAULT_TZ, FLAG_NOTES as FLAG_LABELS, REVIEW_NOTES,
} from './vocabulary.js';

const HISTORY_LIMIT = 30;
const PENDING = 'menunggu kirim';

const user = outbox.pageUser();
let bootstrap = null;

const timeZone = () => bootstrap?.unit?.timezone || DEFAULT_TZ;

// Server records (bootstrap + ones returned by sync since) and this user's queued check-ins.
// A sync answer replaces bootstrap's copy only if newer (a reviewer may have decided since).
async function checkins() {
  const byId = new Map((bootstrap?.checkins || []).map((record) => [record.id, record]));
  const asOf = Date.parse(bootstrap?.server_time) || 0;
  for (const record of await outbox.records(user.id)) {
    if (record.kind === 'checkin' && (!byId.has(record.id) || record.settled_at > asOf)) {
      byId.set(record.id, record);
    }
  }
  const tz = timeZone();
  // Rejected ones are not check-ins (yet): the sync panel lists them for fixing.
  for (const entry of await outbox.pending(user.id)) {
    if (entry.kind !== 'checkin') continue;
    byId.set(entry.id, {
      id: entry.id, type: entry.data.type, captured_at: entry.captured_at,
      local_date: localDate(entry.captured_at, tz), local_time: localTime(entry.captured_at, tz),
      flags: [], pending: true,
    });
  }
  return [...byId.values()].sort((a, b) => (new Date(b.captured_at) - new Date(a.captured_at)));
}

function renderToday(records) {
  const today = localDate(new Date().toISOString(), timeZone());
  document.querySelector('[data-today-date]').textContent = dayLabel(today);
  const todays = records.filter((r) => r.local_date === today);
  for (const type of ['in', 'out']) {
    const ofType = todays.filter((r) => r.type === type);
    // First arrival and last departure are what count for the day.
    const record = type === 'in' ? ofType.at(-1) : ofType[0];
    const line = document.querySelector(`[data-status-${type}]`);
    line.classList.toggle('done', Boolean(record));
    line.textContent = record
      ? `Sudah absen ${TYPE_LABEL[type]} ${record.local_time}` : `Belum absen ${TYPE_LABEL[type]}`;
    if (record?.pending) line.append(el('span', { className: 'badge pending', textContent: PENDING }));
  }
}

function historyItem(record) {
  const notes = [];
  if (record.late_minutes > 0) notes.push(`terlambat ${record.late_minutes} mnt`);
  notes.push(...(record.flags || []).map((flag) => FLAG_LABELS[flag] || flag));
  if (record.photo_id && record.photo_received === false) notes.push('foto belum diterima');
  const badges = [];
  if (record.pending) badges.push(el('span', { className: 'badge pending', textContent: PENDING }));
  if (REVIEW_NOTES[record.review_state]) {
    badges.push(el('span', { className: `badge review-${record.review_state}`,
                             textContent: REVIEW_NOTES[record.review_state] }));
  }
  return el('li', { dataset: { id: record.id } },
            el('span', { className: 'when' }, dayLabel(record.local_date)),
            el('span', { className: 'what' },
               `${record.type === 'out' ? 'Pulang' : 'Masuk'} ${record.local_time}`),
            ...badges,
            notes.length ? el('span', { className: 'notes muted', textContent: notes.join(' · ') })
              : null);
}

// What a project owner must do next: usage reports not filled in, overdue and returned
// milestones (from what the phone knows, so a report just queued clears its line).
function dueLines(project, thisYear) {
  if (project.stop) return [];
  const month = (period) => (period.startsWith(thisYear) ? monthLabel(period).split(' ')[0]
    : monthLabel(period));
  return [
    ...project.missing_usage.slice(-3).reverse().map(
      (period) => `Laporan pemakaian ${month(period)} belum diisi — ${project.title}`),
    ...project.milestones.filter((m) => m.state === 'dikembalikan').map(
      (m) => `Tahapan "${m.title}" dikembalikan mentor${m.review?.comment
        ? `: ${m.review.comment}` : ''}`),
    ...project.milestones.filter((m) => m.overdue && m.state !== 'dikembalikan').map(
      (m) => `Tahapan "${m.title}" lewat batas ${dayLabel(m.due_date)}`),
  ];
}

let projectsCached = false;

async function renderProjects() {
  const card = document.querySelector('[data-projects-due]');
  if (!card) return; // not a participant
  const owned = (await phoneProjects(bootstrap, user)).filter((p) => p.owner_id === user.id);
  const enrolled = (bootstrap?.programs || []).some(
    (p) => p.kind === 'leadership_training' && p.role === 'participant');
  const thisYear = localDate(new Date().toISOString(), timeZone()).slice(0, 4);
  const lines = owned.flatMap((project) => dueLines(project, thisYear));
  if (!owned.length && enrolled) lines.push('Belum ada proyek perubahan. Daftarkan rencananya.');
  else if (!lines.length) lines.push('Tidak ada laporan proyek yang jatuh tempo.');
  card.hidden = !owned.length && !enrolled;
  // The owner's page opens offline even before its first visit.
  if (!card.hidden && !projectsCached) {
    projectsCached = true;
    cacheUrls([card.querySelector('a').href]).then(() => { card.dataset.offlineReady = '1'; });
  }
  card.querySelector('[data-testid=projects-due]').replaceChildren(
    ...lines.map((text) => el('li', { textContent: text })));
}

async function render() {
  await renderProjects();
  const records = await checkins();
  renderToday(records);
  const list = document.querySelector('[data-history]');
  const shown = records.slice(0, HISTORY_LIMIT);
  list.replaceChildren(...shown.map(historyItem));
  document.querySelector('[data-history-empty]').hidden = shown.length > 0;
}

function say(text, kind = 'info') {
  const message = document.querySelector('[data-checkin-message]');
  message.className = `flash flash-${kind}`;
  message.textContent = text;
  message.hidden = false;
}

// How long after the page gets its focus back a `change` may still come with the photo.
const CAMERA_CLOSED_MS = 1000;

// Resolves to a compressed selfie Blob, or null when the user closes the camera. Older
// WebViews fire no `cancel` on a file input: the window getting its focus back, with no file
// soon after, also means the camera was closed empty.
function takeSelfie() {
  const input = document.querySelector('[data-selfie-input]');
  input.value = '';
  return new Promise((resolve) => {
    let timer = null;
    const done = async () => {
      clearTimeout(timer);
      input.removeEventListener('change', done);
      input.removeEventListener('cancel', done);
      removeEventListener('focus', focused);
      const file = input.files?.[0];
      resolve(file ? await shrinkPhoto(file).catch(() => null) : null);
    };
    const focused = () => {
      clearTimeout(timer);
      timer = setTimeout(done, CAMERA_CLOSED_MS);
    };
    input.addEventListener('change', done);
    input.addEventListener('cancel', done);
    addEventListener('focus', focused);
    input.click();
  });
}

// A second check-in of the same type today is usually a double tap or a forgotten first one:
// ask before recording it (today's records come from bootstrap, sync and the outbox).
async function confirmedAgain(type) {
  const today = localDate(new Date().toISOString(), timeZone());
  const earlier = (await checkins()).find((r) => r.local_date === today && r.type === type);
  if (!earlier) return true;
  return ask(`Anda sudah absen ${TYPE_LABEL[type]} hari ini pukul ${earlier.local_time}. `
             + `Catat absen ${TYPE_LABEL[type]} lagi?`, [
    { label: 'Batal', value: false, testid: 'again-cancel' },
    { label: `Ya, absen ${TYPE_LABEL[type]} lagi`, value: true, kind: 'primary',
      testid: 'again-confirm' },
  ]);
}

async function checkIn(type, { withPhoto }) {
  if (!await confirmedAgain(type)) return;
  const capturedAt = new Date();
  const buttons = document.querySelectorAll('[data-checkin]');
  buttons.forEach((button) => { button.disabled = true; });
  say('Mengambil lokasi…');
  try {
    // The camera needs this click's user gesture, so it opens before waiting for location.
    const [photo, position] = await Promise.all([withPhoto ? takeSelfie() : null, locate()]);
    const { problem, ...coords } = position;
    await outbox.enqueue('checkin', { type, ...coords, photo_id: null }, { photo, capturedAt });
    const when = localTime(capturedAt.toISOString(), timeZone());
    const where = problem
      ? `${LOCATION_PROBLEMS[problem]} — absen tetap dicatat tanpa lokasi.`
      : `Lokasi ±${Math.round(coords.accuracy_m)} m.`;
    const selfie = withPhoto && !photo ? ' Tanpa foto.' : '';
    say(`Absen ${TYPE_LABEL[type]} dicatat ${when}. ${where}${selfie}`, problem ? 'warn' : 'info');
  } catch (error) {
    console.error('check-in failed', error);
    say('Absen gagal disimpan di perangkat. Coba lagi.', 'error');
  } finally {
    buttons.forEach((button) => { button.disabled = false; });
  }
}

// A rejected check-in is fixed by choosing its type again; a position the server refused
// is dropped (the server flags a check-in without one instead of refusing it).
async function fixCheckin(entry) {
  const type = await ask('Perbaiki absen: pilih jenisnya.', [
    { label: 'Batal', value: null },
    { label: 'Absen masuk', value: 'in', kind: 'primary', testid: 'fix-in' },
    { label: 'Absen pulang', value: 'out', kind: 'primary', testid: 'fix-out' },
  ]);
  if (!type) return null;
  const { lat = null, lon = null, accuracy_m = null } = entry.data;
  const badPosition = ['lat', 'lon', 'accuracy_m'].some((field) => field in (entry.errors || {}));
  return badPosition
    ? { type, lat: null, lon: null, accuracy_m: null, photo_id: null }
    : { type, lat, lon, accuracy_m, photo_id: null };
}

async function main() {
  await started;
  bootstrap = await loadBootstrap(user);
  const selfie = Boolean(bootstrap?.unit?.selfie_required);
  for (const button of document.querySelectorAll('[data-checkin]')) {
    button.addEventListener('click', () => checkIn(button.dataset.checkin, { withPhoto: selfie }));
  }
  const noPhoto = document.querySelector('[data-no-photo]');
  noPhoto.hidden = !selfie;
  noPhoto.addEventListener('click', async () => {
    const type = await ask('Absen tanpa foto (akan ditandai untuk ditinjau):', [
      { label: 'Batal', value: null },
      { label: 'Masuk', value: 'in', kind: 'primary' },
      { label: 'Pulang', value: 'out', kind: 'primary' },
    ]);
    if (type) checkIn(type, { withPhoto: false });
  });
  registerFixer('checkin', fixCheckin);
  outbox.onChange(render);
  await render();
  markReady();
}

main();
