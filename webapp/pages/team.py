"""/team: a supervisor's staff today and this week, flagged check-ins, corrections and leave
to decide (offline too); /corrections: an official's correction form (offline too) and
requests."""

from flask import current_app
from flask_login import current_user

from webapp.pages import bp
from webapp.pages.review.common import now, render
from webapp.security import roles_required
from webapp.services import corrections, leave
from webapp.services.localtime import zone_label
from webapp.services.team import FLAGGED_DAYS, load_team
from webapp.vocabulary import DAY_STATUSES, LEAVE_TYPES, WEEKDAYS


@bp.get("/team")
@roles_required("supervisor")
def team():
    """The supervisor's page. A decision is queued in the outbox as a `correction_decision` or
    `leave_decision` entry (js/team.js), so the cached page decides with no network."""
    team = load_team(current_user, now())
    return render("team.html", team=team, labels=DAY_STATUSES.labels, weekday_names=WEEKDAYS,
                  type_labels=corrections.TYPE_LABELS, leave_types=LEAVE_TYPES.labels,
                  evidence=leave.evidence_received(
                      [p.request for p in team.corrections + team.leaves]),
                  flagged_days=FLAGGED_DAYS)


@bp.get("/corrections")
@roles_required("participant")
def my_corrections():
    """The correction form and the official's requests. The form only queues a `correction`
    entry, so it works from the service worker's cached copy with no network."""
    unit = current_user.unit
    return render("corrections.html", corrections=corrections.own(current_user),
                  types=corrections.TYPE_LABELS, states=corrections.STATE_LABELS,
                  per_month=current_app.config["CORRECTIONS_PER_MONTH"],
                  zone=zone_label(unit.timezone) if unit else "WIB")
