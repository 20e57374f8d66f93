"""Daily attendance of a unit's officials, on the unit's own calendar (WIB, WITA or WIT).

A day's status is the monthly recap's (`webapp.services.daily_status.official_day`, on the
working calendar: holidays, each weekday's in time, special periods such as Ramadan), told
the way the daily view and /team show it:
- Not a work day (weekend, holiday): "libur", whatever was recorded.
- The day's first "in" (a check-in that counts - rejected ones count for nothing - or an
  approved correction) decides: late by the minutes after that day's in time, else on time.
  A check-in still waiting for review counts, marked so the reviewer can see it.
- No "in": approved leave (izin, sakit, dinas luar) covering the day shows as that leave;
  otherwise a past work day is "tidak absen", today is "belum absen", a later day has no
  status yet.
- Which day a check-in belongs to is its corrected time in the unit's zone: 23:30 WIT is
  still that WIT date even though it is 14:30 UTC.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from webapp.extensions import db
from webapp.models import CheckIn, Correction, LeaveRequest, Unit, User, UserRole
from webapp.services.calendar_records import load_calendar
from webapp.services.daily_status import (
    BELUM,
    LIBUR,
    MENDATANG,
    TK,
    Stamp,
    official_day,
)
from webapp.services.localtime import day_bounds_utc, local_date, zone_label
from webapp.services.work_calendar import HOLIDAY_LABELS, Calendar, WorkDay, work_day
from webapp.vocabulary import (
    ABSENT,
    APPROVED,
    DAY_STATUSES,
    FUTURE,
    HADIR,
    LATE,
    LEAVE_TYPES,
    NOT_YET,
    ON_TIME,
    WEEKEND,
)

# A calendar with no holidays, periods or schedules: every unit works Mon-Fri from its work
# start (work_calendar.default_week).
PLAIN_WEEKS = Calendar()
# Order of the day's summary counts.
SUMMARY_CODES = (ON_TIME, LATE, *LEAVE_TYPES, ABSENT, NOT_YET)


@dataclass(frozen=True)
class Official:
    user_id: int
    username: str
    full_name: str
    nip: str | None
    jabatan: str


@dataclass(frozen=True)
class DayCheckin:
    user_id: int
    type: str  # "in" | "out"
    at: datetime  # corrected time, aware
    review_state: str
    flags: tuple[str, ...] = ()
    koreksi: bool = False  # an approved correction


@dataclass(frozen=True)
class Leave:
    user_id: int
    type: str
    date_from: date
    date_to: date


@dataclass(frozen=True)
class DayStatus:
    day: date
    code: str
    late_minutes: int = 0
    time_in: datetime | None = None  # local
    time_out: datetime | None = None  # local
    needs_review: bool = False
    koreksi: bool = False
    holiday: str | None = None  # its name, on a holiday

    @property
    def label(self) -> str:
        if self.code == LATE:
            return f"{DAY_STATUSES.label(LATE)} {self.late_minutes} mnt"
        return DAY_STATUSES.label(self.code)


@dataclass(frozen=True)
class DailyRow:
    official: Official
    status: DayStatus  # on the chosen day
    week: list[DayStatus]  # Monday to Friday of its week


@dataclass(frozen=True)
class UnitInfo:
    id: int
    code: str
    name: str
    timezone: str
    work_start: time

    @property
    def zone_label(self) -> str:
        return zone_label(self.timezone)


@dataclass(frozen=True)
class DailyView:
    unit: UnitInfo
    day: date
    today: date
    week_days: list[date]
    rows: list[DailyRow]
    counts: dict[str, int]
    work: WorkDay  # the day as the calendar made it: the statuses above were judged by it

    @property
    def day_kind(self) -> str:
        """What kind of day it was, in words (the page and its workbook)."""
        holiday = self.work.holiday
        if holiday is not None:
            return f"{HOLIDAY_LABELS[holiday.kind]}: {holiday.name}"
        if not self.work.is_work_day:
            return "Bukan hari kerja"
        return f"Hari kerja, jam {self.work.period}" if self.work.period else "Hari kerja"


@dataclass(frozen=True)
class UnitDay:
    unit: UnitInfo
    officials: int
    counts: dict[str, int]

    @property
    def on_leave(self) -> int:
        return sum(self.counts[code] for code in LEAVE_TYPES)


def week_of(day: date) -> list[date]:
    """Monday to Friday of the week holding `day`."""
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=i) for i in range(5)]


def group_by_local_day(checkins: Iterable[DayCheckin],
                       tz_name: str) -> dict[tuple[int, date], list[DayCheckin]]:
    """Check-ins that count (not rejected) by (user, local date in `tz_name`), in time order."""
    days: dict[tuple[int, date], list[DayCheckin]] = defaultdict(list)
    for c in checkins:
        if c.review_state != "rejected":
            days[(c.user_id, local_date(c.at, tz_name))].append(c)
    for own in days.values():
        own.sort(key=lambda c: c.at)
    return days


def leave_on(leaves: Iterable[Leave], day: date) -> str | None:
    """The type of the first of one official's approved leaves covering `day`."""
    return next((leave.type for leave in leaves if leave.date_from <= day <= leave.date_to),
                None)


