// The owner's change projects (/projects): the plan with its milestones by stage, the mentor's
// verdicts, the monthly usage; forms that register or edit a plan (`project`, an edit carrying
// only what changed and the values seen as `base`), report progress on a milestone with an
// evidence photo and claim it done, report a month's usage (`project_report`), and record that
// the innovation stopped (`project_stop`, the form shared with the mentor's page). Every form
// only queues an outbox entry, so the page works offline; it renders from what the phone knows.
import * as outbox from './outbox.js';
import { markReady, started } from './app.js';
import { shrinkPhoto } from './capture.js';
import { dayLabel } from './format.js';
import { el } from './dom.js';
import { loadBootstrap } from './bootstrap.js';
import {
  cacheEvidencePhotos, evidencePhoto, monthLabel, phoneProjects, unitToday,
} from './projects-data.js';
import { planEdit } from './projects-state.js';
import { bindStopForm } from './project-stop.js';
import { reasons, registerFixer } from './panel.js';
import { queueOnSubmit, queuedNote, sayer } from './queue-form.js';
import {
  MILESTONE_STATE_LABELS, PROJECT_STATE_LABELS, STAGE_LABELS, STOP_REASON_LABELS,
} from './vocabulary.js';

const PENDING = 'menunggu kirim';
const USAGE_MONTHS = 12;
const STAGES = Object.keys(STAGE_LABELS); // in the vocabulary's order: pendek, menengah, panjang
const user = outbox.pageUser();
let bootstrap = null;
let shown = [];

const $ = (selector) => document.querySelector(selector);
const say = sayer($('[data-projects-message]'));
const badge = (text, kind) => el('span', { className: `state state-${kind}`, textContent: text });
const pendingBadge = () => el('span', { className: 'badge pending', textContent: PENDING });
const refusals = (list) => list.map((refused) => el(
  'p', { className: 'flash flash-error small', dataset: { testid: 'refused' } },
  `Ditolak server: ${reasons(refused.errors).join(' ')}`));

