// A form that becomes one outbox entry (leave, correction, a supervisor's decision): checked
// here first with the server's own rules, queued, and answered under the form, where the user
// looks. Sending is sync.js's.

export function sayer(element) {
  return (text, kind = 'info') => {
    element.className = `flash flash-${kind}`;
    element.textContent = text;
    element.hidden = false;
  };
}

import * as outbox from './outbox.js';
import { shrinkPhoto } from './capture.js';

// What to say once `what` ("Permohonan", "Koreksi") is in the outbox.
export function queuedNote(what) {
  return navigator.onLine ? `${what} dicatat. Mengirim…`
    : `${what} dicatat di HP dan akan dikirim otomatis saat online.`;
}

// `read(submitter)` gives the entry's data (from the button pressed, where a form has several),
// `problem(data)` why it cannot go (null when it can), and `queue(data)` puts it in the outbox
// and returns what to say then (null: it said it already).
export function queueOnSubmit(form, say, { read, problem, queue }) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = read(event.submitter);
    const why = problem(data);
    if (why) {
      say(why, 'error');
      return;
    }
    const buttons = [...form.querySelectorAll('button[type=submit]')];
    buttons.forEach((button) => { button.disabled = true; });
    try {
      const note = await queue(data);
      if (note) say(note);
    } finally {
      buttons.forEach((button) => { button.disabled = false; });
    }
  });
}

// Queue `kind` with the form's optional evidence photo (input `photo`), shrunk; it uploads
// before the entry. Returns what to say, or null when it said the photo could not be read.
export async function enqueueWithPhoto(form, say, kind, data, what) {
  const [file] = form.elements.photo.files;
  const photo = file ? await shrinkPhoto(file).catch(() => null) : null;
  if (file && !photo) say(`Foto tidak bisa dibaca; ${what.toLowerCase()} dikirim tanpa foto.`, 'warn');
  await outbox.enqueue(kind, { ...data, photo_id: null }, { photo });
  return !file || photo ? queuedNote(what) : null;
}