# The recap's codes for a day without a check-in, as the daily view words them.
_NO_CHECKIN = {TK: ABSENT, BELUM: NOT_YET, MENDATANG: FUTURE}


def day_status(work: WorkDay, today: date, checkins: Sequence[DayCheckin], leave: str | None,
               tz_name: str) -> DayStatus:
    """One official's status on one local day (see module docstring); `checkins` are theirs
    for that day, in time order, rejected ones already left out."""
    day = work.day
    official = official_day(work, today, [Stamp(c.user_id, c.type, c.at, c.koreksi)
                                          for c in checkins], leave, tz_name)
    if official.code == LIBUR:
        return DayStatus(day, WEEKEND, holiday=work.holiday.name if work.holiday else None)
    if official.code == HADIR and official.time_in is not None:
        first_in = next(c for c in checkins if c.type == "in")
        return DayStatus(day, LATE if official.late_minutes > 0 else ON_TIME,
                         official.late_minutes, official.time_in, official.time_out,
                         first_in.review_state == "needs_review", official.koreksi)
    if official.code == HADIR:  # a check-out without a check-in
        code = ABSENT if day < today else NOT_YET
    else:
        code = _NO_CHECKIN.get(official.code, official.code)
    return DayStatus(day, code, time_out=official.time_out)


def build_daily(unit: UnitInfo, day: date, today: date, officials: Sequence[Official],
                checkins: Iterable[DayCheckin], leaves: Sequence[Leave],
                calendar: Calendar = PLAIN_WEEKS) -> DailyView:
    """The unit's day and week; `calendar` covers them (the default: a plain Mon-Fri week
    from the unit's work start)."""
    by_day = group_by_local_day(checkins, unit.timezone)
    leaves_of: dict[int, list[Leave]] = defaultdict(list)
    for leave in leaves:
        leaves_of[leave.user_id].append(leave)
    week_days = week_of(day)
    work = {d: work_day(calendar, unit.id, unit.work_start, d) for d in {day, *week_days}}

    def status(user_id: int, d: date) -> DayStatus:
        return day_status(work[d], today, by_day.get((user_id, d), []),
                          leave_on(leaves_of.get(user_id, []), d), unit.timezone)

    rows = [DailyRow(o, status(o.user_id, day), [status(o.user_id, d) for d in week_days])
            for o in sorted(officials, key=lambda o: (o.full_name.casefold(), o.user_id))]
    counts = Counter({code: 0 for code in SUMMARY_CODES})
    counts.update(r.status.code for r in rows)
    return DailyView(unit, day, today, week_days, rows, dict(counts), work[day])


# --- loading -------------------------------------------------------------------------------


def _unit_info(unit: Unit) -> UnitInfo:
    return UnitInfo(unit.id, unit.code, unit.name, unit.timezone, unit.work_start)


def load_units() -> list[UnitInfo]:
    return [_unit_info(u) for u in db.session.scalars(db.select(Unit).order_by(Unit.name))]


def _officials(*columns):
    """Active officials who check in (participant role): the people daily views count."""
    return (db.select(*columns).join(UserRole, UserRole.user_id == User.id)
            .where(User.active.is_(True), UserRole.role == "participant"))


def official_ids(unit_id: int):
    """The ids of a unit's officials, as a subquery."""
    return _officials(User.id).where(User.unit_id == unit_id)


def load_officials(unit_ids: Iterable[int]) -> dict[int, list[Official]]:
    """Active officials who check in, by unit id."""
    rows = db.session.execute(
        _officials(User.unit_id, User.id, User.username, User.full_name, User.nip, User.jabatan)
        .where(User.unit_id.in_(list(unit_ids))))
    by_unit: dict[int, list[Official]] = defaultdict(list)
    for unit_id, *fields in rows:
        by_unit[unit_id].append(Official(*fields))
    return by_unit


