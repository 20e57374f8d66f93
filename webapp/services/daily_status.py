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

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from webapp.services.localtime import day_bounds_utc, get_zone
from webapp.services.work_calendar import Holiday, WorkDay
from webapp.vocabulary import (
    ATTENDANCE,
    DAY_STATUSES,
    FUTURE,
    HADIR,
    LEAVE_TYPES,
    NOT_YET,
    ON_TIME,
    WEEKEND,
)

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

# How a day's code reads on one official's month.
CODE_LABELS = {HADIR: ATTENDANCE.label(HADIR), **LEAVE_TYPES.labels, TK: "Tanpa keterangan (TK)",
               LIBUR: DAY_STATUSES.label(WEEKEND), BELUM: DAY_STATUSES.label(NOT_YET),
               MENDATANG: DAY_STATUSES.label(FUTURE)}


# Named tuples rather than dataclasses: a month's recap builds one Stamp per check-in and one
# OfficialDay per official and day (about 170,000 and 90,000 for a unit of 4,000 officials).
class Stamp(NamedTuple):
    user_id: int
    type: str  # "in" | "out"
    at: datetime  # aware
    koreksi: bool = False


class OfficialDay(NamedTuple):
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
    def label(self) -> str:
        if self.code == LIBUR and self.holiday is not None:
            return f"Libur: {self.holiday.name}"
        return CODE_LABELS[self.code]

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
    first, second, third = BAND_EDGES
    return names[0 if minutes <= first else 1 if minutes <= second else
                 2 if minutes <= third else 3]


MINUTE = timedelta(minutes=1)


def _require_aware(at: datetime) -> None:
    # A naive datetime has no defined instant; guessing a zone puts a stamp on the wrong day.
    if at.tzinfo is None:
        raise ValueError("an aware datetime is required")


@lru_cache(maxsize=1024)
def _bounds_utc(day: date, hours, tz_name: str) -> tuple[datetime, datetime]:
    """The day's in and out times as UTC instants: worked out once per day of a month, not
    once per official. Subtracting from a UTC instant is right across offset changes, which
    a subtraction between two times of the same zone object is not."""
    zone = get_zone(tz_name)
    return (datetime.combine(day, hours.start, tzinfo=zone).astimezone(UTC),
            datetime.combine(day, hours.end, tzinfo=zone).astimezone(UTC))


class DayEdges(NamedTuple):
    """One work day as UTC instants, so a month can be counted in SQL by comparisons alone.

    Late minutes are whole minutes after the in time, so a first "in" is late by k minutes or
    more exactly when it is at or after `in time + k minutes`; early minutes likewise end at
    `out time - k minutes`. `late_from` and `early_to` hold those instants for k = 1, 31, 61
    and 91, the first minute of each band."""

    day: date
    starts: datetime  # the local day's first instant
    late_from: tuple[datetime, ...]
    early_to: tuple[datetime, ...]


_BAND_FIRSTS = (1, *(edge + 1 for edge in BAND_EDGES))


def day_edges(work: WorkDay, tz_name: str) -> DayEdges:
    """The edges of a work day (`work.hours` set) in the unit's zone `tz_name`."""
    starts, ends = _bounds_utc(work.day, work.hours, tz_name)
    return DayEdges(work.day, day_bounds_utc(work.day, tz_name)[0],
                    tuple(starts + k * MINUTE for k in _BAND_FIRSTS),
                    tuple(ends - k * MINUTE for k in _BAND_FIRSTS))


def group_stamps(stamps: Iterable[Stamp],
                 tz_name: str) -> dict[tuple[int, date], list[Stamp]]:
    """Stamps by (user, local date in `tz_name`), in time order."""
    zone = get_zone(tz_name)
    days: dict[tuple[int, date], list[Stamp]] = defaultdict(list)
    for s in stamps:
        _require_aware(s.at)
        days[(s.user_id, s.at.astimezone(zone).date())].append(s)
    at = attrgetter("at")
    for own in days.values():
        own.sort(key=at)
    return days


