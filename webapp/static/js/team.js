// The supervisor's /team: decisions on their direct staff's corrections and leave go into the
// one outbox (`correction_decision`, `leave_decision`), so the cached page decides with no
// network. Each request shows what this phone knows of it, newest first: a decision waiting
// to be sent or refused by the server, else the server's answer (which may say that someone
// else decided it first), else the form.
import * as outbox from './outbox.js';
import { markReady, started } from './app.js';
import { el } from './dom.js';
import { queueOnSubmit, sayer } from './queue-form.js';
import { REQUEST_STATE_LABELS as STATES } from './vocabulary.js';

// The request's id field in the entry's data (and record), and the record's key for it.
const KINDS = {
  correction_decision: { idField: 'correction_id', key: 'correction' },
  leave_decision: { idField: 'leave_id', key: 'leave' },
};
const items = [...document.querySelectorAll('[data-decide]')];
const itemKey = (kind, id) => `${kind}:${id}`;

// The latest the phone holds for each request, by itemKey: { entry } or { record }.
async function known(user) {
  const latest = new Map();
  const records = (await outbox.records(user.id)).filter((r) => KINDS[r.kind])
    .sort((a, b) => a.settled_at - b.settled_at);
  for (const record of records) {
    latest.set(itemKey(record.kind, record[KINDS[record.kind].idField]), { record });
  }
  for (const entry of await outbox.all()) {
    if (entry.user_id === user.id && KINDS[entry.kind]) {
      latest.set(itemKey(entry.kind, entry.data[KINDS[entry.kind].idField]), { entry });
    }
  }
  return latest;
}

function badge(state, text = STATES[state]) {
  return el('span', { className: `state state-${state}` }, text);
}

// What the item says instead of its form, or null to show the form.
function stateOf({ entry, record } = {}) {
  if (entry?.state === 'queued') {
    return [badge(entry.data.decision), ' menunggu dikirim'];
  }
  if (entry) return [badge('rejected', 'Ditolak server'), ' — lihat di bawah'];
  if (!record) return null;
  const request = record[KINDS[record.kind].key];
  if (record.applied) return [badge(request.state), ' terkirim'];
  const note = request.decision_note ? ` (“${request.decision_note}”)` : '';
  return ['Sudah diputuskan lebih dulu: ', badge(request.state), note];
}

async function render() {
  const latest = await known(outbox.pageUser());
  for (const item of items) {
    const { decide: kind, requestId } = item.dataset;
    const shown = stateOf(latest.get(itemKey(kind, requestId)));
    const state = item.querySelector('[data-decision-state]');
    item.querySelector('[data-decision-form]').hidden = shown !== null;
    item.dataset.decided = shown === null ? '' : '1';
    if (shown !== null) {
      state.className = 'decision-state';
      state.replaceChildren(...shown);
    }
    state.hidden = shown === null && !state.classList.contains('flash');
  }
}

function bind(item) {
  const { decide: kind, requestId } = item.dataset;
  const form = item.querySelector('[data-decision-form]');
  const say = sayer(item.querySelector('[data-decision-state]'));
  queueOnSubmit(form, say, {
    read: (button) => ({ [KINDS[kind].idField]: Number(requestId), decision: button.value,
                         reason: form.elements.reason.value.trim() }),
    problem: ({ decision, reason }) => (decision === 'rejected' && !reason
      ? 'Tuliskan alasan penolakan.' : null),
    // The item's state (render, on the outbox's change) says it is queued.
    queue: (data) => outbox.enqueue(kind, data).then(() => null),
  });
}

async function main() {
  await started;
  items.forEach(bind);
  outbox.onChange(render);
  await render();
  markReady();
}

main();
