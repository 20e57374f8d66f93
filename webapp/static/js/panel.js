// The sync panel (templates/_sync_panel.html): pending count, online state and last sync,
// entries waiting for another user's login, and rejected entries with "Perbaiki" / "Buang"
// (for their owner only), and held ones (the server failed on them; sync.js) with "Buang".
import * as outbox from './outbox.js';
import { getStatus, onStatus, syncNow } from './sync.js';
import { clock } from './format.js';
import { ask } from './dialog.js';
import { el } from './dom.js';

const KIND_LABELS = {
  checkin: (entry) => ({ in: 'Absen masuk', out: 'Absen pulang' })[entry.data?.type] || 'Absen',
  self_attend: () => 'Kehadiran sesi (kode)',
  mark: () => 'Tanda hadir peserta',
  session_log: () => 'Catatan sesi',
  leave: () => 'Pengajuan izin',
  project: () => 'Rencana proyek perubahan',
  project_report: (entry) => (entry.data?.period ? 'Laporan pemakaian proyek' : 'Laporan kemajuan proyek'),
  project_review: () => 'Keputusan mentor',
  project_stop: () => 'Proyek berhenti',
  correction: () => 'Koreksi absen',
  correction_decision: () => 'Keputusan koreksi absen',
  leave_decision: () => 'Keputusan izin',
};

const FIELD_LABELS = {
  type: 'Jenis', lat: 'Lintang', lon: 'Bujur', accuracy_m: 'Akurasi', photo_id: 'Foto',
  captured_at: 'Waktu', kind: 'Jenis catatan', session_id: 'Sesi', code: 'Kode',
  user_id: 'Peserta', status: 'Status', note: 'Catatan', topic: 'Topik', notes: 'Catatan',
  skills: 'Kompetensi', date_from: 'Tanggal mulai', date_to: 'Tanggal selesai',
  reason: 'Alasan', project_id: 'Proyek', milestone_id: 'Tahapan', period: 'Bulan',
  usage: 'Jumlah pemakaian', title: 'Judul', unit_id: 'Unit kerja', program_id: 'Program',
  milestones: 'Tahapan', launched_on: 'Tanggal peluncuran', verdict: 'Keputusan',
  comment: 'Komentar', classification: 'Klasifikasi',
  decision: 'Keputusan', correction_id: 'Koreksi', leave_id: 'Izin',
};

const fixers = new Map();

// Let the user fix a rejected entry of `kind`: `fix(entry)` resolves to the corrected data
// (sent as a new entry) or null when the user cancels. Kinds without a fixer offer only "Buang".
export function registerFixer(kind, fix) {
  fixers.set(kind, fix);
}

export function describe(entry) {
  return (KIND_LABELS[entry.kind] || (() => entry.kind))(entry);
}

// {"data": {"type": ["Jenis harus ..."]}} -> ["Jenis harus ..."], labelled by field name
// where the message does not already say which field it is about.
export function reasons(errors) {
  const lines = [];
  const walk = (value, field) => {
    if (Array.isArray(value)) value.forEach((item) => walk(item, field));
    else if (value && typeof value === 'object') {
      Object.entries(value).forEach(([key, inner]) => walk(inner, key === 'data' ? field : key));
    } else if (value != null) {
      const label = FIELD_LABELS[field];
      const text = String(value);
      lines.push(label && !text.toLowerCase().startsWith(label.toLowerCase())
        ? `${label}: ${text}` : text);
    }
  };
  walk(errors || {}, null);
  return lines.length ? lines : ['Ditolak server tanpa keterangan.'];
}

const STATUS_TEXT = {
  syncing: () => 'Mengirim…',
  offline: () => 'Offline — catatan disimpan di perangkat',
  expired: () => 'Sesi berakhir — masuk lagi untuk mengirim',
  error: (s) => `Online · gagal mengirim, dicoba lagi ${clock(new Date(s.nextRetryAt).toISOString())}`,
  idle: (s) => (s.online ? 'Online' : 'Offline — catatan disimpan di perangkat'),
};

function renderStatus(panel) {
  const s = getStatus();
  const phase = !s.online && s.phase !== 'expired' ? 'offline' : s.phase;
  const node = panel.querySelector('[data-testid=sync-status]');
  node.dataset.state = phase;
  const last = s.lastSync ? `terakhir sinkron ${clock(s.lastSync)}` : 'belum pernah sinkron';
  node.replaceChildren(el('span', { className: `dot dot-${phase}` }),
                       `${STATUS_TEXT[phase](s)} · ${last}`);
  panel.querySelector('[data-login-again]').hidden = phase !== 'expired';
  panel.querySelector('[data-testid=sync-now]').disabled = phase === 'syncing';
}

