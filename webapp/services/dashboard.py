"""BKPSDM's programme dashboard: load a programme in four SQL statements, compute in Python.

The loaders read plain column tuples (no ORM objects, no lazy loads), so the number of
statements stays the same for 24 participants or 10,000: programme, participants with their
users and units, sessions, and attendance marks. The database folds each participant's
attendance into two bitmasks over the held sessions (attended, excused; see `load_marks`), so
a page reads one row per participant instead of one per participant and session.
`dashboard_from_marks` is pure and turns those rows into per-participant completion
(webapp.services.completion), per-OPD aggregates, the consecutive-absence alerts, zone counts
and the weekly attendance trend.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple

from webapp.extensions import db
from webapp.models import ClinicSession, Program, ProgramParticipant, SessionAttendance, Unit, User
from webapp.services.completion import (
    ATTENDED,
    ATTENDED_CODE,
    EXCUSED,
    EXCUSED_CODE,
    MASIH_BISA,
    REACHABILITY_LABELS,
    Completion,
    Thresholds,
    aggregate_zone,
    codes_from_masks,
    completion_of_codes,
    percent_of,
)
from webapp.services.localtime import local_date
from webapp.vocabulary import CANCELLED, HELD, PLANNED, ZONES

ALERT_STREAK = 2  # missed sessions in a row (the current run) that put someone on the alert list
NO_UNIT = "Tanpa OPD"

SORTS = {
    "name": "Nama (A–Z)",
    "percent_asc": "Persentase terendah dulu",
    "percent_desc": "Persentase tertinggi dulu",
    "unit": "OPD",
    "missed": "Alpa terbanyak dulu",
}
DEFAULT_SORT = "name"


@dataclass(frozen=True)
class ProgramInfo:
    id: int
    name: str
    unit_name: str
    timezone: str
    start_date: date
    end_date: date
    target: int
    thresholds: Thresholds


class Participant(NamedTuple):
    """A participant as the dashboard shows them. A NamedTuple rather than a dataclass: a
    page builds 10,000 of these and of ParticipantRow, about three times faster."""

    user_id: int
    username: str
    full_name: str
    nip: str | None
    jabatan: str
    eselon: str | None
    unit_code: str
    unit_name: str


@dataclass(frozen=True)
class SessionInfo:
    id: int
    starts_at: datetime
    status: str


class ParticipantRow(NamedTuple):
    participant: Participant
    completion: Completion

    @property
    def reachability_text(self) -> str:
        return reachability_text(self.completion)


@dataclass(frozen=True)
class UnitSummary:
    code: str
    name: str
    participants: int
    attended: int
    counted: int
    percent: float | None
    zone: str
    zone_counts: dict[str, int]


@dataclass(frozen=True)
class WeekTrend:
    week_start: date  # Monday, in the programme unit's time zone
    sessions: int
    attended: int
    counted: int
    percent: float | None


@dataclass(frozen=True)
class Dashboard:
    program: ProgramInfo
    rows: list[ParticipantRow]  # by name
    units: list[UnitSummary]  # by name
    alerts: list[ParticipantRow]  # longest current missed streak first
    zone_counts: dict[str, int]
    weekly: list[WeekTrend]
    session_counts: dict[str, int]  # held / planned / cancelled
    eselons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ProgramSummary:
    id: int
    name: str
    kind: str  # coaching_clinic or leadership_training (webapp.vocabulary.PROGRAM_KINDS)
    start_date: date
    end_date: date
    target: int
    participants: int
    held: int
    sessions: int


def reachability_text(c: Completion) -> str:
    """"sudah memenuhi target", "masih bisa — perlu N dari M sesi tersisa", "tidak mungkin lagi"."""
    if c.reachability == MASIH_BISA:
        return f"{REACHABILITY_LABELS[MASIH_BISA]} — perlu {c.needed} dari {c.remaining} " \
               "sesi tersisa"
    return REACHABILITY_LABELS[c.reachability]


Marks = Mapping[int, tuple[int, int]]  # user_id -> (attended, excused) masks, see load_marks


def held_in_order(sessions: Iterable[SessionInfo]) -> list[SessionInfo]:
    """The held sessions in time order: bit i of a participant's masks is the i-th of them."""
    return sorted((s for s in sessions if s.status == HELD), key=lambda s: (s.starts_at, s.id))