def official_day(work: WorkDay, today: date, stamps: Sequence[Stamp], leave: str | None,
                 tz_name: str) -> OfficialDay:
    """One official's status on one local day; `stamps` are theirs for that day."""
    day = work.day
    if work.hours is None:
        return OfficialDay(day, LIBUR, holiday=work.holiday)
    first_in = last_out = None
    for s in stamps:
        if s.type == "in":
            if first_in is None or s.at < first_in.at:
                first_in = s
        elif last_out is None or s.at > last_out.at:
            last_out = s
    if first_in is None and last_out is None:
        if leave is not None:
            return OfficialDay(day, leave)
        return OfficialDay(day, TK if day < today else BELUM if day == today else MENDATANG)
    starts, ends = _bounds_utc(day, work.hours, tz_name)
    zone = get_zone(tz_name)
    late = early = 0
    time_in = time_out = None
    if first_in is not None:
        _require_aware(first_in.at)
        late = max(0, (first_in.at - starts) // MINUTE)
        time_in = first_in.at.astimezone(zone)
    if last_out is not None:
        _require_aware(last_out.at)
        early = max(0, (ends - last_out.at) // MINUTE)
        time_out = last_out.at.astimezone(zone)
    return OfficialDay(
        day, HADIR, late_minutes=late, early_minutes=early, time_in=time_in, time_out=time_out,
        no_in=first_in is None, no_out=last_out is None and day < today,
        koreksi=(first_in is not None and first_in.koreksi)
        or (last_out is not None and last_out.koreksi))


_COUNTED = frozenset((TK, *LEAVE_TYPES, HADIR))  # codes with a column of their own


def recap_counts(days: Iterable[OfficialDay]) -> dict[str, int]:
    """One official's month: the count of each RECAP_COLUMNS column."""
    counts = dict.fromkeys(RECAP_COLUMNS, 0)
    for d in days:
        code = d.code
        if code == LIBUR:
            continue
        counts["hari_kerja"] += 1
        if code in _COUNTED:
            counts[code] += 1
        if code != HADIR:
            continue
        late = band(d.late_minutes, LATE_BANDS)
        if late:
            counts[late] += 1
        elif d.time_in is not None:
            counts[ON_TIME] += 1
        early = band(d.early_minutes, EARLY_BANDS)
        if early:
            counts[early] += 1
        counts["tanpa_masuk"] += d.no_in
        counts["tanpa_pulang"] += d.no_out
        counts["koreksi"] += d.koreksi
    return counts



MASKS = ("present", "in0", "in1", "in2", "in3", "in_all", "out0", "out1", "out2", "out3",
         "out_all")


def mask_counts(masks: Sequence[int | None], past: int, koreksi: int) -> dict[str, int]:
    """The columns of one official's month that its days with a check-in decide (every
    RECAP_COLUMNS column but the work days, leave and TK), and `past_hadir`, from sets of work
    days in the order of MASKS, each a number with a bit per day (None: no day); `past` the
    days before today, `koreksi` the days counted as koreksi. A first "in" is in the earliest
    band any of the day's "in"s reaches, a last "out" likewise, so sets of days suffice:

    - `present`: days with a check-in or check-out; `in_all`, `out_all`: with an "in", an "out";
    - `in<k>`: days with an "in" before `DayEdges.late_from[k]`: their first "in" is on time
      (k = 0) or at most TL<k>;
    - `out<k>`: days with an "out" after `DayEdges.early_to[k]`: their last "out" is not early
      (k = 0) or at most PSW<k>.

    Spelled out rather than looped: a unit's recap calls it once per official.
    """
    present, in0, in1, in2, in3, in_all, out0, out1, out2, out3, out_all = (
        m or 0 for m in masks)
    return {HADIR: present.bit_count(), ON_TIME: in0.bit_count(),
            "TL1": (in1 & ~in0).bit_count(), "TL2": (in2 & ~in1).bit_count(),
            "TL3": (in3 & ~in2).bit_count(), "TL4": (in_all & ~in3).bit_count(),
            "PSW1": (out1 & ~out0).bit_count(), "PSW2": (out2 & ~out1).bit_count(),
            "PSW3": (out3 & ~out2).bit_count(), "PSW4": (out_all & ~out3).bit_count(),
            "tanpa_masuk": (present & ~in_all).bit_count(),
            "tanpa_pulang": (present & ~out_all & past).bit_count(),
            "koreksi": koreksi.bit_count(), "past_hadir": (present & past).bit_count()}


def folded_counts(work_days: int, past_work_days: int, folded: dict[str, int] | None,
                  leave_days: Iterable[tuple[str, bool]]) -> dict[str, int]:
    """recap_counts of one official's month from its parts: the month's work days (and those
    before today), what mask_counts gives for their days with a check-in (or None: none),
    and (leave type, before today) of each work day on leave without a check-in. A past work
    day neither present nor on leave is TK."""
    counts = dict.fromkeys(RECAP_COLUMNS, 0)
    counts["hari_kerja"] = work_days
    accounted = 0
    if folded is not None:
        counts.update(folded)
        accounted = counts.pop("past_hadir")
    for leave, past in leave_days:
        counts[leave] += 1
        accounted += past
    counts[TK] = past_work_days - accounted
    return counts