// "YYYY-MM" n months after `period`.
function shiftMonth(period, n) {
  const [year, month] = period.split('-').map(Number);
  const index = year * 12 + month - 1 + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function milestoneStatus(milestone) {
  const label = MILESTONE_STATE_LABELS[milestone.state] || milestone.state;
  const kind = { diterima: 'approved', dikembalikan: 'rejected', diklaim: 'pending' }[milestone.state]
    || 'open';
  const badges = [badge(label, kind)];
  if (milestone.overdue) badges.push(badge('Terlambat', 'rejected'));
  if (milestone.pending.length) badges.push(pendingBadge());
  return badges;
}

function milestoneItem(project, milestone) {
  const facts = [milestone.output ? `Keluaran: ${milestone.output}` : null,
                 milestone.due_date ? `Batas ${dayLabel(milestone.due_date)}` : 'Tanpa batas waktu']
    .filter(Boolean).join(' · ');
  const { report, review } = milestone;
  const item = el('li', { className: 'milestone', dataset: { milestoneId: milestone.id,
                                                             testid: 'milestone' } },
                  el('div', { className: 'milestone-head' }, el('strong', {}, milestone.title),
                     ...milestoneStatus(milestone)),
                  el('p', { className: 'muted small' }, facts));
  if (report) {
    item.append(el('p', { className: 'small', dataset: { testid: 'last-report' } },
                   `Laporan terakhir: ${report.note || '(tanpa catatan)'}`,
                   report.photo_id ? evidencePhoto(report.photo_id, {
                     className: 'evidence-thumb', alt: 'Foto bukti',
                     dataset: { testid: 'evidence-thumb' } }, () => ' · foto bukti terlampir')
                     : null));
  }
  if (review && review.verdict === milestone.state) {
    const notes = [review.comment ? `Mentor: ${review.comment}` : null,
                   review.budget_note ? `Anggaran: ${review.budget_note}` : null].filter(Boolean);
    if (notes.length) {
      item.append(el('p', { className: `verdict-note verdict-${review.verdict} small`,
                            dataset: { testid: 'review-note' } }, notes.join(' · ')));
    }
  }
  item.append(...refusals(milestone.rejected));
  if (milestone.state !== 'diterima' && !project.stop) {
    item.append(el('button', { type: 'button', className: 'secondary', textContent:
      milestone.state === 'dikembalikan' ? 'Perbaiki dan laporkan lagi' : 'Laporkan kemajuan',
                              dataset: { report: milestone.id, testid: 'report-milestone' } }));
  }
  return item;
}

function milestonesByStage(project) {
  const parts = [];
  for (const stage of STAGES) {
    const label = STAGE_LABELS[stage];
    const milestones = project.milestones.filter((m) => m.stage === stage);
    if (!milestones.length) continue;
    parts.push(el('h4', {}, label),
               el('ul', { className: 'plain-list milestones' },
                  ...milestones.map((m) => milestoneItem(project, m))));
  }
  return parts.length ? parts : [el('p', { className: 'muted small' }, 'Belum ada tahapan.')];
}

// The months since launch (the last twelve), newest first, with their count or "belum diisi".
function usageHistory(project, today) {
  if (!project.launched_on) {
    return [el('p', { className: 'muted small' },
               'Belum diluncurkan. Isi tanggal peluncuran lewat "Ubah rencana" untuk mulai '
               + 'melaporkan pemakaian.')];
  }
  const first = project.launched_on.slice(0, 7);
  const rows = [];
  for (let period = today.slice(0, 7); period >= first && rows.length < USAGE_MONTHS;
    period = shiftMonth(period, -1)) {
    const count = project.usage[period];
    const missing = project.missing_usage.includes(period);
    rows.push(el('li', { dataset: { period, testid: 'usage-month' } },
                 el('span', {}, monthLabel(period)),
                 el('strong', {}, count == null ? '' : String(count)),
                 missing ? badge('belum diisi', 'rejected') : null,
                 project.usagePending[period] ? pendingBadge() : null));
  }
  // Refused reports may name a month outside the list (before the launch): shown apart.
  const refused = Object.entries(project.usageRejected).flatMap(([period, list]) => list.map(
    (entry) => el('p', { className: 'flash flash-error small', dataset: { testid: 'refused' } },
                  `Pemakaian ${monthLabel(period)} ditolak server: ${reasons(entry.errors).join(' ')}`)));
  const parts = [el('ul', { className: 'plain-list usage-list' }, ...rows), ...refused];
  if (!project.stop) {
    parts.push(el('button', { type: 'button', className: 'secondary', textContent:
      'Laporkan pemakaian', dataset: { usage: project.id, testid: 'report-usage' } }));
  }
  return parts;
}

function projectCard(project, today) {
  const life = PROJECT_STATE_LABELS[project.state] || project.state;
  const lines = [project.indicator ? `Pemakaian: ${project.indicator}` : null,
                 project.launched_on ? `Diluncurkan ${dayLabel(project.launched_on)}`
                   : 'Belum diluncurkan'].filter(Boolean);
  const card = el('article', { className: 'card project', dataset: {
    projectId: project.id, testid: 'project', state: project.state } },
  el('div', { className: 'project-head' }, el('h2', {}, project.title || '(tanpa judul)'),
     badge(life, `life-${project.state}`), project.pending.length ? pendingBadge() : null),
  el('p', { className: 'muted small' }, lines.join(' · ')),
  ...refusals(project.rejected));
  if (project.stop) {
    card.append(el('p', { className: 'flash flash-warn small', dataset: { testid: 'stop-info' } },
                   `Berhenti: ${STOP_REASON_LABELS[project.stop.reason] || project.stop.reason}`
                   + `${project.stop.note ? ` — ${project.stop.note}` : ''}`,
                   project.stop.pending ? pendingBadge() : null));
  }
  if (project.conflicts.length) {
    card.append(el('p', { className: 'flash flash-warn small' },
                   'Sebagian perubahan Anda tidak dipakai karena rencana sudah diubah di tempat '
                   + 'lain. Periksa lalu ubah lagi bila perlu.'));
  }
  card.append(el('h3', {}, 'Tahapan'), ...milestonesByStage(project),
              el('h3', {}, 'Pemakaian per bulan'), ...usageHistory(project, today));
  if (!project.stop && !(project.local && project.rejected.length)) {
    card.append(el('button', { type: 'button', className: 'link edit-plan', textContent:
      'Ubah rencana', dataset: { edit: project.id, testid: 'edit-project' } }));
  }
  // Only a project the server knows can stop; a stopped one has nothing more to record.
  if (!project.stop && !project.local) {
    card.append(el('button', { type: 'button', className: 'link stop-project', textContent:
      'Inovasi berhenti', dataset: { stop: project.id, testid: 'stop-project' } }));
  }
  return card;
}

async function render() {
  shown = (await phoneProjects(bootstrap, user)).filter((p) => p.owner_id === user.id || p.local);
  const today = unitToday(bootstrap);
  $('[data-projects]').replaceChildren(...shown.map((p) => projectCard(p, today)));
  $('[data-no-projects]').hidden = shown.length > 0;
}

const find = (id) => shown.find((p) => p.id === id);
const FORM_CARDS = '[data-plan-card], [data-report-card], [data-usage-card], [data-stop-card]';

// Only one form is open at a time, under the page's head.
function open(card) {
  for (const other of document.querySelectorAll(FORM_CARDS)) {
    other.hidden = other !== card;
  }
  card.querySelector('[role=status]').hidden = true;
  card.scrollIntoView({ block: 'start' });
}

// A rejected entry being fixed in one of the forms (the sync panel's "Perbaiki"): saving hands
// the corrected data to the panel, which sends it as a new entry; closing the form gives up.
let fixing = null;

function closeForms() {
  for (const card of document.querySelectorAll(FORM_CARDS)) {
    card.hidden = true;
  }
  fixing?.(null);
  fixing = null;
}

// Resolve the fix with `data` (null: nothing to send); true when a fix was open.
function fixed(data) {
  if (!fixing) return false;
  const done = fixing;
  fixing = null;
  done(data);
  closeForms();
  if (data) say(queuedNote('Perbaikan'));
  return true;
}

function fixer(openFor) {
  return (entry) => {
    const project = find(String(entry.data.project_id));
    if (!project && entry.kind !== 'project') return Promise.resolve(null);
    closeForms();
    return new Promise((resolve) => {
      if (openFor(entry, project) === false) resolve(null);
      else fixing = resolve;
    });
  };
}

// --- the plan ---

const plan = $('[data-plan-form]');
let editing = null; // the project being edited (as shown), null for a new one

function milestoneRow(milestone = null, known = Boolean(milestone)) {
  const row = $('[data-milestone-row]').content.firstElementChild.cloneNode(true);
  row.dataset.id = milestone?.id || crypto.randomUUID();
  row.dataset.known = known ? '1' : '';
  const stage = row.querySelector('[name=stage]');
  stage.replaceChildren(...STAGES.map(
    (value) => el('option', { value, textContent: STAGE_LABELS[value] })));
  stage.value = milestone?.stage || 'pendek';
  row.querySelector('[name=m_title]').value = milestone?.title || '';
  row.querySelector('[name=output]').value = milestone?.output || '';
  row.querySelector('[name=due_date]').value = milestone?.due_date || '';
  return row;
}

// `project`: the one edited (null: a new one); `values`: what the form shows when it is not the
// project as it stands (a rejected entry being fixed).
function openPlan(project, values = project) {
  editing = project;
  plan.reset();
  delete plan.dataset.projectId;
  $('[data-plan-heading]').textContent = project ? 'Ubah rencana' : 'Daftarkan proyek';
  if (values) {
    for (const field of ['title', 'problem', 'goal', 'indicator', 'launched_on']) {
      plan.elements[field].value = values[field] || '';
    }
    // A unit the list does not offer (refused as unknown) falls back to the user's own.
    const unit = plan.elements.unit_id;
    const own = unit.value;
    unit.value = String(values.unit_id ?? own);
    if (!unit.value) unit.value = own;
    plan.elements.program_id.value = values.program_id == null ? '' : String(values.program_id);
  }
  const known = new Set((project?.milestones || []).map((m) => m.id));
  const rows = (values?.milestones || []).map((m) => milestoneRow(m, known.has(m.id)));
  $('[data-milestone-rows]').replaceChildren(...rows, milestoneRow());
  open($('[data-plan-card]'));
}

// A refused plan: a new one opens as new with its own data and id, an edit as an edit of the
// project as it stands with the refused changes on top.
function fixPlan(entry, project) {
  const { base, project_id: id, ...wanted } = entry.data;
  if (!base || !project) {
    openPlan(null, wanted);
    plan.dataset.projectId = id;
    return true;
  }
  const changes = wanted.milestones || [];
  const changed = (m) => changes.find((w) => String(w.id) === m.id);
  const added = changes.filter((w) => !project.milestones.some((m) => m.id === String(w.id)));
  openPlan(project, { ...project, ...wanted, milestones: [
    ...project.milestones.map((m) => ({ ...m, ...changed(m) })), ...added] });
  return true;
}

function readPlan() {
  const value = (name) => plan.elements[name].value.trim();
  const milestones = [...document.querySelectorAll('[data-milestone-rows] > li')]
    .filter((row) => row.dataset.known || row.querySelector('[name=m_title]').value.trim())
    .map((row) => ({
      id: row.dataset.id, stage: row.querySelector('[name=stage]').value,
      title: row.querySelector('[name=m_title]').value.trim(),
      output: row.querySelector('[name=output]').value.trim(),
      due_date: row.querySelector('[name=due_date]').value || null,
    }));
  return {
    title: value('title'), problem: value('problem'), goal: value('goal'),
    indicator: value('indicator'), unit_id: Number(value('unit_id')),
    program_id: value('program_id') ? Number(value('program_id')) : null,
    launched_on: value('launched_on') || null, milestones,
  };
}

function planProblem(data) {
  if (data.title.length < 3) return 'Isi judul proyek (minimal 3 karakter).';
  if (data.milestones.some((m) => m.title.length < 3)) {
    return 'Judul setiap tahapan minimal 3 karakter.';
  }
  return null;
}

async function queuePlan(data) {
  if (editing) {
    const edit = planEdit(editing, data);
    if (!edit) return 'Tidak ada perubahan.';
    if (fixed(edit)) return null;
    await outbox.enqueue('project', edit);
  } else {
    const id = plan.dataset.projectId || crypto.randomUUID();
    if (fixed({ project_id: id, ...data })) return null;
    await outbox.enqueue('project', { project_id: id, ...data });
  }
  closeForms();
  say(queuedNote(editing ? 'Perubahan rencana' : 'Proyek'));
  return null;
}

// --- progress on a milestone ---

const report = $('[data-report-form]');
let reporting = null; // {project, milestone}

function openReport(project, milestone) {
  reporting = { project, milestone };
  report.reset();
  $('[data-report-target]').textContent = `${project.title} — ${milestone.title}`;
  open($('[data-report-card]'));
}

function readReport() {
  return { note: report.elements.note.value.trim(), done: report.elements.done.checked,
           hasPhoto: report.elements.photo.files.length > 0 };
}

function reportProblem({ note, done, hasPhoto }) {
  return note || done || hasPhoto ? null
    : 'Tulis catatan, lampirkan foto bukti, atau tandai tahapan selesai.';
}

async function queueReport({ note, done }) {
  const data = { project_id: reporting.project.id, milestone_id: reporting.milestone.id, done,
                 period: null, usage: null, note, photo_id: null };
  // A fixed report keeps the photo it was queued with (outbox.replaceRejected).
  if (fixed(data)) return null;
  const [file] = report.elements.photo.files;
  const photo = file ? await shrinkPhoto(file).catch(() => null) : null;
  await outbox.enqueue('project_report', data, { photo });
  closeForms();
  say(file && !photo ? 'Foto tidak bisa dibaca; laporan dikirim tanpa foto.'
    : queuedNote('Laporan'), file && !photo ? 'warn' : 'info');
  return null;
}

// --- a month's usage ---

const usage = $('[data-usage-form]');
let usageOf = null;

function openUsage(project) {
  usageOf = project;
  usage.reset();
  const thisMonth = unitToday(bootstrap).slice(0, 7);
  usage.elements.period.min = project.launched_on.slice(0, 7);
  usage.elements.period.max = thisMonth;
  usage.elements.period.value = project.missing_usage.at(-1) || shiftMonth(thisMonth, -1);
  if (usage.elements.period.value < usage.elements.period.min) usage.elements.period.value = thisMonth;
  $('[data-usage-target]').textContent = `${project.title}${project.indicator
    ? ` — ${project.indicator}` : ''}`;
  open($('[data-usage-card]'));
}

function readUsage() {
  return { period: usage.elements.period.value, usage: usage.elements.usage.value.trim() };
}

function usageProblem({ period, usage: count }) {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) return 'Pilih bulannya.';
  if (period < usage.elements.period.min) return 'Bulan ini sebelum peluncuran proyek.';
  if (period > unitToday(bootstrap).slice(0, 7)) return 'Bulan ini belum tiba.';
  if (!/^\d+$/.test(count)) return 'Isi jumlah pemakaian (bilangan bulat, 0 atau lebih).';
  return null;
}

