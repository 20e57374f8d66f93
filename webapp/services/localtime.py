"""Time zones of Indonesian units.

Everything is stored in UTC and shown in the unit's zone (WIB, WITA, WIT).
A "day" of attendance is always the unit's local calendar day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from webapp.vocabulary import TIMEZONES


def _require_aware(dt: datetime) -> None:
    # A naive datetime has no defined instant; guessing a zone is how
    # attendance ends up on the wrong day.
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("an aware datetime is required")


def get_zone(tz_name: str) -> ZoneInfo:
    """ZoneInfo for an IANA name; raises ZoneInfoNotFoundError (a KeyError) if unknown."""
    return ZoneInfo(tz_name)


def zone_label(tz_name: str) -> str:
    """WIB/WITA/WIT for Indonesian zones, else the IANA name itself."""
    return TIMEZONES.labels.get(tz_name, tz_name)


def to_utc(dt: datetime) -> datetime:
    """The same instant with tzinfo=UTC."""
    _require_aware(dt)
    return dt.astimezone(UTC)


def local_datetime(at: datetime, tz_name: str) -> datetime:
    """The instant `at` expressed in the unit's zone."""
    _require_aware(at)
    return at.astimezone(get_zone(tz_name))


def local_date(at: datetime, tz_name: str) -> date:
    """The unit's calendar date at instant `at`."""
    return local_datetime(at, tz_name).date()


def format_local(at: datetime, tz_name: str) -> str:
    """Wall-clock time with the zone label, e.g. "07:21 WIB"."""
    return f"{local_datetime(at, tz_name):%H:%M} {zone_label(tz_name)}"


def format_stamp(at: datetime, tz_name: str) -> str:
    """Date and time with the zone label, e.g. "07-07-2026 07:21 WIB"."""
    return f"{local_datetime(at, tz_name):%d-%m-%Y %H:%M} {zone_label(tz_name)}"


def lateness_minutes(at: datetime, tz_name: str, work_start: time) -> int:
    """Whole minutes after `work_start` on the local date of `at`; 0 if not late.

    Truncates: 07:30:59 against 07:30 is 0 minutes late, 07:31:00 is 1.
    `work_start` is local wall-clock time; any tzinfo on it is ignored.
    """
    local = local_datetime(at, tz_name)
    start = datetime.combine(local.date(), work_start.replace(tzinfo=None), tzinfo=local.tzinfo)
    # Subtract in UTC: same-tzinfo subtraction in Python ignores offset changes.
    delta = to_utc(local) - to_utc(start)
    return max(0, delta // timedelta(minutes=1))


def day_bounds_utc(d: date, tz_name: str) -> tuple[datetime, datetime]:
    """[start, end) of local date `d` as UTC instants, for range queries."""
    tz = get_zone(tz_name)
    start = datetime.combine(d, time(0), tzinfo=tz)
    end = datetime.combine(d + timedelta(days=1), time(0), tzinfo=tz)
    return to_utc(start), to_utc(end)
