// The "Inovasi berhenti" form (templates/projects/_stop_form.html) on the owner's and the
// mentor's pages: a reason and a note, confirmed because it cannot be undone, then one
// `project_stop` entry in the outbox; the page shows the stop, "menunggu kirim" until sent.
import * as outbox from './outbox.js';
import { ask } from './dialog.js';
import { queueOnSubmit } from './queue-form.js';

const STOP_QUESTION = 'Catat bahwa inovasi ini berhenti? Catatan ini tidak bisa dibatalkan.';

// `project()`: the project the form is open for; `queued()`: called once the entry is queued,
// returns what to say then (null: nothing).
export function bindStopForm(form, say, { project, queued }) {
  queueOnSubmit(form, say, {
    read: () => ({ reason: form.elements.reason.value, note: form.elements.note.value.trim() }),
    problem: ({ reason }) => (reason ? null : 'Pilih alasan utamanya.'),
    queue: async (data) => {
      const sure = await ask(STOP_QUESTION, [
        { label: 'Batal', value: false },
        { label: 'Catat berhenti', value: true, kind: 'danger', testid: 'confirm-stop' },
      ]);
      if (!sure) return null;
      await outbox.enqueue('project_stop', { project_id: project().id, ...data });
      form.reset();
      return queued();
    },
  });
}