def dashboard_from_marks(program: ProgramInfo, participants: Sequence[Participant],
                         sessions: Sequence[SessionInfo], marks: Marks) -> Dashboard:
    """Everything the dashboard shows; marks of people who are not participants are ignored."""
    held = held_in_order(sessions)
    states = Counter(s.status for s in sessions)
    rows, codes = [], []
    # Participants share patterns (everyone present, say): decode each distinct one once.
    by_pattern: dict[tuple[int, int], tuple[str, Completion]] = {}
    for p in participants:
        pattern = marks.get(p.user_id, (0, 0))
        known = by_pattern.get(pattern)
        if known is None:
            own = codes_from_masks(*pattern, len(held))
            known = by_pattern[pattern] = (own, completion_of_codes(
                own, states[PLANNED], program.target, program.thresholds))
        codes.append(known[0])
        rows.append(ParticipantRow(p, known[1]))
    rows.sort(key=_name_key)

    # Sorts are stable and rows are in name order: names break every tie below.
    alerts = sorted((r for r in rows if r.completion.current_streak_missed >= ALERT_STREAK),
                    key=lambda r: -r.completion.current_streak_missed)
    zone_counts = Counter({z: 0 for z in ZONES})
    zone_counts.update(r.completion.zone for r in rows)
    return Dashboard(
        program=program, rows=rows, units=unit_summaries(rows, program.thresholds),
        alerts=alerts, zone_counts=dict(zone_counts),
        weekly=weekly_trend(held, codes, program.timezone),
        session_counts={s: states.get(s, 0) for s in (HELD, PLANNED, CANCELLED)},
        eselons=sorted({p.eselon for p in participants if p.eselon}))


def _name_key(row: ParticipantRow) -> tuple[str, int]:
    return row.participant.full_name.casefold(), row.participant.user_id


def unit_summaries(rows: Iterable[ParticipantRow], thresholds: Thresholds) -> list[UnitSummary]:
    """Per OPD: pooled percentage and zone (see completion.aggregate_zone), zone counts."""
    groups: dict[tuple[str, str], list[Completion]] = defaultdict(list)
    for row in rows:
        groups[(row.participant.unit_code, row.participant.unit_name)].append(row.completion)
    summaries = []
    for (code, name), completions in groups.items():
        percent, unit_zone = aggregate_zone(completions, thresholds)
        counts = Counter({z: 0 for z in ZONES})
        counts.update(c.zone for c in completions)
        summaries.append(UnitSummary(
            code=code, name=name, participants=len(completions),
            attended=sum(c.attended for c in completions),
            counted=sum(c.counted for c in completions),
            percent=percent, zone=unit_zone, zone_counts=dict(counts)))
    return sorted(summaries, key=lambda u: u.name.casefold())


def weekly_trend(held: Sequence[SessionInfo], codes: Sequence[str],
                 tz_name: str) -> list[WeekTrend]:
    """Attended / counted over all participants, per week of held sessions (Monday-based,
    in the programme's zone). `held` is in time order and `codes` holds every participant's
    held-session codes; excused attendance leaves the denominator, as per participant."""
    # One column of codes per held session: every participant's code for it.
    columns = zip(*codes, strict=True) if codes else ((),) * len(held)
    weeks: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0])  # sessions, attended, counted
    for session, column in zip(held, columns, strict=True):
        day = local_date(session.starts_at, tz_name)
        week = weeks[day - timedelta(days=day.weekday())]
        week[0] += 1
        week[1] += column.count(ATTENDED_CODE)
        week[2] += len(codes) - column.count(EXCUSED_CODE)
    return [WeekTrend(start, n, att, counted, percent_of(att, counted))
            for start, (n, att, counted) in sorted(weeks.items())]


def select_rows(rows: Iterable[ParticipantRow], zone: str | None = None,
                unit: str | None = None, eselon: str | None = None,
                sort: str = DEFAULT_SORT) -> list[ParticipantRow]:
    """Rows in name order (as Dashboard.rows) filtered by zone, OPD code and eselon (None =
    any), sorted by a SORTS key; the sort is stable, so names break its ties."""
    chosen = [r for r in rows
              if (zone is None or r.completion.zone == zone)
              and (unit is None or r.participant.unit_code == unit)
              and (eselon is None or r.participant.eselon == eselon)]
    key = {
        # No percentage yet sorts after every number, whichever the direction.
        "percent_asc": lambda r: (r.completion.percent is None, r.completion.percent or 0),
        "percent_desc": lambda r: (r.completion.percent is None, -(r.completion.percent or 0)),
        "unit": lambda r: r.participant.unit_name.casefold(),
        "missed": lambda r: -r.completion.missed,
    }.get(sort)
    return chosen if key is None else sorted(chosen, key=key)


# --- loading -------------------------------------------------------------------------------


def load_program(program_id: int) -> ProgramInfo | None:
    row = db.session.execute(
        db.select(Program.id, Program.name, Program.start_date, Program.end_date,
                  Program.target_sessions, Program.zone_green_pct, Program.zone_yellow_pct,
                  Unit.name.label("unit_name"), Unit.timezone)
        .join(Unit, Program.unit_id == Unit.id).where(Program.id == program_id)).one_or_none()
    if row is None:
        return None
    return ProgramInfo(row.id, row.name, row.unit_name, row.timezone, row.start_date,
                       row.end_date, row.target_sessions,
                       Thresholds(green=row.zone_green_pct, yellow=row.zone_yellow_pct))


