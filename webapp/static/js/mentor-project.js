// One project as its mentor sees it (/mentoring/projects/<id>): the plan, each milestone with
// the owner's latest report and evidence photo, a decision form on a claimed milestone (accept,
// or return with a comment; a budget note), the classification, the monthly usage and the
// "it stopped" form. Rendered from what the phone knows (bootstrap, synced records, the outbox);
// every form only queues a `project_review` or `project_stop` entry, so all of it works offline.
// A queued decision shows as "menunggu kirim" until sent; a refused one stays with its reason.
import * as outbox from './outbox.js';
import { markReady, started } from './app.js';
import { loadBootstrap } from './bootstrap.js';
import {
  cacheEvidencePhotos, evidencePhoto, monthLabel, phoneProjects,
} from './projects-data.js';
import { fullDate, localDate } from './format.js';
import { el } from './dom.js';
import { describe, reasons } from './panel.js';
import { bindStopForm } from './project-stop.js';
import { queueOnSubmit, sayer } from './queue-form.js';
import {
  CLASSIFICATION_LABELS, DEFAULT_TZ, MILESTONE_STATE_LABELS, PROJECT_STATE_LABELS, STAGE_LABELS,
  STOP_REASON_LABELS,
} from './vocabulary.js';

const PENDING = 'menunggu kirim';
const SEE_PANEL = ' (lihat “Belum terkirim” di bawah)';
const NO_PHOTO = 'Foto bukti belum bisa ditampilkan; tampil saat online.';
const RETURN_NEEDS_COMMENT = 'Tuliskan mengapa tahapan ini dikembalikan.';
const USAGE_MONTHS = 12;
// In the order of the plan, as the vocabulary lists them.
const STAGES = Object.keys(STAGE_LABELS);

const user = outbox.pageUser();
const root = document.querySelector('[data-mentor-project]');
const projectId = root.dataset.mentorProject;
let bootstrap = null;
let project = null; // as last rendered; the forms queue against it

// Kept across renders (a sync re-renders the page): a comment being typed stays.
const reviewForms = new Map();
let shownClassification;

const section = (name) => root.querySelector(`[data-${name}]`);
// replaceChildren, leaving out the parts that are not there (null), as el() does.
const fill = (node, ...children) => node.replaceChildren(...children.filter((c) => c != null));
const pendingBadge = () => el('span', { className: 'badge pending', textContent: PENDING });
const dayOf = (iso) => fullDate(localDate(iso, bootstrap?.unit?.timezone || DEFAULT_TZ));

function refusals(list, testid) {
  if (!list.length) return null;
  return el('ul', { className: 'refusals', dataset: { testid } }, ...list.map((refused) => el(
    'li', { dataset: { entryId: refused.id } },
    el('strong', { textContent: `${describe(refused)} ditolak server: ` }),
    reasons(refused.errors).join('; '),
    el('span', { className: 'muted small', textContent: SEE_PANEL }))));
}

// --- the plan -------------------------------------------------------------------------------

function renderHead() {
  const facts = [project.launched_on ? `Diluncurkan ${fullDate(project.launched_on)}`
    : 'Belum diluncurkan'];
  if (project.indicator) facts.push(`pemakaian dihitung dari ${project.indicator}`);
  const badges = el('p', { className: 'badges' },
                    el('span', { className: `state state-life-${project.state}`,
                                 dataset: { testid: 'life-state' },
                                 textContent: PROJECT_STATE_LABELS[project.state] }));
  if (project.classification) badges.append(' ', classificationBadge());
  const plan = el('details', { className: 'plan' },
                  el('summary', { textContent: 'Masalah dan tujuan' }),
                  el('p', {}, el('strong', { textContent: 'Masalah: ' }), project.problem || '—'),
                  el('p', {}, el('strong', { textContent: 'Tujuan: ' }), project.goal || '—'));
  fill(section('project-head'),
    el('h1', { className: 'project-title', textContent: project.title }),
    el('p', { className: 'muted owner', textContent: project.owner_name || '' }),
    badges, el('p', { className: 'small', textContent: facts.join(' · ') }), plan,
    refusals(project.rejected, 'project-rejected'));
}

