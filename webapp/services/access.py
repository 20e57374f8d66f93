"""Who may act on which programme, participant and leave: the rules the pages, the API and the
sync kinds share, so a coach sees and may change the same things everywhere.

A coach runs a programme they created or coach a session of; admins manage every programme;
reviewers (BKPSDM) decide any leave, a supervisor that of their direct staff, a coach the
leave of their programmes' participants.
"""

from webapp.extensions import db
from webapp.models import ClinicSession, LeaveRequest, Program, ProgramParticipant, User
from webapp.services.decisions import is_direct_supervisor


def coached_program_ids(user: User) -> set[int]:
    """Programmes a coach runs: created them or coaches one of their sessions."""
    if not user.has_role("coach"):
        return set()
    created = db.select(Program.id).where(Program.created_by_id == user.id)
    coaching = db.select(ClinicSession.program_id).where(ClinicSession.coach_id == user.id)
    return set(db.session.scalars(created.union(coaching)))


def enrolled_program_ids(user: User) -> set[int]:
    return set(db.session.scalars(
        db.select(ProgramParticipant.program_id).where(ProgramParticipant.user_id == user.id)))


def can_manage(user: User, program: Program) -> bool:
    """Admins manage every programme; a coach manages the ones they created or coach in."""
    return user.has_role("admin") or program.id in coached_program_ids(user)


def managed_among(user: User, program_ids: set[int]) -> set[int]:
    """Those of `program_ids` whose rosters `user` may mark and log (as `can_manage`)."""
    if user.has_role("admin"):
        return program_ids
    return program_ids & coached_program_ids(user)


def coached_participant_ids(user: User) -> set[int]:
    programs = coached_program_ids(user)
    if not programs:
        return set()
    return set(db.session.scalars(db.select(ProgramParticipant.user_id).where(
        ProgramParticipant.program_id.in_(programs))))


def can_decide(user: User, leave: LeaveRequest) -> bool:
    """Reviewers decide any leave; a supervisor that of their direct staff; a coach those of
    their programmes' participants."""
    if user.has_role("reviewer") or is_direct_supervisor(user, leave.user):
        return True
    return user.has_role("coach") and leave.user_id in coached_participant_ids(user)
