"""The monthly recap of one unit: each official's work days and the count of each status.

The rules of a day are in daily_status, the calendar in work_calendar; this module only puts
a month together and loads it in a fixed number of statements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from webapp.extensions import db
from webapp.models import CheckIn, Unit, User
from webapp.services.calendar_records import load_calendar
from webapp.services.daily_attendance import (
    Leave,
    Official,
    UnitInfo,
    approved_corrections,
    leave_on,
    load_leaves,
    load_officials,
)
from webapp.services.daily_status import (
    RECAP_COLUMNS,
    OfficialDay,
    Stamp,
    group_stamps,
    official_day,
    recap_counts,
)
from webapp.services.localtime import day_bounds_utc, local_date
from webapp.services.work_calendar import WorkDay, month_days, work_day


@dataclass(frozen=True)
class RecapRow:
    official: Official
    days: list[OfficialDay]
    counts: dict[str, int]


@dataclass(frozen=True)
class MonthlyRecap:
    unit: UnitInfo
    month: date  # its first day
    days: list[WorkDay]
    rows: list[RecapRow]
    totals: dict[str, int]
    head: Official | None = None  # who signs for the unit


def _head(unit: Unit) -> Official | None:
    if unit.head_id is None:
        return None
    head = db.session.get(User, unit.head_id)
    return Official(head.id, head.username, head.full_name, head.nip, head.jabatan)


def build_monthly(unit: UnitInfo, days: Sequence[WorkDay], today: date,
                  officials: Iterable[Official], stamps: Iterable[Stamp],
                  leaves: Iterable[Leave]) -> MonthlyRecap:
    by_day = group_stamps(stamps, unit.timezone)
    leaves_of: dict[int, list[Leave]] = defaultdict(list)
    for leave in leaves:
        leaves_of[leave.user_id].append(leave)
    none: list[Stamp] = []
    tz_name = unit.timezone
    rows = []
    for o in sorted(officials, key=lambda o: (o.full_name.casefold(), o.user_id)):
        uid, own_leaves = o.user_id, leaves_of.get(o.user_id)
        own = [official_day(w, today, by_day.get((uid, w.day), none),
                            leave_on(own_leaves, w.day) if own_leaves else None, tz_name)
               for w in days]
        rows.append(RecapRow(o, own, recap_counts(own)))
    totals = dict.fromkeys(RECAP_COLUMNS, 0)
    for row in rows:
        for column, n in row.counts.items():
            totals[column] += n
    return MonthlyRecap(unit, days[0].day, list(days), rows, totals)


def _stamps(user_ids: list[int], start: datetime, end: datetime) -> list[Stamp]:
    """Check-ins that count, and approved corrections as check-ins marked koreksi."""
    rows = db.session.execute(
        db.select(CheckIn.user_id, CheckIn.type, CheckIn.corrected_at)
        .where(CheckIn.user_id.in_(user_ids), CheckIn.corrected_at >= start,
               CheckIn.corrected_at < end, CheckIn.review_state != "rejected"))
    return [Stamp(user_id, type_, at) for user_id, type_, at in rows] + [
        Stamp(*row, koreksi=True) for row in approved_corrections(user_ids, start, end)]


def recap_units(user) -> list[UnitInfo]:
    """Units whose recap `user` may see: every unit for a reviewer, the units a supervisor
    heads, none for anyone else."""
    statement = db.select(Unit).order_by(Unit.name)
    if not user.has_role("reviewer"):
        if not user.has_role("supervisor"):
            return []
        statement = statement.where(Unit.head_id == user.id)
    return [UnitInfo(u.id, u.code, u.name, u.timezone, u.work_start)
            for u in db.session.scalars(statement)]


def load_monthly(unit_code: str, year: int, month: int, now: datetime) -> MonthlyRecap | None:
    unit = db.session.scalar(db.select(Unit).filter_by(code=unit_code))
    if unit is None:
        return None
    info = UnitInfo(unit.id, unit.code, unit.name, unit.timezone, unit.work_start)
    dates = month_days(year, month)
    calendar = load_calendar(dates[0], dates[-1])
    days = [work_day(calendar, unit.id, unit.work_start, d) for d in dates]
    officials = load_officials([unit.id]).get(unit.id, [])
    ids = [o.user_id for o in officials]
    start, _ = day_bounds_utc(dates[0], unit.timezone)
    _, end = day_bounds_utc(dates[-1], unit.timezone)
    recap = build_monthly(info, days, local_date(now, unit.timezone), officials,
                          _stamps(ids, start, end) if ids else [],
                          load_leaves(ids, dates[0], dates[-1]) if ids else [])
    return replace(recap, head=_head(unit))