// --- milestones -----------------------------------------------------------------------------

function reportBlock(report) {
  if (!report) return null;
  return el('div', { className: 'report', dataset: { testid: 'milestone-report' } },
            el('p', { className: 'small muted', textContent:
              `${report.done ? 'Diklaim selesai' : 'Laporan kemajuan'} · ${dayOf(report.at)}` }),
            report.note ? el('p', { className: 'note', textContent: report.note }) : null,
            report.photo_id ? evidencePhoto(report.photo_id, {
              className: 'evidence', alt: 'Foto bukti dari pemilik proyek',
              dataset: { testid: 'evidence-photo' } },
            () => el('p', { className: 'muted small', textContent: NO_PHOTO })) : null);
}

function reviewBlock(milestone) {
  const { review } = milestone;
  if (!review) return null;
  // A returned milestone claimed again: the earlier verdict is context for the new decision.
  const earlier = milestone.state === 'diklaim' ? 'Sebelumnya: ' : '';
  const head = el('p', { className: 'small' },
                  el('strong', { textContent: earlier + MILESTONE_STATE_LABELS[review.verdict] }),
                  review.pending ? pendingBadge() : ` · ${dayOf(review.at)}`);
  return el('div', { className: `verdict-note verdict-${review.verdict}`,
                     dataset: { testid: 'milestone-review', pending: review.pending ? '1' : '' } },
            head,
            review.comment ? el('p', { className: 'note', textContent: review.comment }) : null,
            review.budget_note ? el('p', { className: 'small', textContent:
              `Catatan anggaran: ${review.budget_note}` }) : null);
}

function reviewForm(milestone) {
  if (reviewForms.has(milestone.id)) return reviewForms.get(milestone.id);
  const form = document.querySelector('[data-review-template]').content.firstElementChild
    .cloneNode(true);
  for (const label of form.querySelectorAll('label[data-for]')) {
    const id = `${label.dataset.for}-${milestone.id}`;
    form.elements[label.dataset.for].id = id;
    label.htmlFor = id;
  }
  const message = form.querySelector('[data-review-message]');
  queueOnSubmit(form, sayer(message), {
    read: () => ({ verdict: form.elements.verdict.value,
                   comment: form.elements.comment.value.trim(),
                   budget_note: form.elements.budget_note.value.trim() }),
    problem: ({ verdict, comment }) => {
      if (!verdict) return 'Pilih terima atau kembalikan.';
      return verdict === 'dikembalikan' && !comment ? RETURN_NEEDS_COMMENT : null;
    },
    queue: async (data) => {
      await outbox.enqueue('project_review', { project_id: project.id, milestone_id: milestone.id,
                                                classification: null, ...data });
      form.reset();
      message.hidden = true;
      return null; // the milestone now shows the decision, "menunggu kirim"
    },
  });
  reviewForms.set(milestone.id, form);
  return form;
}

function milestoneBlock(milestone) {
  const head = el('div', { className: 'milestone-head' },
                  el('strong', { textContent: milestone.title }),
                  el('span', { className: `state state-${milestone.state}`,
                               textContent: MILESTONE_STATE_LABELS[milestone.state] }));
  if (milestone.overdue) {
    head.append(el('span', { className: 'state state-rejected', textContent: 'Terlambat' }));
  }
  const facts = [];
  if (milestone.output) facts.push(`Keluaran: ${milestone.output}`);
  if (milestone.due_date) facts.push(`batas ${fullDate(milestone.due_date)}`);
  return el('article', { className: 'milestone', dataset: {
    testid: 'milestone', milestoneId: milestone.id, state: milestone.state } },
            head,
            facts.length ? el('p', { className: 'small muted', textContent: facts.join(' · ') })
              : null,
            reportBlock(milestone.report), reviewBlock(milestone),
            refusals(milestone.rejected, 'milestone-rejected'),
            milestone.state === 'diklaim' ? reviewForm(milestone) : null);
}

