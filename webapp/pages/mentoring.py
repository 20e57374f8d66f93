"""/mentoring: a supervisor's phone pages for the change projects they mentor. The pages are
shells: js/mentoring.js renders them from what the phone knows (bootstrap, synced records, the
outbox), and the review, classification and stop forms only queue entries (`project_review`,
`project_stop`), so they work from the service worker's cached copies with no network."""

from flask import abort
from flask_login import current_user

from webapp.extensions import db
from webapp.models import Project
from webapp.pages import bp
from webapp.pages.review.common import render
from webapp.security import roles_required
from webapp.services import projects
from webapp.vocabulary import CLASSIFICATIONS, STOP_REASONS


@bp.get("/mentoring")
@roles_required("supervisor")
def mentoring():
    return render("mentoring/index.html")


@bp.get("/mentoring/projects/<uuid:project_id>")
@roles_required("supervisor")
def mentoring_project(project_id):
    """404 for a project the user does not mentor, as for one that does not exist."""
    project = db.session.get(Project, str(project_id))
    if project is None or not projects.is_mentor(current_user, project):
        abort(404)
    return render("mentoring/project.html", project_id=project.id,
                  classifications=CLASSIFICATIONS.labels, stop_reasons=STOP_REASONS.labels)
