"""/team: a supervisor's staff today and this week, flagged check-ins, corrections to decide;
/corrections: an official's correction form (offline too) and requests."""

from flask import abort, current_app, flash, redirect, request, url_for
from flask_login import current_user

from webapp.extensions import db
from webapp.pages import bp
from webapp.pages.review.common import now, render
from webapp.security import roles_required
from webapp.services import corrections
from webapp.services.localtime import zone_label
from webapp.services.refused import Refused
from webapp.services.team import FLAGGED_DAYS, load_team
from webapp.vocabulary import APPROVED, DAY_STATUSES, REJECTED, WEEKDAYS


@bp.get("/team")
@roles_required("supervisor")
def team():
    return render("team.html", team=load_team(current_user, now()), labels=DAY_STATUSES.labels,
                  weekday_names=WEEKDAYS, type_labels=corrections.TYPE_LABELS,
                  flagged_days=FLAGGED_DAYS)


@bp.post("/team/corrections/<int:correction_id>/decision")
@roles_required("supervisor")
def team_correction_decide(correction_id: int):
    decision = request.form.get("decision")
    reason = request.form.get("reason", "").strip()[:500]
    if decision not in (APPROVED, REJECTED):
        flash("Pilih setujui atau tolak.", "error")
    elif decision == REJECTED and not reason:
        flash("Tuliskan alasan penolakan.", "error")
    else:
        try:
            corrections.decide(current_user, correction_id, decision, reason, now())
        except Refused as refused:
            if refused.status == 404:
                abort(404)
            flash(refused.message, "error")
        else:
            db.session.commit()
            flash("Koreksi disetujui." if decision == APPROVED
                  else "Koreksi ditolak.", "info")
    return redirect(url_for("pages.team"))


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
