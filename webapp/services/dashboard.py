"""BKPSDM's programme dashboard: load a programme in four SQL statements, compute in Python.

The loaders read plain column tuples (no ORM objects, no lazy loads), so the number of
statements stays the same for 24 participants or 10,000: programme, participants with their
users and units, sessions, attendance. `build_dashboard` is pure and turns those rows into
per-participant completion (webapp.services.completion), per-OPD aggregates, the
consecutive-absence alerts, zone counts and the weekly attendance trend.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from webapp.extensions import db
from webapp.models import ClinicSession, Program, ProgramParticipant, SessionAttendance, Unit, User
from webapp.services.completion import (
    ATTENDED,
    BELUM,
    CANCELLED,
    EXCUSED,
    HELD,
    HIJAU,
    KUNING,
    MASIH_BISA,
    MERAH,
    PLANNED,
    REACHABILITY_LABELS,
    Completion,
    SessionOutcome,
    Thresholds,
    aggregate_zone,
    completion,
    percent_of,
)
from webapp.services.localtime import local_date

ZONES = (HIJAU, KUNING, MERAH, BELUM)
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


@dataclass(frozen=True)
class Participant:
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


@dataclass(frozen=True)
class ParticipantRow:
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


def build_dashboard(program: ProgramInfo, participants: Sequence[Participant],
                    sessions: Sequence[SessionInfo],
                    attendance: Iterable[tuple[int, int, str]]) -> Dashboard:
    """Everything the dashboard shows, from plain rows. `attendance` is (session_id, user_id,
    status); rows of people who are not participants are ignored."""
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.id))
    members = {p.user_id for p in participants}
    by_user: dict[int, dict[int, str]] = defaultdict(dict)
    for session_id, user_id, status in attendance:
        if user_id in members:
            by_user[user_id][session_id] = status

    rows = []
    # Completion depends only on the attendance pattern, and participants share patterns
    # (everyone present, say): compute each distinct pattern once.
    by_pattern: dict[tuple[str | None, ...], Completion] = {}
    for p in participants:
        own = by_user.get(p.user_id, {})
        pattern = tuple(own.get(s.id) for s in ordered)
        result = by_pattern.get(pattern)
        if result is None:
            outcomes = [SessionOutcome(s.starts_at, s.status, status)
                        for s, status in zip(ordered, pattern, strict=True)]
            result = by_pattern[pattern] = completion(outcomes, program.target,
                                                      program.thresholds)
        rows.append(ParticipantRow(p, result))
    rows.sort(key=_name_key)

    alerts = sorted((r for r in rows if r.completion.current_streak_missed >= ALERT_STREAK),
                    key=lambda r: (-r.completion.current_streak_missed, _name_key(r)))
    zone_counts = Counter({z: 0 for z in ZONES})
    zone_counts.update(r.completion.zone for r in rows)
    states = Counter(s.status for s in ordered)
    return Dashboard(
        program=program, rows=rows, units=unit_summaries(rows, program.thresholds),
        alerts=alerts, zone_counts=dict(zone_counts),
        weekly=weekly_trend(ordered, by_user, len(participants), program.timezone),
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


def weekly_trend(sessions: Sequence[SessionInfo], by_user: dict[int, dict[int, str]],
                 participants: int, tz_name: str) -> list[WeekTrend]:
    """Attended / counted over all participants, per week of held sessions (Monday-based,
    in the programme's zone). Excused attendance leaves the denominator, as per participant."""
    attended: Counter[int] = Counter()
    excused: Counter[int] = Counter()
    held_ids = {s.id for s in sessions if s.status == HELD}
    for own in by_user.values():
        for session_id, status in own.items():
            if session_id in held_ids:
                if status in ATTENDED:
                    attended[session_id] += 1
                elif status in EXCUSED:
                    excused[session_id] += 1
    weeks: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0])  # sessions, attended, counted
    for s in sessions:
        if s.id not in held_ids:
            continue
        day = local_date(s.starts_at, tz_name)
        week = weeks[day - timedelta(days=day.weekday())]
        week[0] += 1
        week[1] += attended[s.id]
        week[2] += participants - excused[s.id]
    return [WeekTrend(start, n, att, counted, percent_of(att, counted))
            for start, (n, att, counted) in sorted(weeks.items())]


def select_rows(rows: Iterable[ParticipantRow], zone: str | None = None,
                unit: str | None = None, eselon: str | None = None,
                sort: str = DEFAULT_SORT) -> list[ParticipantRow]:
    """Rows filtered by zone, OPD code and eselon (None = any), sorted by a SORTS key."""
    chosen = [r for r in rows
              if (zone is None or r.completion.zone == zone)
              and (unit is None or r.participant.unit_code == unit)
              and (eselon is None or r.participant.eselon == eselon)]
    key = {
        "name": _name_key,
        # No percentage yet sorts after every number, whichever the direction.
        "percent_asc": lambda r: (r.completion.percent is None, r.completion.percent or 0,
                                  _name_key(r)),
        "percent_desc": lambda r: (r.completion.percent is None, -(r.completion.percent or 0),
                                   _name_key(r)),
        "unit": lambda r: (r.participant.unit_name.casefold(), _name_key(r)),
        "missed": lambda r: (-r.completion.missed, _name_key(r)),
    }.get(sort, _name_key)
    return sorted(chosen, key=key)


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


def load_participants(program_id: int) -> list[Participant]:
    rows = db.session.execute(
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


def load_attendance(program_id: int) -> list[tuple[int, int, str]]:
    """Attendance on the programme's held sessions: the rules ignore it on any other."""
    return db.session.execute(
        db.select(SessionAttendance.session_id, SessionAttendance.user_id,
                  SessionAttendance.status)
        .join(ClinicSession, SessionAttendance.session_id == ClinicSession.id)
        .where(ClinicSession.program_id == program_id, ClinicSession.status == HELD)
    ).all()


def load_dashboard(program_id: int) -> Dashboard | None:
    program = load_program(program_id)
    if program is None:
        return None
    return build_dashboard(program, load_participants(program_id), load_sessions(program_id),
                           load_attendance(program_id))


def list_programs() -> list[ProgramSummary]:
    """Every programme, newest first, with its participant and session counts (3 statements)."""
    programs = db.session.execute(
        db.select(Program.id, Program.name, Program.start_date, Program.end_date,
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
    return [ProgramSummary(p.id, p.name, p.start_date, p.end_date, p.target_sessions,
                           members.get(p.id, 0), sessions[p.id][HELD],
                           sum(sessions[p.id].values())) for p in programs]
