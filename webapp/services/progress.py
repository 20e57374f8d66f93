"""A participant's view of their programmes: sessions by what happened, and progress to target.

Progress is `webapp.services.completion` on the participant's own sessions; each session is
put in one group for the page, judged at `now` with the same window the codes use.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from webapp.extensions import db
from webapp.models import ClinicSession, Program, ProgramParticipant, SessionAttendance, User
from webapp.services.completion import (
    ATTENDED,
    EXCUSED,
    Completion,
    SessionOutcome,
    Thresholds,
    completion,
)
from webapp.vocabulary import CANCELLED, HELD

NOW, UPCOMING, WAITING = "now", "upcoming", "waiting"
ATTENDED_GROUP, EXCUSED_GROUP, MISSED, CANCELLED_GROUP = (
    "attended", "excused", "missed", "cancelled")
GROUP_ORDER = (NOW, UPCOMING, WAITING, ATTENDED_GROUP, EXCUSED_GROUP, MISSED, CANCELLED_GROUP)
GROUP_LABELS = {
    NOW: "Berlangsung sekarang",
    UPCOMING: "Akan datang",
    WAITING: "Menunggu catatan pelatih",
    ATTENDED_GROUP: "Hadir",
    EXCUSED_GROUP: "Izin, sakit, dinas luar",
    MISSED: "Tidak hadir",
    CANCELLED_GROUP: "Dibatalkan",
}


@dataclass(frozen=True)
class SessionItem:
    session: ClinicSession
    attendance: SessionAttendance | None
    group: str


@dataclass(frozen=True)
class Progress:
    program: Program
    completion: Completion
    sessions: list[SessionItem]

    def grouped(self) -> list[tuple[str, list[SessionItem]]]:
        return [(group, [s for s in self.sessions if s.group == group])
                for group in GROUP_ORDER if any(s.group == group for s in self.sessions)]


def group_of(session: ClinicSession, status: str | None, now: datetime,
             grace: timedelta) -> str:
    if session.status == CANCELLED:
        return CANCELLED_GROUP
    if session.status == HELD:
        if status in ATTENDED:
            return ATTENDED_GROUP
        return EXCUSED_GROUP if status in EXCUSED else MISSED
    if session.starts_at - grace <= now <= session.ends_at + grace:
        return NOW
    return UPCOMING if session.starts_at > now else WAITING


def thresholds_of(program: Program) -> Thresholds:
    return Thresholds(green=program.zone_green_pct, yellow=program.zone_yellow_pct)


def enrolled_programs(user: User) -> list[Program]:
    return list(db.session.scalars(
        db.select(Program).join(ProgramParticipant).where(ProgramParticipant.user_id == user.id)
        .order_by(Program.start_date.desc(), Program.id.desc())))


def progress(user: User, program: Program, now: datetime, grace: timedelta) -> Progress:
    sessions = list(db.session.scalars(db.select(ClinicSession).where(
        ClinicSession.program_id == program.id).order_by(ClinicSession.starts_at)))
    rows = {a.session_id: a for a in db.session.scalars(db.select(SessionAttendance).where(
        SessionAttendance.user_id == user.id,
        SessionAttendance.session_id.in_([s.id for s in sessions])))} if sessions else {}
    items, outcomes = [], []
    for session in sessions:
        row = rows.get(session.id)
        status = row.status if row else None
        items.append(SessionItem(session, row, group_of(session, status, now, grace)))
        outcomes.append(SessionOutcome(session.starts_at, session.status, status))
    result = completion(outcomes, program.target_sessions, thresholds_of(program))
    return Progress(program, result, items)
