"""The working calendar read from the database, as work_calendar's plain values."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from webapp.extensions import db
from webapp.models import Holiday, SpecialPeriod, WorkHours
from webapp.services import work_calendar as wc


def load_calendar(first: date, last: date) -> wc.Calendar:
    """Every unit's calendar for the days [first, last], in three statements."""
    weeks: dict[int | None, dict[int, wc.Hours]] = defaultdict(dict)
    period_hours: dict[int, dict[int, wc.Hours]] = defaultdict(dict)
    for row in db.session.scalars(db.select(WorkHours)):
        hours = wc.Hours(row.start_time, row.end_time)
        if row.period_id is not None:
            period_hours[row.period_id][row.weekday] = hours
        else:
            weeks[row.unit_id][row.weekday] = hours
    holidays = [wc.Holiday(h.day, h.kind, h.name, h.unit_id) for h in db.session.scalars(
        db.select(Holiday).where(Holiday.day.between(first, last)))]
    periods = [wc.Period(p.name, p.date_from, p.date_to, period_hours[p.id], p.unit_id)
               for p in db.session.scalars(db.select(SpecialPeriod).where(
                   SpecialPeriod.date_from <= last, SpecialPeriod.date_to >= first))]
    district = weeks.pop(None, None)
    return wc.Calendar(district_week=district, unit_weeks=dict(weeks), holidays=holidays,
                       periods=periods)
