// The change projects this phone knows for the logged-in user, freshest first (see
// projects-state.js): bootstrap's list, records synced since, and the user's outbox entries.
import * as outbox from './outbox.js';
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

// "November 2026" for "2026-11".
export function monthLabel(period) {
  return new Intl.DateTimeFormat('id-ID', { month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(`${period}-01T00:00:00Z`));
}
