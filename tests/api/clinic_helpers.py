"""Builders for the coaching-clinic API tests: a small programme and its sync entries."""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from tests.api.sync_helpers import WIB, iso
from webapp.extensions import db
from webapp.models import (
    AuditEvent,
    ClinicSession,
    Program,
    ProgramParticipant,
    SessionAttendance,
    Unit,
    User,
)
from webapp.services.session_codes import code_at, new_secret

SKILLS = ["Tanda tangan elektronik (TTE)", "Naskah dinas di SRIKANDI", "Rapat virtual"]


@dataclass
class Clinic:
    program_id: int
    session_id: int
    starts_at: datetime
    ends_at: datetime
    secret: str
    users: dict[str, int]  # username -> id

    def code(self, at: datetime) -> str:
        return code_at(self.secret, at)

    @property
    def day(self) -> date:
        """The session's WIB date (not today's for the 20 minutes after midnight that a default
        session starts before now)."""
        return self.starts_at.astimezone(WIB).date()

    def at(self, minutes: float) -> datetime:
        """`minutes` after the session's start, as a WIB phone would write it."""
        return (self.starts_at + timedelta(minutes=minutes)).astimezone(WIB)


def make_clinic(app, starts_at: datetime | None = None, coach: str = "pelatih1",
                participants=("peserta01", "peserta02", "peserta03"),
                unit_code: str = "DISKOMINFO", status: str = "planned") -> Clinic:
    """A programme created by `coach` with one two-hour session (by default started 20 minutes
    ago, so codes entered now are in its window)."""
    starts_at = starts_at or datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=20)
    with app.app_context():
        users = {u.username: u.id for u in db.session.scalars(db.select(User))}
        unit = db.session.scalar(db.select(Unit).filter_by(code=unit_code))
        today = starts_at.astimezone(WIB).date()
        program = Program(name="Klinik Uji", unit_id=unit.id, start_date=today - timedelta(7),
                          end_date=today + timedelta(21), target_sessions=3, skills=SKILLS,
                          created_by_id=users[coach])
        db.session.add(program)
        db.session.flush()
        for name in participants:
            db.session.add(ProgramParticipant(program_id=program.id, user_id=users[name]))
        secret = new_secret()
        session = ClinicSession(program_id=program.id, starts_at=starts_at,
                                ends_at=starts_at + timedelta(hours=2), coach_id=users[coach],
                                place="Aula", status=status, secret=secret)
        db.session.add(session)
        db.session.commit()
        return Clinic(program.id, session.id, starts_at, session.ends_at, secret, users)


def entry(kind: str, captured_at: datetime, entry_id: str | None = None, **data) -> dict:
    return {"id": entry_id or str(uuid.uuid4()), "kind": kind, "captured_at": iso(captured_at),
            "data": data}


def self_attend(clinic: Clinic, at: datetime, code: str | None = None, **kw) -> dict:
    return entry("self_attend", at, session_id=clinic.session_id,
                 code=clinic.code(at) if code is None else code, **kw)


def mark(clinic: Clinic, username: str, status: str, at: datetime, note: str = "") -> dict:
    return entry("mark", at, session_id=clinic.session_id, user_id=clinic.users[username],
                 status=status, note=note)


def session_log(clinic: Clinic, at: datetime, topic: str = "", notes: str = "",
                skills: dict | None = None) -> dict:
    return entry("session_log", at, session_id=clinic.session_id, topic=topic, notes=notes,
                 skills={str(clinic.users[u]): s for u, s in (skills or {}).items()})


def leave(at: datetime, type_: str, date_from: date, date_to: date,
          reason: str = "Urusan keluarga", photo_id=None) -> dict:
    return entry("leave", at, type=type_, date_from=date_from.isoformat(),
                 date_to=date_to.isoformat(), reason=reason, photo_id=photo_id)


def attendance(app, clinic: Clinic, username: str) -> SessionAttendance | None:
    with app.app_context():
        row = db.session.scalar(db.select(SessionAttendance).filter_by(
            session_id=clinic.session_id, user_id=clinic.users[username]))
        if row is not None:
            db.session.expunge(row)
        return row


def attendance_count(app, clinic: Clinic) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(SessionAttendance)
                                 .filter_by(session_id=clinic.session_id))


def session_row(app, session_id: int) -> ClinicSession:
    with app.app_context():
        row = db.session.get(ClinicSession, session_id)
        db.session.expunge(row)
        return row


def audit_events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        rows = list(db.session.scalars(db.select(AuditEvent).filter_by(action=action)
                                       .order_by(AuditEvent.id)))
        for row in rows:
            db.session.expunge(row)
        return rows
