// Loaded by base.html on every logged-in page: service worker, sync triggers, sync panels,
// logout guard. Page modules `await started` before they render, then call markReady().
import { pageUser } from './outbox.js';
import { startAutoSync } from './sync.js';
import { bindPanels } from './panel.js';
import {
  askPersistentStorage, forgetPreviousUser, guardLogout, offerInstall, registerServiceWorker,
} from './pwa.js';

// Tests and page modules wait for this: the page is rendered and its buttons are live.
export function markReady() {
  document.body.dataset.appReady = '1';
}

async function start() {
  const user = pageUser();
  guardLogout();
  offerInstall();
  askPersistentStorage();
  // A user switch deletes the cached pages, this one included: register after it.
  const switched = user ? await forgetPreviousUser(user) : false;
  registerServiceWorker({ recache: switched })
    .catch((error) => console.error('service worker', error));
  await bindPanels();
  await startAutoSync();
}

export const started = start();

// Pages whose module renders more (data-ready-by="page") mark themselves ready.
if (document.body.dataset.readyBy !== 'page') started.then(markReady);
