"""Store attendance facts and their derived status (rules in `attendance_rules`), audited.

Every change to an attendance goes through `apply`, so the facts, the status derived from them
and the audit event (who, when, before, after) always agree.
"""

from collections.abc import Callable
from datetime import datetime

from webapp.extensions import db
from webapp.models import ClinicSession, SessionAttendance
from webapp.services import audit
from webapp.services.attendance_rules import (
    COACH,
    LEAVE,
    SELF_CODE,
    CoachMark,
    Facts,
    Leave,
    SelfAttend,
    resolve,
)

Merge = Callable[[Facts], tuple[Facts, bool]]


def session_timezone(session: ClinicSession) -> str:
    return session.program.unit.timezone


def facts_of(row: SessionAttendance | None) -> Facts:
    """The facts a stored attendance holds.

    A row written with only status/source (the demo data, or anything outside these rules)
    counts as the fact its source names, so the rules never silently drop a stored status.
    """
    if row is None:
        return Facts()
    coach = attend = leave = None
    if row.coach_status is not None:
        coach = CoachMark(row.coach_status, row.coach_marked_at, row.coach_id, row.note)
    elif row.source == COACH:
        coach = CoachMark(row.status, row.marked_at, row.marked_by_id, row.note)
    if row.self_status is not None:
        attend = SelfAttend(row.self_status, row.self_attended_at, row.user_id)
    elif row.source == SELF_CODE:
        attend = SelfAttend(row.status, row.self_attended_at or row.marked_at, row.user_id)
    if row.leave is not None:
        leave = Leave(row.leave.type, row.leave.decided_at, row.leave.decided_by_id)
    elif row.source == LEAVE:
        leave = Leave(row.status, row.marked_at, row.marked_by_id)
    return Facts(coach, attend, leave)


def snapshot(row: SessionAttendance | None) -> dict | None:
    """What an audit event records of an attendance."""
    if row is None:
        return None

    def iso(value):
        return value.isoformat() if value is not None else None

    return {
        "session_id": row.session_id, "user_id": row.user_id, "status": row.status,
        "source": row.source, "marked_at": iso(row.marked_at), "marked_by_id": row.marked_by_id,
        "needs_review": row.needs_review, "review_reason": row.review_reason,
        "coach_status": row.coach_status, "coach_marked_at": iso(row.coach_marked_at),
        "coach_id": row.coach_id, "self_status": row.self_status,
        "self_attended_at": iso(row.self_attended_at), "leave_id": row.leave_id,
        "note": row.note, "skills": list(row.skills or []),
    }


def find(session_id: int, user_id: int) -> SessionAttendance | None:
    return db.session.scalar(db.select(SessionAttendance).filter_by(session_id=session_id,
                                                                    user_id=user_id))


def apply(session: ClinicSession, user_id: int, merge: Merge, actor_id: int, action: str,
          context: dict | None = None, leave_id: int | None = None) -> tuple[
              SessionAttendance | None, bool]:
    """Merge one fact into a participant's attendance at `session` and re-derive its status.

    Returns (the attendance, whether the fact was applied). A fact that changes nothing (an
    older coach mark, a later code) is not applied; a superseded coach mark is still audited.
    `leave_id` names the leave request behind a Leave fact.
    """
    row = find(session.id, user_id)
    facts, applied = merge(facts_of(row))
    if not applied:
        if action == "attendance.mark":
            audit.record(actor_id, "attendance.mark_superseded", "session_attendance",
                         row.id, snapshot(row), context)
        return row, False
    before = snapshot(row)
    effective = resolve(facts, session_timezone(session))
    if row is None:
        row = SessionAttendance(session_id=session.id, user_id=user_id, skills=[])
        db.session.add(row)
    row.status, row.source = effective.status, effective.source
    row.marked_at, row.marked_by_id = effective.marked_at, effective.marked_by_id
    row.needs_review, row.review_reason = effective.needs_review, effective.review_reason
    if facts.coach is not None:
        row.coach_status, row.coach_marked_at = facts.coach.status, facts.coach.at
        row.coach_id, row.note = facts.coach.by_id, facts.coach.note
    if facts.self_attend is not None:
        row.self_status, row.self_attended_at = facts.self_attend.status, facts.self_attend.at
    if leave_id is not None:
        row.leave_id = leave_id
    db.session.flush()
    audit.record(actor_id, action, "session_attendance", row.id, before,
                 {**snapshot(row), **(context or {})})
    return row, True


def mark_held(session: ClinicSession, actor_id: int, reason: str, at: datetime,
              opens_at: datetime) -> None:
    """A coach's mark or log, or a valid code, at `at` means the session took place (completion
    counts held sessions); but only once it could have: never before `opens_at`."""
    if session.status == "planned" and at >= opens_at:
        audit.record(actor_id, "session.held", "clinic_session", session.id,
                     {"status": "planned"}, {"status": "held", "because": reason})
        session.status = "held"
