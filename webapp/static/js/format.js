// Times as officials read them: in their unit's zone, with WIB / WITA / WIT.
import { DEFAULT_TZ, ZONE_LABELS as ZONES } from './vocabulary.js';

function parts(date, timeZone, options) {
  const fields = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', ...options })
    .formatToParts(date);
  return Object.fromEntries(fields.map(({ type, value }) => [type, value]));
}

// "07:21 WIB"
export function localTime(iso, timeZone = DEFAULT_TZ) {
  const { hour, minute } = parts(new Date(iso), timeZone, { hour: '2-digit', minute: '2-digit' });
  return `${hour}:${minute} ${ZONES[timeZone] || timeZone}`;
}

// "2026-07-07", the calendar day in `timeZone` (matches the server's local_date)
export function localDate(iso, timeZone = DEFAULT_TZ) {
  const { year, month, day } = parts(new Date(iso), timeZone,
                                     { year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${year}-${month}-${day}`;
}

// "Sel, 7 Jul" for a "YYYY-MM-DD" day
export function dayLabel(isoDate) {
  return new Intl.DateTimeFormat('id-ID', { weekday: 'short', day: 'numeric', month: 'short',
                                            timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

// "07:41", or "7 Nov 07:41" on another day (device time), for "terakhir sinkron ..."
export function clock(iso) {
  const date = new Date(iso);
  const time = `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  if (date.toDateString() === new Date().toDateString()) return time;
  return `${new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'short' }).format(date)} ${time}`;
}

// "1 Feb 2026" for a "YYYY-MM-DD" day
export function fullDate(isoDate) {
  return new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'short', year: 'numeric',
                                            timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}
