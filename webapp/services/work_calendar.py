"""The working calendar: which local days are work days for a unit, and their hours.

Pure functions over plain values. What decides a day, in order:

1. A holiday (`libur_nasional`, `cuti_bersama` for the whole district; `libur_daerah` may be
   the whole district or one unit) is not a work day.
2. The unit's weekly schedule says which weekdays are work days and their in/out times (a
   shorter Friday, a Mon-Sat kecamatan office). A unit without its own schedule follows the
   district's; a district without one follows DEFAULT_WEEK from the unit's work start.
3. A special period (Ramadan) covering the day changes the in/out times of the weekdays it
   names; it never turns a day off into a work day, so a period only has to list times.
   A unit's own period wins over a district-wide one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta

HOLIDAY_KINDS = ("libur_nasional", "cuti_bersama", "libur_daerah")
HOLIDAY_LABELS = {"libur_nasional": "Libur nasional", "cuti_bersama": "Cuti bersama",
                  "libur_daerah": "Libur daerah"}


@dataclass(frozen=True)
class Hours:
    start: time  # the unit's wall clock
    end: time

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError("a work day must end after it starts")


Week = Mapping[int, Hours]  # weekday (0 = Monday) -> hours; a weekday left out is a day off


def default_week(work_start: time) -> dict[int, Hours]:
    """Mon-Thu until 16:00, Friday until 16:30 (37.5 hours with the longer Friday prayer
    break), for a district that has not set its own schedule."""
    return {**{d: Hours(work_start, time(16, 0)) for d in range(4)},
            4: Hours(work_start, time(16, 30))}


@dataclass(frozen=True)
class Holiday:
    day: date
    kind: str
    name: str
    unit_id: int | None = None  # None: the whole district

    def __post_init__(self) -> None:
        if self.kind not in HOLIDAY_KINDS:
            raise ValueError(f"unknown holiday kind: {self.kind!r}")


@dataclass(frozen=True)
class Period:
    name: str
    date_from: date
    date_to: date
    hours: Week
    unit_id: int | None = None  # None: every unit

    def __post_init__(self) -> None:
        if self.date_to < self.date_from:
            raise ValueError("a period must end on or after its first day")


@dataclass(frozen=True)
class Calendar:
    """Everything that decides a unit's days; build it once for a month and ask per day."""

    district_week: Week | None = None
    unit_weeks: Mapping[int, Week] = field(default_factory=dict)
    holidays: Iterable[Holiday] = ()
    periods: Iterable[Period] = ()


@dataclass(frozen=True)
class WorkDay:
    day: date
    hours: Hours | None  # None: not a work day
    holiday: Holiday | None = None
    period: str | None = None  # the special period whose hours apply

    @property
    def is_work_day(self) -> bool:
        return self.hours is not None


def holiday_on(holidays: Iterable[Holiday], day: date, unit_id: int) -> Holiday | None:
    return next((h for h in holidays
                 if h.day == day and h.unit_id in (None, unit_id)), None)


def _period_on(periods: Iterable[Period], day: date, unit_id: int) -> Period | None:
    covering = [p for p in periods if p.date_from <= day <= p.date_to
                and p.unit_id in (None, unit_id)]
    return min(covering, key=lambda p: p.unit_id is None, default=None)


def work_day(calendar: Calendar, unit_id: int, work_start: time, day: date) -> WorkDay:
    """The unit's day: a holiday, a day off, or a work day with its hours."""
    holiday = holiday_on(calendar.holidays, day, unit_id)
    if holiday is not None:
        return WorkDay(day, None, holiday)
    week = (calendar.unit_weeks.get(unit_id) or calendar.district_week
            or default_week(work_start))
    hours = week.get(day.weekday())
    if hours is None:
        return WorkDay(day, None)
    period = _period_on(calendar.periods, day, unit_id)
    if period is not None and day.weekday() in period.hours:
        return WorkDay(day, period.hours[day.weekday()], period=period.name)
    return WorkDay(day, hours)


def month_days(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return [first + timedelta(days=i) for i in range((following - first).days)]


def work_days(calendar: Calendar, unit_id: int, work_start: time,
              days: Iterable[date]) -> list[WorkDay]:
    return [work_day(calendar, unit_id, work_start, d) for d in days]
