// A participant's session page: type (or scan) the coach's rotating code. The entry goes into
// the one outbox as `self_attend` with the moment it was entered; the server checks the code
// against that moment, so it works with no network and counts once it is sent.
import * as outbox from './outbox.js';
import { markReady, started } from './app.js';
import { localTime } from './format.js';
import { reasons } from './panel.js';
import { ATTENDANCE_LABELS as STATUS_LABELS } from './vocabulary.js';

const root = document.querySelector('[data-participant-session]');
const data = JSON.parse(root.dataset.participantSession);
const sessionId = data.session.id;
const timeZone = data.session.timezone;
const QR_PREFIX = 'hadir:';
// The code entered last on this page: its answer replaces the "Mengirim…" message under the
// form, where the participant is looking, instead of only in the sync panel further down.
let sent = null;

function say(text, kind = 'info') {
  const message = root.querySelector('[data-attend-message]');
  message.className = `flash flash-${kind}`;
  message.textContent = text;
  message.hidden = false;
}

function badge(status) {
  const span = document.createElement('span');
  span.className = `att att-${status}`;
  span.textContent = STATUS_LABELS[status];
  return span;
}

// What this phone knows: an entry still queued or refused, else the server's latest answer.
async function renderStatus() {
  const user = outbox.pageUser();
  const line = root.querySelector('[data-my-status]');
  const mine = (await outbox.all()).filter((e) => e.kind === 'self_attend'
    && e.user_id === user.id && e.data.session_id === sessionId);
  const queued = mine.find((e) => e.state === 'queued');
  const refused = mine.find((e) => e.state === 'rejected');
  // A sync answer counts only if newer than the page's data (a cached page is older).
  const asOf = Date.parse(data.server_time);
  const answered = (await outbox.records(user.id))
    .filter((r) => r.kind === 'self_attend' && r.session_id === sessionId && r.status
            && r.settled_at > asOf)
    .sort((a, b) => b.settled_at - a.settled_at)[0];
  const status = answered?.status || data.attendance?.status;
  // A right code that came outside the window or hours late is kept for the coach to decide.
  const kept = (await outbox.records(user.id)).some((r) => r.kind === 'self_attend'
    && r.session_id === sessionId && r.flags?.includes('late_sync'));
  if (queued) {
    line.replaceChildren(`Kode dicatat pukul ${localTime(queued.captured_at, timeZone)} — `
                         + 'menunggu kirim.');
  } else if (status) {
    line.replaceChildren('Status Anda: ', badge(status));
    if (answered?.needs_review) line.append(' (ditinjau pelatih)');
  } else if (kept) {
    line.replaceChildren('Kode Anda tersimpan, tetapi di luar waktu sesi atau terkirim terlambat: '
                         + 'pelatih yang memutuskan kehadiran Anda.');
  } else if (refused) {
    line.replaceChildren('Kode ditolak — lihat alasannya di bawah, lalu masukkan kode yang baru.');
  } else {
    line.replaceChildren('Belum tercatat hadir.');
  }
  root.dataset.attendState = queued ? 'queued' : status || (refused ? 'rejected' : '');
  if (sent) await sayAnswer(mine);
}

async function sayAnswer(mine) {
  const entry = mine.find((e) => e.id === sent.id);
  if (entry?.state === 'queued') return;
  if (entry?.state === 'rejected') {
    say(`Kode ${sent.code} ditolak: ${reasons(entry.errors).join(' ')}`, 'error');
  } else {
    const record = (await outbox.records(outbox.pageUser().id)).find((r) => r.id === sent.id);
    const status = STATUS_LABELS[record?.status];
    say(status ? `Kode ${sent.code} diterima. Status Anda: ${status}.`
      : `Kode ${sent.code} terkirim.`);
  }
  sent = null;
}

async function submitCode(raw) {
  const code = raw.replace(/\s/g, '');
  if (!/^[0-9]{6}$/.test(code)) {
    say('Kode harus 6 angka.', 'error');
    return;
  }
  const entry = await outbox.enqueue('self_attend', { session_id: sessionId, code });
  sent = { id: entry.id, code };
  root.querySelector('[data-code-form]').elements.code.value = '';
  say(`Kode ${code} dicatat pukul ${localTime(entry.captured_at, timeZone)}. `
      + (navigator.onLine ? 'Mengirim…' : 'Akan dikirim otomatis saat online.'));
}

// Camera scanning where the browser has BarcodeDetector; typing always works.
async function scan(button) {
  const video = root.querySelector('[data-scanner]');
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
  } catch {
    say('Kamera tidak bisa dibuka; ketik kodenya saja.', 'warn');
    return;
  }
  const detector = new BarcodeDetector({ formats: ['qr_code'] });
  video.srcObject = stream;
  video.hidden = false;
  button.disabled = true;
  await video.play();
  const stop = () => {
    stream.getTracks().forEach((track) => track.stop());
    video.hidden = true;
    button.disabled = false;
  };
  const deadline = Date.now() + 60000;
  const look = async () => {
    const codes = await detector.detect(video).catch(() => []);
    const value = codes.map((c) => c.rawValue).find((v) => v.startsWith(QR_PREFIX));
    if (value) {
      stop();
      const [, scannedSession, code] = value.split(':');
      if (Number(scannedSession) !== sessionId) say('Kode QR itu untuk sesi lain.', 'error');
      else await submitCode(code);
    } else if (Date.now() < deadline) {
      setTimeout(look, 250);
    } else {
      stop();
      say('Kode QR tidak terbaca; ketik kodenya saja.', 'warn');
    }
  };
  look();
}

// A hint only: the server judges the window by the corrected time, so the form stays usable.
function windowNote() {
  const note = root.querySelector('[data-window-note]');
  const nowMs = Date.now();
  if (data.session.status === 'cancelled') note.textContent = 'Sesi ini dibatalkan.';
  else if (nowMs < Date.parse(data.session.opens_at)) {
    note.textContent = `Sesi belum dimulai: kode diterima mulai ${localTime(data.session.opens_at, timeZone)}.`;
  } else if (nowMs > Date.parse(data.session.closes_at)) {
    note.textContent = 'Waktu sesi sudah lewat: kode tidak diterima lagi.';
  } else note.textContent = '';
  note.hidden = !note.textContent;
}

async function main() {
  await started;
  windowNote();
  setInterval(windowNote, 30000);
  const form = root.querySelector('[data-code-form]');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitCode(form.elements.code.value);
  });
  const scanButton = root.querySelector('[data-scan]');
  if ('BarcodeDetector' in self && navigator.mediaDevices?.getUserMedia) {
    scanButton.hidden = false;
    scanButton.addEventListener('click', () => scan(scanButton));
  }
  outbox.onChange(renderStatus);
  await renderStatus();
  markReady();
}

main();