async function queueUsage({ period, usage: count }) {
  const data = { project_id: usageOf.id, milestone_id: null, done: false, period,
                 usage: Number(count), note: '', photo_id: null };
  if (fixed(data)) return null;
  await outbox.enqueue('project_report', data);
  closeForms();
  say(queuedNote(`Pemakaian ${monthLabel(period)}`));
  return null;
}

// --- the innovation stopped ---

let stopping = null;

function openStop(project) {
  stopping = project;
  $('[data-stop-form]').reset();
  $('[data-stop-target]').textContent = project.title;
  open($('[data-stop-card]'));
}

function fixReport(entry, project) {
  const { data } = entry;
  if (data.period != null) {
    openUsage(project);
    usage.elements.period.value = data.period;
    usage.elements.usage.value = String(data.usage);
    return true;
  }
  const milestone = project.milestones.find((m) => m.id === String(data.milestone_id));
  if (!milestone) return false; // not this project's: nothing to fix, only to discard
  openReport(project, milestone);
  report.elements.note.value = data.note || '';
  report.elements.done.checked = Boolean(data.done);
  return true;
}

function onListClick(event) {
  const button = event.target.closest('button');
  if (!button) return;
  const { edit, report: milestoneId, usage: usageId, stop } = button.dataset;
  const project = find(button.closest('[data-project-id]')?.dataset.projectId);
  if (!project) return;
  closeForms();
  if (edit) openPlan(project);
  else if (usageId) openUsage(project);
  else if (stop) openStop(project);
  else if (milestoneId) openReport(project, project.milestones.find((m) => m.id === milestoneId));
}

