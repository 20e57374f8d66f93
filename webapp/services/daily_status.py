"""Each work day of each official gets one status, counted into the monthly recap (TPP).

Pure functions over plain values. Rules for one official on one local day of their unit:

- Not a work day (holiday, day off: see work_calendar): `libur`, whatever was recorded.
- Any check-in or check-out that counts (rejected ones are left out before): `hadir`. The
  day's first "in" is compared with the in time: late by whole minutes (07:30:59 against 07:30
  is on time, 07:31:00 one minute late), in bands TL1 1-30, TL2 31-60, TL3 61-90, TL4 > 90.
  Checking in before the in time is on time. The day's last "out" is compared with the out
  time the same way: PSW1-PSW4. A past day with an "in" and no "out" is "tanpa absen pulang";
  a day with an "out" and no "in" is "tanpa absen masuk" (neither is turned into a band: the
  recap shows them as their own columns). Today without an "out" yet is neither.
- No check-in at all: approved leave covering the day shows as that leave (izin, sakit,
  dinas luar); else a past work day is TK (tanpa keterangan), today `belum`, later days
  `mendatang`.
- An approved correction counts as a check-in at its time, marked `koreksi`.
- The local day and time of a check-in are those of the unit's zone (WIB, WITA, WIT).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from webapp.services.localtime import get_zone, local_datetime, to_utc
from webapp.services.work_calendar import Holiday, WorkDay
from webapp.vocabulary import ATTENDANCE, DAY_STATUSES, HADIR, LEAVE_TYPES, ON_TIME

TK = "TK"
LIBUR = "libur"
BELUM = "belum"
MENDATANG = "mendatang"
LATE_BANDS = ("TL1", "TL2", "TL3", "TL4")
EARLY_BANDS = ("PSW1", "PSW2", "PSW3", "PSW4")
BAND_EDGES = (30, 60, 90)  # the last minute of bands 1, 2 and 3

# The recap's columns, in order, with their headings.
RECAP_COLUMNS = {
    "hari_kerja": "Hari kerja",
    HADIR: ATTENDANCE.label(HADIR),
    ON_TIME: DAY_STATUSES.label(ON_TIME),
    **{b: b for b in LATE_BANDS},
    **{b: b for b in EARLY_BANDS},
    "tanpa_masuk": "Tanpa absen masuk",
    "tanpa_pulang": "Tanpa absen pulang",
    **LEAVE_TYPES.labels,
    TK: "TK",
    "koreksi": "Koreksi",
}


@dataclass(frozen=True)
class Stamp:
    user_id: int
    type: str  # "in" | "out"
    at: datetime  # aware
    koreksi: bool = False


@dataclass(frozen=True)
class OfficialDay:
    day: date
    code: str  # HADIR, a leave type, TK, LIBUR, BELUM or MENDATANG
    late_minutes: int = 0
    early_minutes: int = 0
    time_in: datetime | None = None  # local
    time_out: datetime | None = None  # local
    no_in: bool = False
    no_out: bool = False
    koreksi: bool = False
    holiday: Holiday | None = None

    @property
    def late_band(self) -> str | None:
        return band(self.late_minutes, LATE_BANDS)

    @property
    def early_band(self) -> str | None:
        return band(self.early_minutes, EARLY_BANDS)


def band(minutes: int, names: Sequence[str]) -> str | None:
    """None for 0 minutes, else the band holding them: 1-30, 31-60, 61-90, over 90."""
    if minutes <= 0:
        return None
    return names[sum(minutes > edge for edge in BAND_EDGES)]


def _minutes_between(earlier: datetime, later: datetime) -> int:
    # Subtract in UTC: same-tzinfo subtraction ignores offset changes.
    return max(0, (to_utc(later) - to_utc(earlier)) // timedelta(minutes=1))


def group_stamps(stamps: Iterable[Stamp],
                 tz_name: str) -> dict[tuple[int, date], list[Stamp]]:
    """Stamps by (user, local date in `tz_name`), in time order."""
    days: dict[tuple[int, date], list[Stamp]] = defaultdict(list)
    for s in stamps:
        days[(s.user_id, local_datetime(s.at, tz_name).date())].append(s)
    for own in days.values():
        own.sort(key=lambda s: s.at)
    return days


def official_day(work: WorkDay, today: date, stamps: Sequence[Stamp], leave: str | None,
                 tz_name: str) -> OfficialDay:
    """One official's status on one local day; `stamps` are theirs for that day."""
    day = work.day
    if not work.is_work_day:
        return OfficialDay(day, LIBUR, holiday=work.holiday)
    first_in = min((s for s in stamps if s.type == "in"), key=lambda s: s.at, default=None)
    last_out = max((s for s in stamps if s.type == "out"), key=lambda s: s.at, default=None)
    if first_in is None and last_out is None:
        if leave is not None:
            return OfficialDay(day, leave)
        return OfficialDay(day, TK if day < today else BELUM if day == today else MENDATANG)
    zone = get_zone(tz_name)
    starts = datetime.combine(day, work.hours.start, tzinfo=zone)
    ends = datetime.combine(day, work.hours.end, tzinfo=zone)
    time_in = local_datetime(first_in.at, tz_name) if first_in else None
    time_out = local_datetime(last_out.at, tz_name) if last_out else None
    return OfficialDay(
        day, HADIR,
        late_minutes=_minutes_between(starts, time_in) if time_in else 0,
        early_minutes=_minutes_between(time_out, ends) if time_out else 0,
        time_in=time_in, time_out=time_out,
        no_in=first_in is None, no_out=last_out is None and day < today,
        koreksi=any(s.koreksi for s in (first_in, last_out) if s is not None))


def recap_counts(days: Iterable[OfficialDay]) -> dict[str, int]:
    """One official's month: the count of each RECAP_COLUMNS column."""
    counts = Counter({column: 0 for column in RECAP_COLUMNS})
    for d in days:
        if d.code == LIBUR:
            continue
        counts["hari_kerja"] += 1
        if d.code in (TK, *LEAVE_TYPES, HADIR):
            counts[d.code] += 1
        if d.code != HADIR:
            continue
        for chosen in (d.late_band, d.early_band):
            if chosen:
                counts[chosen] += 1
        counts["tepat_waktu"] += d.time_in is not None and d.late_band is None
        counts["tanpa_masuk"] += d.no_in
        counts["tanpa_pulang"] += d.no_out
        counts["koreksi"] += d.koreksi
    return dict(counts)
