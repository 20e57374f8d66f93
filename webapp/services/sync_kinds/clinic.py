"""What the coaching-clinic kinds (self_attend, mark, session_log) share: loading sessions and
enrolments in bulk for `judge`, and the attendance record every such entry answers with."""

from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy.orm import joinedload

from webapp.extensions import db
from webapp.models import ClinicSession, Program, ProgramParticipant, SessionAttendance, SyncEntry
from webapp.schemas.clinic_sync import AttendanceRecordSchema
from webapp.services.access import managed_among
from webapp.services.sync_kinds import Entry, Rejected, SyncContext

DEFAULT_GRACE_MINUTES = 15
DEFAULT_LATE_AFTER_MINUTES = 15
DEFAULT_LATE_SYNC_HOURS = 2
NO_SESSION = "Sesi tidak ditemukan."
CANCELLED = "Sesi ini dibatalkan; kehadiran tidak dapat dicatat."
NOT_COACH = "Anda bukan pelatih program sesi ini."
_attendance_schema = AttendanceRecordSchema()


def grace(config: Mapping) -> timedelta:
    """How long before the start and after the end a session's code is still accepted."""
    return timedelta(minutes=int(config.get("SESSION_CODE_GRACE_MINUTES",
                                            DEFAULT_GRACE_MINUTES)))


def late_after(config: Mapping) -> timedelta:
    """A self-attend later than this after the start is `terlambat`."""
    return timedelta(minutes=int(config.get("SESSION_LATE_AFTER_MINUTES",
                                            DEFAULT_LATE_AFTER_MINUTES)))


def late_sync_after(config: Mapping) -> timedelta:
    """A right code arriving this long after the session's end is left to the coach: by then
    its time rests on the phone's word alone."""
    return timedelta(hours=int(config.get("SESSION_CODE_LATE_SYNC_HOURS",
                                          DEFAULT_LATE_SYNC_HOURS)))


def opens_at(session: ClinicSession, config: Mapping) -> datetime:
    """When the session can first be attended: its start, less the code's grace."""
    return session.starts_at - grace(config)


def acted_at(ctx: SyncContext, entry: Entry) -> datetime:
    """When an entry happened, for judging it against a session's start: its corrected time,
    but never later than its arrival (a phone clock cannot post-date a mark)."""
    return min(entry.corrected_at, ctx.received_at)


def load_sessions(entries: list[Entry]) -> dict[int, ClinicSession]:
    ids = {entry.data["session_id"] for entry in entries}
    return {s.id: s for s in db.session.scalars(
        db.select(ClinicSession).where(ClinicSession.id.in_(ids))
        .options(joinedload(ClinicSession.program).joinedload(Program.unit)))}


def enrolled(program_ids: set[int], user_ids: set[int]) -> set[tuple[int, int]]:
    """(program_id, user_id) pairs among these that are enrolments."""
    if not program_ids or not user_ids:
        return set()
    return {tuple(row) for row in db.session.execute(
        db.select(ProgramParticipant.program_id, ProgramParticipant.user_id).where(
            ProgramParticipant.program_id.in_(program_ids),
            ProgramParticipant.user_id.in_(user_ids)))}


def coach_session(ctx: SyncContext, sessions: dict[int, ClinicSession], coached: set[int],
                  session_id: int) -> ClinicSession | Rejected:
    """The session a coach's entry is about, or why the coach may not write to it."""
    session = sessions.get(session_id)
    if session is None:
        return Rejected({"session_id": [NO_SESSION]})
    if session.program_id not in coached:
        return Rejected({"session_id": [NOT_COACH]})
    if session.status == "cancelled":
        return Rejected({"session_id": [CANCELLED]})
    return session


def coached(ctx: SyncContext, sessions: dict[int, ClinicSession]) -> set[int]:
    """Programmes among these sessions' whose rosters this user may mark and log: the same
    rule as the coaching pages (`services.access`; admins every programme)."""
    return managed_among(ctx.user, {session.program_id for session in sessions.values()})


def attendance_record(kind: str, entry_id: str, session_id: int, user_id: int,
                      row: SessionAttendance | None, applied: bool | None = None,
                      flags: list[str] | None = None,
                      conflicts: list[dict] | None = None) -> dict:
    """The attendance as the server now holds it (status None: nothing recorded yet); `flags`
    say why the entry itself was not counted (`late_sync`); with the participant's open
    conflicts when given (a coach's page shows them)."""
    record = {"kind": kind, "id": entry_id, "session_id": session_id, "user_id": user_id,
              "status": row.status if row else None, "source": row.source if row else None,
              "marked_at": row.marked_at if row else None,
              "self_attended_at": row.self_attended_at if row else None,
              "needs_review": bool(row and row.needs_review),
              "review_reason": row.review_reason if row else "",
              "skills": list(row.skills or []) if row else []}
    if applied is not None:
        record["applied"] = applied
    if flags:
        record["flags"] = flags
    if conflicts is not None:
        record["conflicts"] = conflicts
    return _attendance_schema.dump(record)


def stored_attendance_records(kind: str, entry_ids: list[str],
                              user_of=lambda receipt: receipt.user_id) -> dict[str, dict]:
    """Records for entries stored before (duplicates): the attendance they are about, now."""
    receipts = list(db.session.scalars(db.select(SyncEntry).where(SyncEntry.id.in_(entry_ids))))
    keys = {r.id: (r.payload["data"]["session_id"], user_of(r)) for r in receipts}
    rows = {}
    if keys:
        session_ids = {s for s, _ in keys.values()}
        rows = {(a.session_id, a.user_id): a for a in db.session.scalars(
            db.select(SessionAttendance).where(SessionAttendance.session_id.in_(session_ids)))}
    return {entry_id: attendance_record(kind, entry_id, session_id, user_id,
                                        rows.get((session_id, user_id)))
            for entry_id, (session_id, user_id) in keys.items()}
