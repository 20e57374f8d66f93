"""Sustained use: do participants keep using the app after their programme ends?

For each of the WEEKS weeks after the programme's end date, count the days on which each
participant checked in (type "in", not rejected by a reviewer), on their unit's local calendar.
Week k (1-based) covers end_date + 7(k-1) + 1 ... end_date + 7k. A week that has not started yet
has no count (None); one still running counts so far and is left out of the summary.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from webapp.extensions import db
from webapp.models import CheckIn, ProgramParticipant
from webapp.services.dashboard import Participant, ProgramInfo, load_participants, load_program
from webapp.services.localtime import local_date

WEEKS = 8


@dataclass(frozen=True)
class Week:
    number: int  # 1..WEEKS
    start: date
    end: date
    started: bool
    complete: bool


@dataclass(frozen=True)
class UsageRow:
    participant: Participant
    counts: list[int | None]  # check-in days per week; None for weeks not started
    weeks_active: int  # complete weeks with at least one check-in day
    every_week: bool  # active in every complete week (and there is at least one)


@dataclass(frozen=True)
class Sustained:
    program: ProgramInfo
    ended: bool
    weeks: list[Week]
    rows: list[UsageRow]
    complete_weeks: int
    every_week: int  # participants active in every complete week
    last_week: int  # participants active in the latest complete week
    never: int  # participants with no check-in at all after the end
    active_per_week: list[int | None]  # participants active, per started week


def weeks_after(end_date: date, today: date, weeks: int = WEEKS) -> list[Week]:
    result = []
    for k in range(1, weeks + 1):
        start = end_date + timedelta(days=7 * (k - 1) + 1)
        end = start + timedelta(days=6)
        result.append(Week(k, start, end, started=start <= today, complete=end < today))
    return result


def sustained_use(program: ProgramInfo, participants: Sequence[Participant],
                  checkin_days: Iterable[tuple[int, date]], today: date) -> Sustained:
    """Weekly check-in days per participant after the programme; `checkin_days` is
    (user_id, local date) pairs, duplicates allowed."""
    weeks = weeks_after(program.end_date, today)
    first, last = weeks[0].start, weeks[-1].end
    days: dict[int, set[date]] = defaultdict(set)
    for user_id, day in checkin_days:
        if first <= day <= last and day <= today:
            days[user_id].add(day)

    complete = [w for w in weeks if w.complete]
    rows = []
    for p in sorted(participants, key=lambda p: (p.full_name.casefold(), p.user_id)):
        own = days.get(p.user_id, set())
        counts = [sum(1 for d in own if w.start <= d <= w.end) if w.started else None
                  for w in weeks]
        active = sum(1 for w in complete if counts[w.number - 1])
        rows.append(UsageRow(p, counts, active, bool(complete) and active == len(complete)))

    latest = complete[-1].number - 1 if complete else None
    return Sustained(
        program=program, ended=program.end_date < today, weeks=weeks, rows=rows,
        complete_weeks=len(complete),
        every_week=sum(1 for r in rows if r.every_week),
        last_week=0 if latest is None else sum(1 for r in rows if r.counts[latest]),
        never=sum(1 for r in rows if not any(r.counts[w.number - 1] for w in weeks
                                             if w.started)),
        active_per_week=[sum(1 for r in rows if r.counts[w.number - 1]) if w.started else None
                         for w in weeks])


def load_checkin_days(program_id: int, first: date, last: date) -> list[tuple[int, date]]:
    """(user_id, local date) of the participants' check-ins between two dates (one statement)."""
    members = db.select(ProgramParticipant.user_id).where(
        ProgramParticipant.program_id == program_id)
    rows = db.session.execute(
        db.select(CheckIn.user_id, CheckIn.local_date).distinct()
        .where(CheckIn.user_id.in_(members), CheckIn.type == "in",
               CheckIn.review_state != "rejected",
               CheckIn.local_date.between(first, last)))
    return [tuple(row) for row in rows]


def load_sustained(program_id: int, now: datetime) -> Sustained | None:
    """Three statements: programme, participants, check-in days. "Today" is the programme
    unit's local date."""
    program = load_program(program_id)
    if program is None:
        return None
    today = local_date(now, program.timezone)
    weeks = weeks_after(program.end_date, today)
    return sustained_use(program, load_participants(program_id),
                         load_checkin_days(program_id, weeks[0].start, weeks[-1].end), today)
