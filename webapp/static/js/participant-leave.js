// A participant asks for izin, sakit or dinas luar. The request goes into the one outbox as a
// `leave` entry (the optional evidence photo, shrunk, uploads before it), so it works with no
// network; a coach or BKPSDM reviewer decides it once it reaches the server.
import * as outbox from './outbox.js';
import { markReady, started } from './app.js';
import { shrinkPhoto } from './capture.js';
import { dayLabel } from './format.js';
import { el } from './dom.js';

const form = document.querySelector('[data-leave-form]');
const MAX_DAYS = Number(form.dataset.maxDays);
const TYPE_LABELS = { izin: 'Izin', sakit: 'Sakit', dinas_luar: 'Dinas luar' };
const DAY_MS = 86400000;

function say(text, kind = 'info') {
  const message = document.querySelector('[data-leave-message]');
  message.className = `flash flash-${kind}`;
  message.textContent = text;
  message.hidden = false;
}

// Today on this phone as YYYY-MM-DD (the form's default for both dates).
function today() {
  return outbox.localIso().slice(0, 10);
}

function problem({ date_from: from, date_to: to, reason }) {
  if (!from || !to) return 'Isi tanggal mulai dan selesai.';
  if (to < from) return 'Tanggal selesai sebelum tanggal mulai.';
  if ((Date.parse(to) - Date.parse(from)) / DAY_MS >= MAX_DAYS) {
    return `Paling lama ${MAX_DAYS} hari sekali ajukan.`;
  }
  if (reason.length < 3) return 'Tulis alasannya (minimal 3 karakter).';
  return null;
}

function period(from, to) {
  return from === to ? dayLabel(from) : `${dayLabel(from)} – ${dayLabel(to)}`;
}

// Requests still on this phone: the server's list below does not know them yet.
async function renderQueued() {
  const user = outbox.pageUser();
  const mine = (await outbox.pending(user.id)).filter((e) => e.kind === 'leave');
  const list = document.querySelector('[data-queued-leaves]');
  list.replaceChildren(...mine.map((entry) => el('li', { dataset: { testid: 'queued-leave' } },
    el('strong', {}, TYPE_LABELS[entry.data.type]), ` · ${period(entry.data.date_from,
                                                                 entry.data.date_to)} `,
    el('span', { className: 'state state-pending' }, 'Menunggu kirim'),
    el('p', { className: 'muted small' }, entry.data.reason))));
  const none = document.querySelector('[data-no-leaves]');
  if (none) none.hidden = mine.length > 0;
}

async function submit(event) {
  event.preventDefault();
  const data = {
    type: form.elements.type.value, date_from: form.elements.date_from.value,
    date_to: form.elements.date_to.value, reason: form.elements.reason.value.trim(),
  };
  const why = problem(data);
  if (why) {
    say(why, 'error');
    return;
  }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const [file] = form.elements.photo.files;
    const photo = file ? await shrinkPhoto(file).catch(() => null) : null;
    if (file && !photo) say('Foto tidak bisa dibaca; permohonan dikirim tanpa foto.', 'warn');
    await outbox.enqueue('leave', { ...data, photo_id: null }, { photo });
    form.reset();
    form.elements.date_from.value = today();
    form.elements.date_to.value = today();
    if (!file || photo) {
      say(navigator.onLine ? 'Permohonan dicatat. Mengirim…'
        : 'Permohonan dicatat di HP dan akan dikirim otomatis saat online.');
    }
  } finally {
    button.disabled = false;
  }
}

async function main() {
  await started;
  form.elements.date_from.value ||= today();
  form.elements.date_to.value ||= today();
  form.addEventListener('submit', submit);
  outbox.onChange(renderQueued);
  await renderQueued();
  markReady();
}

main();
