"""The monthly recap of one unit: each official's count of each status, and one official's
month day by day.

The rules of a day are in daily_status, the calendar in work_calendar. A unit's month is
counted in the database: a month of 4,000 officials is 170,000 check-ins, too many to carry
into Python and judge one by one within a page's time. The SQL folds each official's days
with a check-in by comparing their first "in" and last "out" with the day's edges
(daily_status.day_edges), which are the minute rules restated as instants; the days without
one (leave, TK) are counted from the calendar. One official's month is judged day by day in
Python with the rules themselves; tests hold the two to the same counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Date, Integer, and_, case, literal, literal_column, tuple_, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from webapp.extensions import db
from webapp.models import CheckIn, Correction, Unit, User
from webapp.models.types import UTCDateTime
from webapp.services.calendar_records import load_calendar
from webapp.services.daily_attendance import (
    Leave,
    Official,
    UnitInfo,
    approved_corrections,
    leave_on,
    load_leaves,
    load_officials,
    official_ids,
)
from webapp.services.daily_status import (
    RECAP_COLUMNS,
    DayEdges,
    OfficialDay,
    Stamp,
    day_edges,
    folded_counts,
    group_stamps,
    mask_counts,
    official_day,
    recap_counts,
)
from webapp.services.localtime import day_bounds_utc, local_date
from webapp.services.work_calendar import WorkDay, month_days, work_day
from webapp.vocabulary import APPROVED


@dataclass(frozen=True)
class RecapRow:
    official: Official
    counts: dict[str, int]


@dataclass(frozen=True)
class MonthlyRecap:
    unit: UnitInfo
    month: date  # its first day
    days: list[WorkDay]
    rows: list[RecapRow]
    totals: dict[str, int]
    head: Official | None = None  # who signs for the unit


@dataclass(frozen=True)
class OfficialMonth:
    unit: UnitInfo
    month: date
    official: Official
    days: list[OfficialDay]
    counts: dict[str, int]


def _unit_info(unit: Unit) -> UnitInfo:
    return UnitInfo(unit.id, unit.code, unit.name, unit.timezone, unit.work_start)


def _head(unit: Unit) -> Official | None:
    if unit.head_id is None:
        return None
    head = db.session.get(User, unit.head_id)
    return Official(head.id, head.username, head.full_name, head.nip, head.jabatan)


def _month(unit: Unit, year: int, month: int) -> tuple[list[WorkDay], datetime, datetime]:
    """The unit's days of the month and the month's [start, end) as UTC instants."""
    dates = month_days(year, month)
    calendar = load_calendar(dates[0], dates[-1])
    start, _ = day_bounds_utc(dates[0], unit.timezone)
    _, end = day_bounds_utc(dates[-1], unit.timezone)
    return [work_day(calendar, unit.id, unit.work_start, d) for d in dates], start, end


# --- a unit's month, counted in SQL --------------------------------------------------------


class local_day(FunctionElement):
    """local_day(instant, offset seconds): the date at that offset from UTC. Indonesia's three
    zones keep one offset all year, so a day is an addition and stamps join their work day
    by equality (a range join would compare every stamp with every day)."""

    type = Date()
    inherit_cache = True


@compiles(local_day)
def _local_day(element, compiler, **kw):
    at, offset = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST({at} + {offset} * INTERVAL '1 second' AS DATE)"


@compiles(local_day, "sqlite")
def _local_day_sqlite(element, compiler, **kw):
    # SQLite's date functions round to the millisecond, which would carry 23:59:59.9999 into
    # the next day: the whole seconds of the stored text (YYYY-MM-DD HH:MM:SS.ffffff) only.
    at, offset = (compiler.process(c, **kw) for c in element.clauses)
    return f"date(substr({at}, 1, 19), {offset} || ' seconds')"


def _offset_seconds(edges: list[DayEdges]) -> int:
    offsets = {datetime.combine(e.day, time(0), UTC) - e.starts for e in edges}
    if len(offsets) != 1:
        raise ValueError("the recap needs a zone with one UTC offset all month")
    return int(offsets.pop().total_seconds())


def _work_days_table(edges: list[DayEdges]):
    """The month's work days as a table of literal rows: their band edges and a bit of their
    own, so the days of an official that meet a condition fold into one number."""
    instant, rows = UTCDateTime(), []
    for bit, e in enumerate(edges):
        rows.append(db.select(
            literal(e.day, Date()).label("day"),
            *(literal(t, instant).label(f"late{k}") for k, t in enumerate(e.late_from)),
            *(literal(t, instant).label(f"early{k}") for k, t in enumerate(e.early_to)),
            literal_column(str(1 << bit)).label("bit")))
    return (rows[0] if len(rows) == 1 else union_all(*rows)).cte("work_days")


def _stamps_table(officials, start: datetime, end: datetime, first: date, last: date):
    """The officials' check-ins that count and their approved corrections.
    The stored local dates (the unit's zone when received) only narrow the search to the
    rows an index finds; the instants decide."""
    near = (first - timedelta(days=1), last + timedelta(days=1))
    return union_all(
        db.select(CheckIn.user_id, CheckIn.type, CheckIn.corrected_at.label("at"))
        .where(CheckIn.user_id.in_(officials), CheckIn.local_date.between(*near),
               CheckIn.corrected_at >= start, CheckIn.corrected_at < end,
               CheckIn.review_state != "rejected"),
        db.select(Correction.user_id, Correction.type, Correction.at)
        .where(Correction.user_id.in_(officials), Correction.day.between(*near),
               Correction.at >= start, Correction.at < end, Correction.state == APPROVED),
    ).cte("stamps")


class days_or(FunctionElement):
    """The aggregate OR of day bits: PostgreSQL's bit_or; SQLite has none, but there the sum
    of the distinct bits is the same number."""

    type = Integer()
    inherit_cache = True


@compiles(days_or)
def _days_or(element, compiler, **kw):
    return f"bit_or({compiler.process(element.clauses, **kw)})"


@compiles(days_or, "sqlite")
def _days_or_sqlite(element, compiler, **kw):
    return f"sum(DISTINCT {compiler.process(element.clauses, **kw)})"


def _masks_statement(work, stamps, offset: int):
    """The user id and daily_status.MASKS, in that order, of each official with a check-in on
    a work day of the month: one pass over the stamps, grouped by official only."""
    s, w = stamps.c, work.c
    is_in, is_out = s.type == "in", s.type == "out"

    def days_with(condition):
        return days_or(case((condition, w.bit)))

    return (db.select(
        s.user_id, days_or(w.bit).label("present"),
        *(days_with(and_(is_in, s.at < w[f"late{k}"])).label(f"in{k}") for k in range(4)),
        days_with(is_in).label("in_all"),
        *(days_with(and_(is_out, s.at > w[f"early{k}"])).label(f"out{k}") for k in range(4)),
        days_with(is_out).label("out_all"))
        .select_from(stamps).join(work, w.day == local_day(s.at, offset))
        .group_by(s.user_id))


def _koreksi_days(unit: Unit, work: list[WorkDay], today: date, start: datetime,
                  end: datetime, officials) -> dict[int, int]:
    """By official, the bits of the work days counted as koreksi. Only days with an approved
    correction can be, and they are few: those days are judged by official_day itself."""
    tz = unit.timezone
    corrections = [Stamp(*row, koreksi=True)
                   for row in approved_corrections(officials, start, end)]
    days = {(c.user_id, local_date(c.at, tz)) for c in corrections}
    near = {(user_id, day + timedelta(days=shift))
            for user_id, day in days for shift in (-1, 0, 1)}
    checkins = [Stamp(*row) for row in db.session.execute(
        db.select(CheckIn.user_id, CheckIn.type, CheckIn.corrected_at)
        .where(tuple_(CheckIn.user_id, CheckIn.local_date).in_(sorted(near)),
               CheckIn.corrected_at >= start, CheckIn.corrected_at < end,
               CheckIn.review_state != "rejected"))]
    by_day = group_stamps(checkins + corrections, tz)
    koreksi: dict[int, int] = {}
    for bit, w in enumerate(work):
        for user_id, day in days:
            if day == w.day and official_day(w, today, by_day[(user_id, day)], None,
                                             tz).koreksi:
                koreksi[user_id] = koreksi.get(user_id, 0) | 1 << bit
    return koreksi


def _count_month(unit: Unit, work: list[WorkDay], today: date, start: datetime,
                 end: datetime, first: date, last: date) -> tuple[dict[int, dict], dict[int, int]]:
    """(daily_status.MASKS by official, koreksi days by official) in three statements."""
    if not work:
        return {}, {}
    edges = [day_edges(w, unit.timezone) for w in work]
    officials = official_ids(unit.id)
    statement = _masks_statement(_work_days_table(edges),
                                 _stamps_table(officials, start, end, first, last),
                                 _offset_seconds(edges))
    masks = {row[0]: row[1:] for row in db.session.execute(statement)}
    return masks, _koreksi_days(unit, work, today, start, end, officials)


def _leave_days(work: list[WorkDay], today: date, present: int,
                leaves: list[Leave]) -> list[tuple[str, bool]]:
    """(leave type, before today) of each work day on leave without a check-in; `present`
    holds a bit per work day with one, in the order of `work`."""
    days = []
    for bit, w in enumerate(work):
        leave = None if present >> bit & 1 else leave_on(leaves, w.day)
        if leave is not None:
            days.append((leave, w.day < today))
    return days


def load_monthly(unit_code: str, year: int, month: int, now: datetime) -> MonthlyRecap | None:
    """A unit's month, every official counted, in a fixed number of statements."""
    unit = db.session.scalar(db.select(Unit).filter_by(code=unit_code))
    if unit is None:
        return None
    days, start, end = _month(unit, year, month)
    today = local_date(now, unit.timezone)
    work = [w for w in days if w.is_work_day]
    masks, koreksi = _count_month(unit, work, today, start, end, days[0].day, days[-1].day)
    past = sum(1 << bit for bit, w in enumerate(work) if w.day < today)
    officials = sorted(load_officials([unit.id]).get(unit.id, []),
                       key=lambda o: (o.full_name.casefold(), o.user_id))
    leaves_of: dict[int, list[Leave]] = {}
    for leave in load_leaves(official_ids(unit.id), days[0].day, days[-1].day):
        leaves_of.setdefault(leave.user_id, []).append(leave)
    rows = []
    for o in officials:
        own = masks.get(o.user_id)
        folded = own and mask_counts(own, past, koreksi.get(o.user_id, 0))
        leave_days = (_leave_days(work, today, own[0] if own else 0, leaves_of[o.user_id])
                      if o.user_id in leaves_of else ())
        rows.append(RecapRow(o, folded_counts(len(work), past.bit_count(), folded,
                                              leave_days)))
    totals = dict.fromkeys(RECAP_COLUMNS, 0)
    for row in rows:
        for column, n in row.counts.items():
            totals[column] += n
    return MonthlyRecap(_unit_info(unit), days[0].day, days, rows, totals, head=_head(unit))


# --- one official's month, day by day ------------------------------------------------------


def _stamps(user_ids: list[int], start: datetime, end: datetime) -> list[Stamp]:
    """Check-ins that count, and approved corrections as check-ins marked koreksi."""
    rows = db.session.execute(
        db.select(CheckIn.user_id, CheckIn.type, CheckIn.corrected_at)
        .where(CheckIn.user_id.in_(user_ids), CheckIn.corrected_at >= start,
               CheckIn.corrected_at < end, CheckIn.review_state != "rejected"))
    return [Stamp(user_id, type_, at) for user_id, type_, at in rows] + [
        Stamp(*row, koreksi=True) for row in approved_corrections(user_ids, start, end)]


def load_official_month(unit: Unit, official: Official, year: int, month: int,
                        now: datetime) -> OfficialMonth:
    """One official of `unit`: each day of the month judged by the rules of a day."""
    days, start, end = _month(unit, year, month)
    today, uid = local_date(now, unit.timezone), official.user_id
    by_day = group_stamps(_stamps([uid], start, end), unit.timezone)
    leaves = load_leaves([uid], days[0].day, days[-1].day)
    own = [official_day(w, today, by_day.get((uid, w.day), []), leave_on(leaves, w.day),
                        unit.timezone) for w in days]
    return OfficialMonth(_unit_info(unit), days[0].day, official, own, recap_counts(own))


def find_official(username: str, units: list[UnitInfo]) -> tuple[Unit, Official] | None:
    """The official `username` if they belong to one of `units`, with their unit."""
    user = db.session.scalar(db.select(User).filter_by(username=username))
    if user is None or user.unit_id not in {u.id for u in units}:
        return None
    official = next((o for o in load_officials([user.unit_id]).get(user.unit_id, [])
                     if o.user_id == user.id), None)
    return None if official is None else (db.session.get(Unit, user.unit_id), official)


def recap_units(user) -> list[UnitInfo]:
    """Units whose recap `user` may see: every unit for a reviewer, the units a supervisor
    heads, none for anyone else."""
    statement = db.select(Unit).order_by(Unit.name)
    if not user.has_role("reviewer"):
        if not user.has_role("supervisor"):
            return []
        statement = statement.where(Unit.head_id == user.id)
    return [_unit_info(u) for u in db.session.scalars(statement)]
