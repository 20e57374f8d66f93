"""What a phone needs to work offline: the user, their unit, programmes, sessions, rosters."""

from webapp.extensions import db
from webapp.models import (
    CheckIn,
    ClinicSession,
    Program,
    ProgramParticipant,
    SessionAttendance,
    User,
)
from webapp.services import projects as project_service
from webapp.services.access import coached_program_ids, enrolled_program_ids
from webapp.services.checkins import records_of

RECENT_CHECKINS = 60


def bootstrap_for(user: User, now) -> dict:
    coached = coached_program_ids(user)
    enrolled = enrolled_program_ids(user)
    program_ids = coached | enrolled
    programs = list(db.session.scalars(
        db.select(Program).where(Program.id.in_(program_ids)).order_by(Program.start_date)))
    sessions = list(db.session.scalars(db.select(ClinicSession).where(
        ClinicSession.program_id.in_(program_ids)).order_by(ClinicSession.starts_at)))
    roster = {}
    if coached:
        rows = db.session.execute(db.select(ProgramParticipant.program_id, User).join(
            User, ProgramParticipant.user_id == User.id).where(
            ProgramParticipant.program_id.in_(coached)).order_by(User.full_name))
        for program_id, participant in rows:
            roster.setdefault(str(program_id), []).append(participant)
    attendance_filter = SessionAttendance.user_id == user.id
    if coached:
        attendance_filter = attendance_filter | ClinicSession.program_id.in_(coached)
    attendance = db.session.scalars(db.select(SessionAttendance).join(ClinicSession).where(
        ClinicSession.program_id.in_(program_ids), attendance_filter))
    checkins = db.session.scalars(db.select(CheckIn).where(CheckIn.user_id == user.id)
                                  .order_by(CheckIn.corrected_at.desc()).limit(RECENT_CHECKINS))
    return {
        "server_time": now, "user": user, "unit": user.unit,
        "programs": [{"program": p, "role": "coach" if p.id in coached else "participant"}
                     for p in programs],
        "sessions": [{"session": s, "secret": s.secret if s.program_id in coached else None}
                     for s in sessions],
        "roster": roster, "attendance": list(attendance), "checkins": records_of(list(checkins)),
        "projects": project_service.visible(user, now, mine_only=True),
    }
