// The change projects this phone knows for the logged-in user, freshest first (see
// projects-state.js): bootstrap's list, records synced since, and the user's outbox entries.
import * as outbox from './outbox.js';
import { cacheUrls } from './pwa.js';
import { el } from './dom.js';
import { projectsView } from './projects-state.js';
import { localDate } from './format.js';
import { DEFAULT_TZ } from './vocabulary.js';

// Today ("YYYY-MM-DD") in the zone of the user's unit.
export function unitToday(bootstrap) {
  return localDate(new Date().toISOString(), bootstrap?.unit?.timezone || DEFAULT_TZ);
}

export async function phoneProjects(bootstrap, user) {
  const entries = (await outbox.all()).filter((entry) => entry.user_id === user.id);
  return projectsView(bootstrap?.projects || [], await outbox.records(user.id), entries, {
    asOf: Date.parse(bootstrap?.server_time) || 0, today: unitToday(bootstrap),
  });
}

export const photoUrl = (photoId) => `/api/v1/photos/${photoId}`;

// An evidence photo, kept across renders (a sync re-renders the page) so it is not fetched
// again. One that cannot be shown (still in the outbox, never cached while online, not the
// user's to see) gives way to `fallback()`, and a later render tries it again.
const evidence = new Map();
export function evidencePhoto(photoId, attributes, fallback) {
  if (!evidence.has(photoId)) {
    const img = el('img', { src: photoUrl(photoId), loading: 'lazy', ...attributes });
    img.addEventListener('error', () => {
      evidence.delete(photoId);
      img.replaceWith(fallback());
    }, { once: true });
    evidence.set(photoId, img);
  }
  return evidence.get(photoId);
}

// While online, have the worker keep the evidence photos of `projects` (the latest report's,
// one per milestone at most) in the user's photo cache, so they show offline. Marks <body>
// once it has them.
export async function cacheEvidencePhotos(projects) {
  const urls = projects.flatMap((p) => p.milestones.map((m) => m.report?.photo_id))
    .filter(Boolean).map(photoUrl);
  if (navigator.onLine && urls.length) await cacheUrls(urls);
  document.body.dataset.evidenceCached = '1';
}

// "November 2026" for "2026-11".
export function monthLabel(period) {
  return new Intl.DateTimeFormat('id-ID', { month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(`${period}-01T00:00:00Z`));
}
