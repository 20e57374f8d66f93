// A participant asks for izin, sakit or dinas luar. The request goes into the one outbox as a
// `leave` entry (the optional evidence photo, shrunk, uploads before it), so it works with no
// network; a coach or BKPSDM reviewer decides it once it reaches the server.
import * as outbox from './outbox.js';
import { markReady, started } from './app.js';
import { dayLabel } from './format.js';
import { el } from './dom.js';
import { LEAVE_TYPE_LABELS as TYPE_LABELS } from './vocabulary.js';
import { enqueueWithPhoto, queueOnSubmit, sayer } from './queue-form.js';

const form = document.querySelector('[data-leave-form]');
const MAX_DAYS = Number(form.dataset.maxDays);
// The server's window around the day of writing (webapp/services/leave.py), checked here first.
const PAST_DAYS = Number(form.dataset.pastDays);
const FUTURE_DAYS = Number(form.dataset.futureDays);
const DAY_MS = 86400000;

const say = sayer(document.querySelector('[data-leave-message]'));

// Today on this phone as YYYY-MM-DD (the form's default for both dates).
function today() {
  return outbox.localIso().slice(0, 10);
}

// `isoDate` moved by `days` calendar days.
function shifted(isoDate, days) {
  return new Date(Date.parse(isoDate) + days * DAY_MS).toISOString().slice(0, 10);
}

// The date pickers offer only the days the server accepts; recomputed on every use because the
// page may be a cached copy from days ago.
function bound() {
  const min = shifted(today(), -PAST_DAYS);
  const max = shifted(today(), FUTURE_DAYS);
  for (const input of [form.elements.date_from, form.elements.date_to]) {
    input.min = min;
    input.max = max;
  }
  return { min, max };
}

function problem({ date_from: from, date_to: to, reason }) {
  if (!from || !to) return 'Isi tanggal mulai dan selesai.';
  if (to < from) return 'Tanggal selesai sebelum tanggal mulai.';
  const { min, max } = bound();
  if (from < min) return form.dataset.tooEarly;
  if (to > max) return form.dataset.tooLate;
  if ((Date.parse(to) - Date.parse(from)) / DAY_MS >= MAX_DAYS) {
    return `Paling lama ${MAX_DAYS} hari sekali ajukan.`;
  }
  if (reason.length < 3) return 'Tulis alasannya (minimal 3 karakter).';
  return null;
}

function period(from, to) {
  return from === to ? dayLabel(from) : `${dayLabel(from)} – ${dayLabel(to)}`;
}

function leaveItem(leave, state, label) {
  return el('li', { dataset: { testid: `${state === 'queued' ? 'queued' : 'sent'}-leave` } },
            el('strong', {}, TYPE_LABELS[leave.type]),
            ` · ${period(leave.date_from, leave.date_to)} `,
            el('span', { className: `state state-${state === 'queued' ? 'pending' : state}` },
               label),
            el('p', { className: 'muted small' }, leave.reason));
}

// What the server's list below (as of this page's last online load, maybe a cached copy)
// does not show yet: requests the sync delivered since, and those still on this phone.
async function renderQueued() {
  const user = outbox.pageUser();
  const list = document.querySelector('[data-queued-leaves]');
  const states = JSON.parse(list.dataset.states);
  const listed = new Set([...document.querySelectorAll('[data-entry-id]')]
    .map((item) => item.dataset.entryId));
  const sent = (await outbox.records(user.id))
    .filter((record) => record.kind === 'leave' && !listed.has(record.id));
  const queued = (await outbox.pending(user.id)).filter((e) => e.kind === 'leave');
  list.replaceChildren(
    ...queued.map((entry) => leaveItem(entry.data, 'queued', 'Menunggu kirim')),
    ...sent.map((record) => leaveItem(record, record.state, states[record.state])),
  );
  const none = document.querySelector('[data-no-leaves]');
  if (none) none.hidden = queued.length + sent.length > 0;
}

function read() {
  return {
    type: form.elements.type.value, date_from: form.elements.date_from.value,
    date_to: form.elements.date_to.value, reason: form.elements.reason.value.trim(),
  };
}

// The optional evidence photo, shrunk, goes with the entry and uploads before it.
async function queue(data) {
  const note = await enqueueWithPhoto(form, say, 'leave', data, 'Permohonan');
  form.reset();
  form.elements.date_from.value = today();
  form.elements.date_to.value = today();
  return note;
}

async function main() {
  await started;
  form.elements.date_from.value ||= today();
  form.elements.date_to.value ||= today();
  bound();
  form.addEventListener('focusin', bound);
  queueOnSubmit(form, say, { read, problem, queue });
  outbox.onChange(renderQueued);
  await renderQueued();
  markReady();
}

main();
