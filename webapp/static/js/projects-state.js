// Change projects as this phone knows them, freshest first: the server's list (bootstrap
// `projects`), replaced per project by a record a sync returned since (each `project*` record
// carries its whole project after the entry), then this user's outbox entries of the four
// kinds applied on top, in the order they were made. A pure function of its inputs (no DOM,
// no IndexedDB), shared by the owner's and the mentor's pages.
//
// What the pages read, besides the server's fields (docs/SYNC.md, "project"):
// - project.local:     made on this phone, not on the server yet;
// - project.pending:   ids of queued entries that touch it; `pendingFields`: plan fields;
// - project.rejected:  [{id, kind, errors, data}] of refused `project` / `project_stop` entries
//                      (never applied; they stay until fixed or discarded);
// - milestone.pending / .rejected: the same for reports and reviews of that milestone, and
//   milestone.report / .review: the latest progress report and verdict (`pending: true` when
//   still on this phone);
// - usagePending / usageRejected: by period "YYYY-MM"; stop.pending.

const PROJECT_KINDS = new Set(['project', 'project_report', 'project_review', 'project_stop']);
const FIELDS = ['title', 'problem', 'goal', 'indicator', 'unit_id', 'program_id', 'launched_on'];
const MILESTONE_FIELDS = ['stage', 'title', 'output', 'due_date'];

function fresh(project) {
  return {
    ...project,
    usage: { ...(project.usage || {}) },
    missing_usage: [...(project.missing_usage || [])],
    milestones: (project.milestones || []).map((m) => ({ ...m, pending: [], rejected: [] })),
    conflicts: [...(project.conflicts || [])],
    local: false, pending: [], pendingFields: [], rejected: [],
    usagePending: {}, usageRejected: {},
  };
}

const overdue = (milestone, today) => Boolean(
  today && milestone.due_date && today > milestone.due_date && milestone.state !== 'diterima');

function touch(project, milestone, entry) {
  if (entry.state === 'rejected') return;
  project.pending.push(entry.id);
  milestone?.pending.push(entry.id);
}

function refusal(entry) {
  return { id: entry.id, kind: entry.kind, errors: entry.errors || {}, data: entry.data };
}

function applyPlan(byId, entry, today) {
  const { data } = entry;
  const pid = String(data.project_id);
  let project = byId.get(pid);
  if (entry.state === 'rejected') {
    if (!project) {
      // A new plan the server refused: shown (from its own data) so it can be fixed.
      project = fresh({ id: pid, state: 'rencana', ...pick(data, FIELDS),
                        milestones: (data.milestones || []).map(newMilestone) });
      project.local = true;
      byId.set(pid, project);
    }
    project.rejected.push(refusal(entry));
    return;
  }
  if (!project) {
    project = fresh({ id: pid, owner_id: entry.user_id, state: 'rencana', classification: null,
                      stop: null, title: '', problem: '', goal: '', indicator: '',
                      unit_id: null, program_id: null, launched_on: null });
    project.local = true;
    byId.set(pid, project);
  }
  for (const field of FIELDS) {
    if (field in data) {
      project[field] = data[field];
      if (!project.pendingFields.includes(field)) project.pendingFields.push(field);
    }
  }
  for (const change of data.milestones || []) {
    const id = String(change.id);
    let milestone = project.milestones.find((m) => m.id === id);
    if (!milestone) {
      milestone = { ...newMilestone(change), pending: [], rejected: [] };
      project.milestones.push(milestone);
    } else {
      Object.assign(milestone, pick(change, MILESTONE_FIELDS));
    }
    milestone.overdue = overdue(milestone, today);
    milestone.pending.push(entry.id);
  }
  touch(project, null, entry);
}

function pick(data, fields) {
  return Object.fromEntries(fields.filter((f) => f in data).map((f) => [f, data[f]]));
}

function newMilestone(data) {
  return { id: String(data.id), stage: data.stage, title: data.title || '',
           output: data.output || '', due_date: data.due_date || null, state: 'terbuka',
           overdue: false, report: null, review: null };
}

function applyReport(project, entry) {
  const { data } = entry;
  const rejected = entry.state === 'rejected';
  if (data.period != null) {
    if (rejected) {
      (project.usageRejected[data.period] ||= []).push(refusal(entry));
    } else {
      project.usage[data.period] = data.usage;
      project.usagePending[data.period] = true;
      project.missing_usage = project.missing_usage.filter((p) => p !== data.period);
    }
  }
  const milestone = data.milestone_id
    ? project.milestones.find((m) => m.id === String(data.milestone_id)) : null;
  if (milestone) {
    if (rejected) {
      milestone.rejected.push(refusal(entry));
    } else {
      milestone.report = { note: data.note || '', photo_id: data.photo_id || null,
                           done: Boolean(data.done), at: entry.captured_at, pending: true };
      if (data.done) milestone.state = 'diklaim';
    }
  }
  if (!rejected) touch(project, milestone, entry);
  else if (!milestone && data.period == null) project.rejected.push(refusal(entry));
}

