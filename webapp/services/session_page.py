"""What a session page carries in its HTML, so the cached page works with no network.

The coach's copy holds the session secret (the rotating code is computed in the browser); a
participant's copy never does.
"""

from datetime import datetime, timedelta

from webapp.extensions import db
from webapp.models import ClinicSession, SessionAttendance
from webapp.services import code_attempts, edit_conflicts
from webapp.services.localtime import local_datetime, zone_label
from webapp.services.session_codes import DIGITS, STEP_S


def session_info(session: ClinicSession, grace: timedelta) -> dict:
    tz_name = session.program.unit.timezone
    start, end = (local_datetime(session.starts_at, tz_name),
                  local_datetime(session.ends_at, tz_name))
    return {
        "id": session.id, "program_id": session.program_id,
        "program_name": session.program.name, "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "opens_at": (session.starts_at - grace).isoformat(),
        "closes_at": (session.ends_at + grace).isoformat(), "local_date": start.date().isoformat(),
        "local_time": f"{start:%H:%M}–{end:%H:%M} {zone_label(tz_name)}", "timezone": tz_name,
        "place": session.place, "status": session.status, "topic": session.topic,
        "notes": session.notes,
        "logged_at": session.logged_at.isoformat() if session.logged_at else None,
    }


def attendance_view(row: SessionAttendance) -> dict:
    return {"user_id": row.user_id, "status": row.status, "source": row.source,
            "needs_review": row.needs_review, "review_reason": row.review_reason,
            "skills": list(row.skills or []),
            "self_attended_at": row.self_attended_at.isoformat() if row.self_attended_at
            else None}


def session_attendance(session: ClinicSession) -> list[dict]:
    rows = db.session.scalars(db.select(SessionAttendance).where(
        SessionAttendance.session_id == session.id))
    return [attendance_view(row) for row in rows]


def coach_session_data(session: ClinicSession, now: datetime, grace: timedelta,
                       attempts: int) -> dict:
    """`attempts`: wrong codes judged per participant (SESSION_CODE_ATTEMPTS)."""
    roster = sorted((link.user for link in session.program.participants),
                    key=lambda u: u.full_name)
    return {
        "session": session_info(session, grace), "server_time": now.isoformat(),
        "secret": session.secret, "step_s": STEP_S, "digits": DIGITS,
        "skills": list(session.program.skills),
        "roster": [{"id": u.id, "full_name": u.full_name, "jabatan": u.jabatan,
                    "unit": u.unit.name if u.unit else ""} for u in roster],
        "attendance": session_attendance(session),
        "codes": code_attempts.roster_view(session.id, attempts),
        "conflicts": edit_conflicts.open_conflicts(session.id),
    }


def participant_session_data(session: ClinicSession, user_id: int, now: datetime,
                             grace: timedelta) -> dict:
    row = db.session.scalar(db.select(SessionAttendance).filter_by(session_id=session.id,
                                                                   user_id=user_id))
    return {"session": session_info(session, grace), "server_time": now.isoformat(),
            "attendance": attendance_view(row) if row else None}
