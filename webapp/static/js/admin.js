// The admin pages: a form marked data-confirm (deleting a holiday or a special period,
// deactivating an account) asks first, in the app's own dialog; without JavaScript it is sent
// as it is.
import { markReady, started } from './app.js';
import { ask } from './dialog.js';

document.addEventListener('submit', async (event) => {
  const form = event.target.closest('form[data-confirm]');
  if (!form || form.dataset.confirmed) return;
  event.preventDefault();
  const yes = await ask(form.dataset.confirm, [
    { label: 'Batal', value: null },
    { label: 'Ya', value: true, kind: 'danger', testid: 'confirm-yes' },
  ]);
  if (yes) {
    form.dataset.confirmed = '1';
    form.requestSubmit();
  }
});

started.then(markReady);
