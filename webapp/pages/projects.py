"""/projects: a participant's change projects. The page is a shell: js/project-owner.js renders
the projects from what the phone knows (bootstrap, synced records, the outbox), and every form
on it only queues an entry (`project`, `project_report`, `project_stop`), so it works from the
service worker's cached copy with no network."""

from flask import render_template
from flask_login import current_user

from webapp.extensions import db
from webapp.models import Program, ProgramParticipant, Unit
from webapp.pages import bp
from webapp.security import roles_required
from webapp.vocabulary import STOP_REASONS


@bp.get("/projects")
@roles_required("participant")
def my_projects():
    units = db.session.execute(db.select(Unit.id, Unit.name).order_by(Unit.name)).all()
    programs = db.session.execute(db.select(Program.id, Program.name).join(
        ProgramParticipant, ProgramParticipant.program_id == Program.id).where(
        ProgramParticipant.user_id == current_user.id,
        Program.kind == "leadership_training").order_by(Program.start_date)).all()
    return render_template("projects/owner.html", units=units, programs=programs,
                           stop_reasons=STOP_REASONS.labels)
