// A mentor's list (/mentoring): the change projects they mentor, what waits for them first
// (claimed milestones to decide, then what to chase the owner about: missing usage reports,
// overdue milestones), and each project's life state. Rendered from what the phone knows
// (bootstrap, synced records, the outbox), so it works offline; the project pages it links to
// are cached on the way, so they open offline too.
import * as outbox from './outbox.js';
import { markReady, started } from './app.js';
import { cacheUrls } from './pwa.js';
import { loadBootstrap } from './bootstrap.js';
import { cacheEvidencePhotos, monthLabel, phoneProjects } from './projects-data.js';
import { fullDate } from './format.js';
import { el } from './dom.js';
import { CLASSIFICATION_LABELS, PROJECT_STATE_LABELS } from './vocabulary.js';

const user = outbox.pageUser();
let bootstrap = null;

const projectUrl = (id) => `/mentoring/projects/${id}`;

// What waits for the mentor on `project`, most pressing first; `claim` ones are theirs to
// decide, the others are theirs to chase the owner about.
function waiting(project) {
  const items = project.milestones.filter((m) => m.state === 'diklaim')
    .map((m) => ({ kind: 'claim', text: `Diklaim selesai, menunggu keputusan: ${m.title}` }));
  // A stopped innovation has nothing left to chase.
  if (project.state === 'berhenti') return items;
  const missing = project.missing_usage;
  if (missing.length === 1) {
    items.push({ kind: 'usage', text: `Laporan pemakaian ${monthLabel(missing[0])} belum diisi` });
  } else if (missing.length > 1) {
    items.push({ kind: 'usage', text: `${missing.length} laporan pemakaian bulanan belum diisi `
                 + `(terakhir ${monthLabel(missing.at(-1))})` });
  }
  for (const m of project.milestones.filter((x) => x.overdue)) {
    items.push({ kind: 'overdue', text: `Terlambat (batas ${fullDate(m.due_date)}): ${m.title}` });
  }
  return items;
}

const lifeBadge = (project) => el('span', {
  className: `state state-life-${project.state}`, textContent: PROJECT_STATE_LABELS[project.state],
});

function projectLink(project, ...details) {
  return el('a', { className: 'project-link', href: projectUrl(project.id) },
            el('span', { className: 'project-line' },
               el('strong', { className: 'project-title', textContent: project.title }),
               lifeBadge(project)),
            el('span', { className: 'muted small', textContent: project.owner_name || '' }),
            ...details);
}

function waitingItem(project, items) {
  const claims = items.filter((i) => i.kind === 'claim').length;
  return el('li', { dataset: { testid: 'waiting-project', projectId: project.id, claims } },
            projectLink(project, el('ul', { className: 'waiting-items' }, ...items.map(
              (item) => el('li', { className: `waiting-${item.kind}`, textContent: item.text })))));
}

function projectItem(project) {
  const accepted = project.milestones.filter((m) => m.state === 'diterima').length;
  const facts = [`${accepted} dari ${project.milestones.length} tahapan diterima`];
  if (project.classification) facts.push(CLASSIFICATION_LABELS[project.classification]);
  if (project.pending.length) facts.push('ada keputusan menunggu kirim');
  return el('li', { dataset: { testid: 'mentored-project', projectId: project.id,
                               state: project.state } },
            projectLink(project, el('span', { className: 'small',
                                              textContent: facts.join(' · ') })));
}

// Have the worker keep the project pages too, so that they open offline without a visit; only
// those not cached yet (an online visit refreshes a cached one). Marks <body> once it has them.
async function cacheProjectPages(projects) {
  const missing = [];
  for (const url of projects.map((p) => projectUrl(p.id))) {
    if (!('caches' in self) || !(await caches.match(url).catch(() => null))) missing.push(url);
  }
  if (missing.length) await cacheUrls(missing);
  document.body.dataset.linkedPagesCached = '1';
}

async function render() {
  const mine = (await phoneProjects(bootstrap, user)).filter((p) => p.mentor_id === user.id);
  const waits = mine.map((project) => ({ project, items: waiting(project) }))
    .filter(({ items }) => items.length)
    // Decisions first, then the projects with the most to chase.
    .sort((a, b) => (b.items.filter((i) => i.kind === 'claim').length
                     - a.items.filter((i) => i.kind === 'claim').length)
                    || b.items.length - a.items.length);
  const waitingCard = document.querySelector('[data-testid=mentoring-waiting]');
  waitingCard.hidden = waits.length === 0;
  document.querySelector('[data-waiting-count]').textContent = String(waits.length);
  document.querySelector('[data-waiting-list]').replaceChildren(
    ...waits.map(({ project, items }) => waitingItem(project, items)));
  document.querySelector('[data-all-projects]').hidden = mine.length === 0;
  document.querySelector('[data-testid=mentored-projects]')
    .replaceChildren(...mine.map(projectItem));
  document.querySelector('[data-mentoring-empty]').hidden = mine.length > 0 || !bootstrap;
  document.querySelector('[data-mentoring-nodata]').hidden = Boolean(bootstrap);
  return mine;
}

async function main() {
  await started;
  bootstrap = await loadBootstrap(user);
  const mine = await render();
  outbox.onChange(render);
  markReady();
  await Promise.all([cacheProjectPages(mine), cacheEvidencePhotos(mine)]);
}

main();
