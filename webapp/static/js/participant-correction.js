// An official asks to correct a forgotten or failed check-in or check-out (koreksi absen).
// The request goes into the one outbox as a `correction` entry, so it works with no network;
// their supervisor or BKPSDM decides it once it reaches the server.
import * as outbox from './outbox.js';
import { markReady, started } from './app.js';
import { dayLabel } from './format.js';
import { el } from './dom.js';
import { CHECKIN_TYPE_LABELS } from './vocabulary.js';
import { enqueueWithPhoto, queueOnSubmit, sayer } from './queue-form.js';

const form = document.querySelector('[data-correction-form]');
const say = sayer(document.querySelector('[data-correction-message]'));

function problem({ date, time, reason }) {
  if (!date || !/^\d\d:\d\d$/.test(time)) return 'Isi tanggal dan jam.';
  if (`${date}T${time}` > outbox.localIso().slice(0, 16)) {
    return 'Koreksi hanya untuk waktu yang sudah lewat.';
  }
  if (reason.length < 3) return 'Tulis alasannya (minimal 3 karakter).';
  return null;
}

// Requests still on this phone: the server's list below does not know them yet.
async function renderQueued() {
  const user = outbox.pageUser();
  const mine = (await outbox.pending(user.id)).filter((e) => e.kind === 'correction');
  const list = document.querySelector('[data-queued-corrections]');
  list.replaceChildren(...mine.map((entry) => el('li', { dataset: { testid: 'queued-correction' } },
    el('strong', { className: 'capitalize' }, CHECKIN_TYPE_LABELS[entry.data.type]),
    ` · ${dayLabel(entry.data.date)} ${entry.data.time} `,
    el('span', { className: 'state state-pending' }, 'Menunggu kirim'),
    el('p', { className: 'muted small' }, entry.data.reason))));
  const none = document.querySelector('[data-no-corrections]');
  if (none) none.hidden = mine.length > 0;
}

function read() {
  return {
    date: form.elements.date.value, type: form.elements.type.value,
    time: form.elements.time.value, reason: form.elements.reason.value.trim(),
  };
}

// The optional evidence photo (a meeting's attendance list, a letter), shrunk, goes with the
// entry and uploads before it.
async function queue(data) {
  const note = await enqueueWithPhoto(form, say, 'correction', data, 'Koreksi');
  form.reset();
  return note;
}

async function main() {
  await started;
  queueOnSubmit(form, say, { read, problem, queue });
  outbox.onChange(renderQueued);
  await renderQueued();
  markReady();
}

main();
