"""Session schedules from a weekly pattern, e.g. Mon/Wed/Fri 09:00-11:00 local time.

Pure functions: times are the unit's wall-clock times, the result is aware UTC. A session is
always within one local day (end after start), so "11:00" never means the next morning.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class WeeklyPattern:
    weekdays: frozenset[int]  # 0 = Monday ... 6 = Sunday, as date.weekday()
    start: time  # local wall-clock time
    end: time

    def __post_init__(self) -> None:
        if not self.weekdays or not self.weekdays <= set(range(7)):
            raise ValueError("weekdays must be a non-empty subset of 0..6")
        if self.end.replace(tzinfo=None) <= self.start.replace(tzinfo=None):
            raise ValueError("a session must end after it starts, on the same day")


def local_slot(day: date, start: time, end: time, tz_name: str) -> tuple[datetime, datetime]:
    """(starts_at, ends_at) in UTC of one session held on local `day` from `start` to `end`."""
    # tzinfo on the given times is ignored: they are the unit's wall clock by definition.
    start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
    if end <= start:
        raise ValueError("a session must end after it starts, on the same day")
    zone = ZoneInfo(tz_name)
    starts = datetime.combine(day, start, tzinfo=zone)
    ends = datetime.combine(day, end, tzinfo=zone)
    return starts.astimezone(UTC), ends.astimezone(UTC)


def session_days(pattern: WeeklyPattern, date_from: date, date_to: date,
                 holidays: Iterable[date] = ()) -> list[date]:
    """Local dates in [date_from, date_to] on the pattern's weekdays, holidays left out."""
    if date_to < date_from:
        raise ValueError("date_to is before date_from")
    skip = set(holidays)
    days, day = [], date_from
    while day <= date_to:
        if day.weekday() in pattern.weekdays and day not in skip:
            days.append(day)
        day += timedelta(days=1)
    return days


def generate(pattern: WeeklyPattern, date_from: date, date_to: date, tz_name: str,
             holidays: Iterable[date] = ()) -> list[tuple[datetime, datetime]]:
    """Every session of the pattern in the date range, as aware UTC (starts_at, ends_at)."""
    return [local_slot(day, pattern.start, pattern.end, tz_name)
            for day in session_days(pattern, date_from, date_to, holidays)]