async function main() {
  await started;
  bootstrap = await loadBootstrap(user);
  $('[data-new-project]').addEventListener('click', () => {
    closeForms();
    openPlan(null);
  });
  $('[data-add-milestone]').addEventListener('click',
                                             () => $('[data-milestone-rows]').append(milestoneRow()));
  for (const cancel of document.querySelectorAll('[data-plan-cancel], [data-report-cancel], [data-usage-cancel], [data-stop-cancel]')) {
    cancel.addEventListener('click', closeForms);
  }
  queueOnSubmit(plan, sayer($('[data-plan-card] [role=status]')),
                { read: readPlan, problem: planProblem, queue: queuePlan });
  queueOnSubmit(report, sayer($('[data-report-card] [role=status]')),
                { read: readReport, problem: reportProblem, queue: queueReport });
  queueOnSubmit(usage, sayer($('[data-usage-card] [role=status]')),
                { read: readUsage, problem: usageProblem, queue: queueUsage });
  bindStopForm($('[data-stop-form]'), sayer($('[data-stop-card] [role=status]')), {
    project: () => stopping,
    queued: () => {
      closeForms();
      say(queuedNote('Catatan berhenti'));
      return null;
    },
  });
  $('[data-projects]').addEventListener('click', onListClick);
  registerFixer('project', fixer(fixPlan));
  registerFixer('project_report', fixer(fixReport));
  outbox.onChange(render);
  await render();
  markReady();
  await cacheEvidencePhotos(shown);
}

main();