def approved_corrections(user_ids: list[int], start: datetime, end: datetime):
    """(user_id, type, at) of the approved corrections in [start, end): check-ins marked
    koreksi, for the daily view and the monthly recap alike."""
    return db.session.execute(
        db.select(Correction.user_id, Correction.type, Correction.at)
        .where(Correction.user_id.in_(user_ids), Correction.at >= start, Correction.at < end,
               Correction.state == APPROVED))


def _checkins(user_ids: list[int], start: datetime, end: datetime) -> list[DayCheckin]:
    rows = db.session.execute(
        db.select(CheckIn.user_id, CheckIn.type, CheckIn.corrected_at, CheckIn.review_state,
                  CheckIn.flags)
        .where(CheckIn.user_id.in_(user_ids), CheckIn.corrected_at >= start,
               CheckIn.corrected_at < end))
    return ([DayCheckin(r[0], r[1], r[2], r[3], tuple(r[4] or ())) for r in rows]
            + [DayCheckin(user_id, type_, at, "ok", koreksi=True)
               for user_id, type_, at in approved_corrections(user_ids, start, end)])


def load_leaves(user_ids, first: date, last: date) -> list[Leave]:
    """Approved leave of `user_ids` (a list or a subquery) touching [first, last], in the
    order leave_on reads it (approved leaves may overlap: the earliest-starting, then the
    first filed, names the day)."""
    rows = db.session.execute(
        db.select(LeaveRequest.user_id, LeaveRequest.type, LeaveRequest.date_from,
                  LeaveRequest.date_to)
        .where(LeaveRequest.user_id.in_(user_ids), LeaveRequest.state == "approved",
               LeaveRequest.date_from <= last, LeaveRequest.date_to >= first)
        .order_by(LeaveRequest.date_from, LeaveRequest.id))
    return [Leave(*row) for row in rows]


def load_daily(unit_code: str, day: date, now: datetime) -> DailyView | None:
    """The unit's day and its Monday-to-Friday week, in a fixed number of statements."""
    unit = db.session.scalar(db.select(Unit).filter_by(code=unit_code))
    if unit is None:
        return None
    info = _unit_info(unit)
    officials = load_officials([unit.id]).get(unit.id, [])
    ids = [o.user_id for o in officials]
    # The whole Monday-to-Sunday week, so the chosen day is covered even on a weekend.
    monday = day - timedelta(days=day.weekday())
    start, _ = day_bounds_utc(monday, unit.timezone)
    _, end = day_bounds_utc(monday + timedelta(days=6), unit.timezone)
    sunday = monday + timedelta(days=6)
    return build_daily(info, day, local_date(now, unit.timezone), officials,
                       _checkins(ids, start, end) if ids else [],
                       load_leaves(ids, monday, sunday) if ids else [],
                       load_calendar(monday, sunday))


def load_overview(day: date, now: datetime) -> list[UnitDay]:
    """Every unit's counts for one local day (each on its own calendar), in a fixed number of
    statements."""
    units = load_units()
    officials = load_officials(u.id for u in units)
    ids = [o.user_id for own in officials.values() for o in own]
    bounds = [day_bounds_utc(day, u.timezone) for u in units] or [day_bounds_utc(day, "UTC")]
    start, end = min(b[0] for b in bounds), max(b[1] for b in bounds)
    unit_of = {o.user_id: unit_id for unit_id, own in officials.items() for o in own}
    checkins: dict[int, list[DayCheckin]] = defaultdict(list)
    for c in _checkins(ids, start, end) if ids else []:
        checkins[unit_of[c.user_id]].append(c)
    leaves: dict[int, list[Leave]] = defaultdict(list)
    for leave in load_leaves(ids, day, day) if ids else []:
        leaves[unit_of[leave.user_id]].append(leave)
    # The whole week: build_daily judges the day's week too.
    monday = day - timedelta(days=day.weekday())
    calendar = load_calendar(monday, monday + timedelta(days=6))
    result = []
    for unit in units:
        own = officials.get(unit.id, [])
        if own:
            view = build_daily(unit, day, local_date(now, unit.timezone), own,
                               checkins[unit.id], leaves[unit.id], calendar)
            result.append(UnitDay(unit, len(own), view.counts))
    return result