def _core_rows(statement) -> list:
    """Rows of a column query through the session's connection: for the 10,000-row reads
    the ORM's result layer, which adds nothing for plain columns, took as long again. All at
    once: iterating the result fetches one row per driver call."""
    return db.session.connection().execute(statement).all()


def load_participants(program_id: int) -> list[Participant]:
    rows = _core_rows(
        db.select(User.id, User.username, User.full_name, User.nip, User.jabatan, User.eselon,
                  Unit.code, Unit.name)
        .join(ProgramParticipant, ProgramParticipant.user_id == User.id)
        .outerjoin(Unit, User.unit_id == Unit.id)
        .where(ProgramParticipant.program_id == program_id))
    return [Participant(r[0], r[1], r[2], r[3], r[4] or "", r[5], r[6] or "", r[7] or NO_UNIT)
            for r in rows]


def load_sessions(program_id: int) -> list[SessionInfo]:
    rows = db.session.execute(
        db.select(ClinicSession.id, ClinicSession.starts_at, ClinicSession.status)
        .where(ClinicSession.program_id == program_id).order_by(ClinicSession.starts_at))
    return [SessionInfo(*row) for row in rows]


MASK_BITS = 62  # held sessions per mask column: a signed BIGINT, with a bit to spare


def load_marks(program_id: int, held: int) -> dict[int, tuple[int, int]]:
    """Per user with attendance on the programme's `held` held sessions: (attended, excused)
    bitmasks, bit i for the i-th held session by (starts_at, id) (see held_in_order). A
    programme of more than MASK_BITS held sessions gets a column per MASK_BITS of them."""
    if held == 0:
        return {}
    order = db.cast(db.func.row_number().over(
        order_by=(ClinicSession.starts_at, ClinicSession.id)) - 1, db.Integer)
    words = range(-(-held // MASK_BITS))
    # Each held session's bit in each mask column, worked out in the window's subquery so the
    # database does it once per session, not once per attendance row.
    sessions = (db.select(ClinicSession.id, order.label("bit"), *[
        db.case((order.between(w * MASK_BITS, (w + 1) * MASK_BITS - 1),
                 db.cast(1, db.BigInteger).op("<<")(order - w * MASK_BITS)),
                else_=0).label(f"word{w}") for w in words])
        .where(ClinicSession.program_id == program_id, ClinicSession.status == HELD)
        .subquery())
    status = SessionAttendance.status
    # Cast back: PostgreSQL sums BIGINTs into NUMERIC; the sum of distinct bits fits.
    columns = [db.cast(db.func.sum(db.case((status.in_(sorted(kind)), sessions.c[f"word{w}"]),
                                           else_=0)), db.BigInteger)
               for kind in (ATTENDED, EXCUSED) for w in words]
    rows = _core_rows(
        db.select(SessionAttendance.user_id, *columns)
        # A session held since the caller counted them is left out, not a bit too many.
        .join(sessions, (sessions.c.id == SessionAttendance.session_id)
              & (sessions.c.bit < held))
        .group_by(SessionAttendance.user_id))
    if len(words) == 1:  # the usual programme, up to MASK_BITS held sessions: no joining
        return {user_id: (attended or 0, excused or 0) for user_id, attended, excused in rows}
    return {user_id: (_joined(sums[:len(words)]), _joined(sums[len(words):]))
            for user_id, *sums in rows}


def _joined(words: Sequence[int | None]) -> int:
    """One mask from its MASK_BITS-bit columns (NULL when no row matched)."""
    return sum((word or 0) << (i * MASK_BITS) for i, word in enumerate(words))


def load_dashboard(program_id: int) -> Dashboard | None:
    program = load_program(program_id)
    if program is None:
        return None
    sessions = load_sessions(program_id)
    held = sum(1 for s in sessions if s.status == HELD)
    return dashboard_from_marks(program, load_participants(program_id), sessions,
                                load_marks(program_id, held))


def list_programs() -> list[ProgramSummary]:
    """Every programme, newest first, with its participant and session counts (3 statements)."""
    programs = db.session.execute(
        db.select(Program.id, Program.name, Program.kind, Program.start_date, Program.end_date,
                  Program.target_sessions).order_by(Program.start_date.desc(), Program.id.desc())
    ).all()
    members = dict(db.session.execute(
        db.select(ProgramParticipant.program_id, db.func.count())
        .group_by(ProgramParticipant.program_id)).all())
    sessions: dict[int, Counter] = defaultdict(Counter)
    for program_id, status, count in db.session.execute(
            db.select(ClinicSession.program_id, ClinicSession.status, db.func.count())
            .group_by(ClinicSession.program_id, ClinicSession.status)):
        sessions[program_id][status] = count
    return [ProgramSummary(p.id, p.name, p.kind, p.start_date, p.end_date, p.target_sessions,
                           members.get(p.id, 0), sessions[p.id][HELD],
                           sum(sessions[p.id].values())) for p in programs]
