"""/programs: a participant's programmes, sessions and progress; /sessions/<id>: entering a
session's rotating code (queued as `self_attend`, works offline); /leave: asking for izin, sakit
or dinas luar (queued as `leave`, works offline)."""

from datetime import timedelta

from flask import abort, current_app, render_template
from flask_login import current_user

from webapp.extensions import db
from webapp.models import ClinicSession, Program, ProgramParticipant
from webapp.models.types import utcnow
from webapp.pages import bp
from webapp.schemas.leave import MAX_LEAVE_DAYS
from webapp.security import roles_required
from webapp.services import leave as leave_service
from webapp.services.completion import REACHABILITY_LABELS
from webapp.services.localtime import local_datetime, zone_label
from webapp.services.progress import GROUP_LABELS, enrolled_programs, progress
from webapp.services.session_page import participant_session_data
from webapp.services.sync_kinds.clinic import grace
from webapp.vocabulary import LEAVE_STATES, LEAVE_TYPES, ZONES


def _grace() -> timedelta:
    return grace(current_app.config)


def _enrolled(program_id: int) -> bool:
    return db.session.scalar(db.select(ProgramParticipant.id).filter_by(
        program_id=program_id, user_id=current_user.id)) is not None


def _labels(program: Program) -> dict:
    tz_name = program.unit.timezone
    return {"local": lambda at: local_datetime(at, tz_name), "zone": zone_label(tz_name),
            "group_labels": GROUP_LABELS, "zone_labels": ZONES.labels,
            "reach_labels": REACHABILITY_LABELS}


@bp.get("/programs")
@roles_required()
def my_programs():
    now, grace = utcnow(), _grace()
    items = [progress(current_user, p, now, grace) for p in enrolled_programs(current_user)]
    return render_template("programs/index.html", items=items, zone_labels=ZONES.labels,
                           reach_labels=REACHABILITY_LABELS)


@bp.get("/programs/<int:program_id>")
@roles_required()
def my_program(program_id):
    program = db.session.get(Program, program_id)
    if program is None or not _enrolled(program_id):
        abort(404)
    view = progress(current_user, program, utcnow(), _grace())
    return render_template("programs/program.html", view=view, **_labels(program))


@bp.get("/sessions/<int:session_id>")
@roles_required()
def my_session(session_id):
    """Enter the code the coach shows. The page holds all it needs (no secret), so it opens
    from the service worker's cache with no network once visited."""
    session = db.session.get(ClinicSession, session_id)
    if session is None or not _enrolled(session.program_id):
        abort(404)
    data = participant_session_data(session, current_user.id, utcnow(), _grace())
    return render_template("programs/session.html", session=session, data=data,
                           **_labels(session.program))


@bp.get("/leave")
@roles_required("participant")
def my_leave():
    """The leave form and the participant's requests. The form only queues a `leave` entry,
    so it works from the service worker's cached copy with no network."""
    return render_template("programs/leave.html", leaves=leave_service.own_leaves(current_user),
                           types=LEAVE_TYPES.labels, states=LEAVE_STATES.labels,
                           max_days=MAX_LEAVE_DAYS, past_days=leave_service.PAST_DAYS,
                           future_days=leave_service.FUTURE_DAYS,
                           too_early=leave_service.TOO_EARLY, too_late=leave_service.TOO_LATE)
