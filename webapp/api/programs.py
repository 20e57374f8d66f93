from flask import current_app
from flask_login import current_user

from webapp.api.blueprint import Blueprint
from webapp.extensions import db
from webapp.models.types import utcnow
from webapp.schemas.programs import (
    EnrolResultSchema,
    EnrolSchema,
    ProgramCreateSchema,
    ProgramDetailSchema,
    ProgramListSchema,
    ScheduleResultSchema,
    ScheduleSchema,
    SessionCancelSchema,
    SessionMoveSchema,
    SessionOutSchema,
    SessionRosterSchema,
    SessionUpdateSchema,
)
from webapp.security import roles_required
from webapp.services import code_attempts, edit_conflicts, programs
from webapp.services.session_page import session_attendance

blp = Blueprint("programs", __name__, url_prefix="/api/v1",
                description="Coaching-clinic programmes and their sessions (coaches, admins)")


def _done(result):
    db.session.commit()
    return result


@blp.get("/programs")
@roles_required("coach", "admin")
@blp.response(200, ProgramListSchema)
def list_programs():
    """Programmes the coach manages (an admin: all of them), newest first."""
    return {"items": programs.managed_programs(current_user)}


@blp.post("/programs")
@roles_required("coach", "admin")
@blp.arguments(ProgramCreateSchema)
@blp.response(201, ProgramDetailSchema)
@blp.alt_response(422, description="Invalid fields, or an unknown unit")
def create_program(body):
    """Create a programme; its creator coaches it. The unit defaults to the creator's."""
    return _done(programs.create_program(current_user, body))


@blp.get("/programs/<int:program_id>")
@roles_required("coach", "admin")
@blp.response(200, ProgramDetailSchema)
def get_program(program_id):
    """A programme with its participants and sessions."""
    return programs.get_managed_program(current_user, program_id)


@blp.post("/programs/<int:program_id>/participants")
@roles_required("coach", "admin")
@blp.arguments(EnrolSchema)
@blp.response(200, EnrolResultSchema)
@blp.alt_response(422, description="Unknown or inactive users, or an unknown unit")
def enrol(body, program_id):
    """Enrol users by id and/or every active participant of a unit; already enrolled users
    are skipped."""
    program = programs.get_managed_program(current_user, program_id)
    added = programs.enrol(current_user, program, body["user_ids"], body["unit_id"])
    db.session.commit()
    return {"added": added, "participant_count": len(program.participants)}


@blp.delete("/programs/<int:program_id>/participants/<int:user_id>")
@roles_required("coach", "admin")
@blp.response(204)
def unenrol(program_id, user_id):
    """Take a participant off the programme; their attendance so far stays on record."""
    program = programs.get_managed_program(current_user, program_id)
    programs.unenrol(current_user, program, user_id)
    db.session.commit()


@blp.post("/programs/<int:program_id>/schedule")
@roles_required("coach", "admin")
@blp.arguments(ScheduleSchema)
@blp.response(201, ScheduleResultSchema)
@blp.alt_response(422, description="Invalid pattern, dates outside the programme, unknown coach")
def schedule(body, program_id):
    """Create sessions from a weekly pattern in the programme unit's local time, skipping
    holidays and slots that already have a session."""
    program = programs.get_managed_program(current_user, program_id)
    created, skipped = programs.generate_schedule(current_user, program, body)
    return _done({"created": created, "skipped": skipped})


@blp.get("/sessions/<int:session_id>/attendance")
@roles_required("coach", "admin")
@blp.response(200, SessionRosterSchema)
def session_roster(session_id):
    """The session, everyone's attendance and the open edit conflicts now, with the server's
    time: the coach's page refreshes its roster (and its clock) from this while online."""
    session = programs.get_managed_session(current_user, session_id)
    return {"server_time": utcnow(), "session": session,
            "attendance": session_attendance(session),
            "codes": code_attempts.roster_view(session.id,
                                               code_attempts.limit(current_app.config)),
            "conflicts": edit_conflicts.open_conflicts(session.id)}


@blp.patch("/sessions/<int:session_id>")
@roles_required("coach", "admin")
@blp.arguments(SessionUpdateSchema)
@blp.response(200, SessionOutSchema)
@blp.alt_response(409, description="The session is cancelled")
@blp.alt_response(422, description="Invalid fields, or an unknown coach")
def update_session(body, session_id):
    """Edit a session's place, coach, topic or notes."""
    session = programs.get_managed_session(current_user, session_id)
    return _done(programs.update_session(current_user, session, body))


@blp.post("/sessions/<int:session_id>/cancel")
@roles_required("coach", "admin")
@blp.arguments(SessionCancelSchema)
@blp.response(200, SessionOutSchema)
@blp.alt_response(409, description="The session is already held or cancelled")
def cancel_session(body, session_id):
    """Cancel a planned session, with a reason."""
    session = programs.get_managed_session(current_user, session_id)
    return _done(programs.cancel_session(current_user, session, body["reason"]))


@blp.post("/sessions/<int:session_id>/move")
@roles_required("coach", "admin")
@blp.arguments(SessionMoveSchema)
@blp.response(200, SessionOutSchema)
@blp.alt_response(409, description="The session is already held or cancelled")
@blp.alt_response(422, description="Invalid fields, or a date outside the programme")
def move_session(body, session_id):
    """Move a planned session to another local date and time, with a reason."""
    session = programs.get_managed_session(current_user, session_id)
    return _done(programs.move_session(current_user, session, body["date"], body["start_time"],
                                       body["end_time"], body["reason"]))