function renderMilestones() {
  const stages = STAGES.map((stage) => [stage, project.milestones.filter(
    (m) => m.stage === stage)]).filter(([, list]) => list.length);
  section('milestone-list').replaceChildren(...stages.flatMap(([stage, list]) => [
    el('h3', { textContent: STAGE_LABELS[stage] }), ...list.map(milestoneBlock)]));
  if (!project.milestones.length) {
    section('milestone-list').append(
      el('p', { className: 'muted', textContent: 'Belum ada tahapan.' }));
  }
}

// --- usage, classification, stop --------------------------------------------------------------

function renderUsage() {
  const months = [...new Set([...Object.keys(project.usage), ...project.missing_usage])]
    .sort().reverse().slice(0, USAGE_MONTHS);
  section('usage-card').hidden = months.length === 0;
  section('usage-list').replaceChildren(...months.map((period) => {
    const used = project.usage[period];
    return el('li', { dataset: { testid: 'usage-month', period } },
              el('span', { textContent: monthLabel(period) }),
              used == null
                ? el('span', { className: 'state state-rejected', textContent: 'belum diisi' })
                : el('strong', { textContent: used.toLocaleString('id-ID') }));
  }));
}

function classificationBadge() {
  return el('span', { className: 'state state-open',
                      textContent: CLASSIFICATION_LABELS[project.classification] });
}

function renderClassification() {
  fill(section('classify-current'), ...(project.classification
    ? ['Tercatat: ', classificationBadge(), project.classificationPending ? pendingBadge() : null]
    : [el('span', { className: 'muted', textContent: 'Belum diklasifikasikan.' })]));
  const form = section('classify-form');
  // Set the choice only when the project's own value changes, never under the mentor's finger.
  if (shownClassification !== project.classification) {
    shownClassification = project.classification;
    for (const input of form.elements.classification) {
      input.checked = input.value === project.classification;
    }
  }
}

function renderStop() {
  const { stop } = project;
  const info = section('stop-info');
  info.hidden = !stop;
  section('stop-form').hidden = Boolean(stop);
  if (!stop) return;
  fill(info,
    el('p', {}, el('strong', { textContent: `Berhenti: ${STOP_REASON_LABELS[stop.reason]}` }),
       stop.pending ? pendingBadge() : ` · ${dayOf(stop.stopped_at)}`),
    stop.note ? el('p', { className: 'note', textContent: stop.note }) : null);
}

async function render() {
  project = (await phoneProjects(bootstrap, user)).find((p) => p.id === projectId) || null;
  section('project-missing').hidden = Boolean(project);
  for (const name of ['project-head', 'milestones-card', 'classify-card', 'stop-card']) {
    section(name).hidden = !project;
  }
  if (!project) return;
  renderHead();
  renderMilestones();
  renderUsage();
  renderClassification();
  renderStop();
}

function bindForms() {
  const classify = section('classify-form');
  queueOnSubmit(classify, sayer(section('classify-message')), {
    read: () => ({ classification: classify.elements.classification.value }),
    problem: ({ classification }) => {
      if (!classification) return 'Pilih klasifikasinya.';
      return classification === project.classification ? 'Klasifikasi ini sudah tercatat.' : null;
    },
    queue: async ({ classification }) => {
      await outbox.enqueue('project_review', {
        project_id: project.id, milestone_id: null, verdict: null, comment: '', budget_note: '',
        classification });
      section('classify-message').hidden = true;
      return null; // "Tercatat: … menunggu kirim" above the form says it
    },
  });
  bindStopForm(section('stop-form'), sayer(section('stop-message')), {
    project: () => project,
    queued: () => {
      section('stop-message').hidden = true;
      return null; // the form gives way to the stop, "menunggu kirim"
    },
  });
}

async function main() {
  await started;
  bootstrap = await loadBootstrap(user);
  bindForms();
  await render();
  outbox.onChange(render);
  markReady();
  if (project) await cacheEvidencePhotos([project]);
}

main();