function applyReview(project, entry, today) {
  const { data } = entry;
  const milestone = data.milestone_id
    ? project.milestones.find((m) => m.id === String(data.milestone_id)) : null;
  if (entry.state === 'rejected') {
    (milestone ? milestone.rejected : project.rejected).push(refusal(entry));
    return;
  }
  if (milestone && data.verdict) {
    milestone.state = data.verdict;
    milestone.review = { verdict: data.verdict, comment: data.comment || '',
                         budget_note: data.budget_note || '', at: entry.captured_at,
                         pending: true };
    milestone.overdue = overdue(milestone, today);
  }
  if (data.classification) {
    project.classification = data.classification;
    project.classificationPending = true;
  }
  touch(project, milestone, entry);
}

function applyStop(project, entry) {
  if (entry.state === 'rejected') {
    project.rejected.push(refusal(entry));
    return;
  }
  if (!project.stop) {
    project.stop = { reason: entry.data.reason, note: entry.data.note || '',
                     stopped_at: entry.captured_at, by_id: entry.user_id, pending: true };
    project.state = 'berhenti';
  }
  touch(project, null, entry);
}

// serverProjects: bootstrap `projects`; syncedRecords: outbox.records(user) (any kinds; those of
// the project kinds with a `settled_at` after `asOf` replace the server's copy of their
// project); outboxEntries: the user's queued and rejected entries (any kinds), oldest first.
// Options: `asOf` (ms, when the server made `serverProjects`: bootstrap's server_time) and
// `today` ("YYYY-MM-DD" in the unit's zone) to flag new milestones overdue.
// Returns fresh objects (inputs are never changed), in the server's order, new ones last.
export function projectsView(serverProjects = [], syncedRecords = [], outboxEntries = [],
                             { asOf = 0, today = null } = {}) {
  const latest = new Map();
  for (const project of serverProjects) latest.set(String(project.id), { project, at: asOf });
  for (const record of syncedRecords) {
    if (!PROJECT_KINDS.has(record.kind) || !record.project) continue;
    const id = String(record.project.id);
    const known = latest.get(id);
    const at = record.settled_at || 0;
    if (!known || at > known.at) latest.set(id, { project: record.project, at });
  }
  const byId = new Map([...latest].map(([id, { project }]) => [id, fresh(project)]));
  const entries = [...outboxEntries]
    .filter((e) => PROJECT_KINDS.has(e.kind) && ['queued', 'rejected'].includes(e.state))
    .sort((a, b) => (a.queued_at || 0) - (b.queued_at || 0));
  for (const entry of entries) {
    if (entry.kind === 'project') {
      applyPlan(byId, entry, today);
      continue;
    }
    const project = byId.get(String(entry.data.project_id));
    if (!project) continue; // a project this phone does not know: the sync panel shows it
    if (entry.kind === 'project_report') applyReport(project, entry);
    else if (entry.kind === 'project_review') applyReview(project, entry, today);
    else applyStop(project, entry);
  }
  return [...byId.values()];
}

const same = (a, b) => (a ?? '') === (b ?? '');

// The `project` entry data for an edit of `project` (as projectsView shows it) to the form's
// values `wanted` ({title, …, milestones: [{id, stage, title, output, due_date}]}): only the
// fields that changed, each with the value seen in `base` (milestones by id, field by field;
// a milestone not in `project` is sent whole). null when nothing changed.
export function planEdit(project, wanted) {
  const data = { project_id: project.id };
  const base = {};
  for (const field of FIELDS) {
    if (field in wanted && !same(wanted[field], project[field])) {
      data[field] = wanted[field];
      base[field] = project[field] ?? null;
    }
  }
  const changed = [];
  const seen = [];
  for (const milestone of wanted.milestones || []) {
    const known = project.milestones.find((m) => m.id === String(milestone.id));
    if (!known) {
      changed.push({ ...milestone });
      continue;
    }
    const fields = MILESTONE_FIELDS.filter((f) => f in milestone && !same(milestone[f], known[f]));
    if (!fields.length) continue;
    changed.push({ id: known.id, ...pick(milestone, fields) });
    seen.push({ id: known.id, ...Object.fromEntries(fields.map((f) => [f, known[f] ?? null])) });
  }
  if (changed.length) {
    data.milestones = changed;
    base.milestones = seen;
  }
  if (Object.keys(base).length === 0) return null;
  return { ...data, base };
}