const isOwner = (entry, user) => entry.user_id === user?.id;

// Only the entry's owner may fix or discard it; on another user's login it just waits.
function rejectedActions(entry, user) {
  if (!isOwner(entry, user)) {
    return el('p', { className: 'muted waiting-owner', textContent:
      `Menunggu ${entry.user_name} masuk untuk memperbaiki atau membuangnya.` });
  }
  const actions = el('div', { className: 'actions' });
  if (fixers.has(entry.kind) && entry.state === 'rejected') {
    actions.append(el('button', { type: 'button', className: 'secondary', textContent: 'Perbaiki',
                                  dataset: { action: 'fix', id: entry.id } }));
  }
  actions.append(el('button', { type: 'button', className: 'danger', textContent: 'Buang',
                                dataset: { action: 'discard', id: entry.id } }));
  return actions;
}

function rejectedItem(entry, user) {
  const when = clock(entry.captured_at);
  return el('li', { className: entry.state === 'rejected' ? 'rejected' : 'held',
                    dataset: { entryId: entry.id } },
            el('strong', {}, describe(entry)), el('span', { className: 'muted' }, ` · ${when}`),
            el('ul', { className: 'reasons' },
               ...reasons(entry.errors).map((text) => el('li', { textContent: text }))),
            rejectedActions(entry, user));
}

async function renderOutbox(panel) {
  const user = outbox.pageUser();
  const entries = await outbox.all();
  const queued = entries.filter((e) => e.state === 'queued');
  panel.querySelector('[data-testid=outbox-count]').textContent = String(queued.length);
  const others = new Map();
  for (const entry of queued.filter((e) => e.user_id !== user?.id)) {
    others.set(entry.user_name, (others.get(entry.user_name) || 0) + 1);
  }
  const waiting = panel.querySelector('[data-waiting-others]');
  waiting.hidden = others.size === 0;
  waiting.textContent = [...others].map(([name, n]) => `${n} catatan menunggu login ${name}`)
    .join('; ');
  const rejected = entries.filter((e) => e.state === 'rejected');
  const held = queued.filter((e) => e.held_until);
  const list = panel.querySelector('[data-testid=rejected-list]');
  list.replaceChildren(...[...rejected, ...held].map((entry) => rejectedItem(entry, user)));
  const heading = panel.querySelector('[data-rejected-heading]');
  heading.hidden = rejected.length + held.length === 0;
  // Another user's rejected entries are only shown here: their owner fixes them.
  if (!rejected.length) heading.textContent = 'Gagal diproses server';
  else {
    heading.textContent = rejected.some((entry) => isOwner(entry, user))
      ? 'Ditolak server — perbaiki atau buang' : 'Ditolak server';
  }
}

async function onAction(event) {
  const button = event.target.closest('button[data-action]');
  if (!button) return;
  const entry = await outbox.get(button.dataset.id);
  if (!entry || !isOwner(entry, outbox.pageUser())) return;
  if (button.dataset.action === 'discard') {
    const sure = await ask(`Buang ${describe(entry).toLowerCase()} ini? Catatan tidak akan dikirim.`, [
      { label: 'Batal', value: false },
      { label: 'Buang', value: true, kind: 'danger', testid: 'confirm-discard' },
    ]);
    if (sure) await outbox.discard(entry.id);
  } else {
    const data = await fixers.get(entry.kind)(entry);
    if (data) await outbox.replaceRejected(entry.id, data);
  }
}

// Bind every sync panel on the page; safe to call once per page.
export async function bindPanels() {
  const panels = [...document.querySelectorAll('[data-sync-panel]')];
  for (const panel of panels) {
    panel.querySelector('[data-testid=sync-now]').addEventListener('click', () => syncNow());
    panel.querySelector('[data-testid=rejected-list]').addEventListener('click', onAction);
    onStatus(() => renderStatus(panel));
    outbox.onChange(() => renderOutbox(panel));
    addEventListener('online', () => renderStatus(panel));
    addEventListener('offline', () => renderStatus(panel));
    renderStatus(panel);
    await renderOutbox(panel);
  }
}
