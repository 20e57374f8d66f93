"""The review queue: flagged check-ins and sync conflicts, decided with a form post."""

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from webapp.extensions import db
from webapp.models import CheckIn, SyncConflict
from webapp.pages import bp
from webapp.pages.forms import DecisionForm, ResolveForm
from webapp.pages.review.common import now, query, render
from webapp.schemas.review import QueueQuerySchema
from webapp.security import roles_required
from webapp.services.checkin_review import (
    decide_checkin,
    load_conflicts,
    load_queue,
    resolve_conflict,
)
from webapp.services.refused import Refused
from webapp.vocabulary import CHECKIN_FLAGS, DECISIONS


def _back():
    flag = request.form.get("flag")
    return redirect(url_for("pages.review_checkins", flag=flag if flag in CHECKIN_FLAGS else None))


@bp.get("/review/checkins")
@roles_required("reviewer")
def review_checkins():
    params = query(QueueQuerySchema())
    items, total = load_queue(params.get("flag"))
    return render("review/checkins.html", items=items, total=total, flag=params.get("flag"),
                  flags=CHECKIN_FLAGS, conflicts=load_conflicts())


@bp.post("/review/checkins/<int:checkin_id>/decision")
@roles_required("reviewer")
def review_checkin_decide(checkin_id: int):
    checkin = db.session.get(CheckIn, checkin_id)
    if checkin is None:
        abort(404)
    form = DecisionForm()
    if not form.validate_on_submit():
        flash("Pilih setujui atau tolak, dengan alasan paling banyak 500 karakter.", "error")
        return _back()
    try:
        decide_checkin(checkin, current_user.id, form.decision.data, form.reason.data, now())
    except Refused as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return _back()
    db.session.commit()
    flash(f"Absen #{checkin_id}: {DECISIONS.label(form.decision.data).lower()}.", "info")
    return _back()


@bp.post("/review/conflicts/<int:conflict_id>/resolve")
@roles_required("reviewer")
def review_conflict_resolve(conflict_id: int):
    conflict = db.session.get(SyncConflict, conflict_id)
    if conflict is None:
        abort(404)
    form = ResolveForm()
    if not form.validate_on_submit():
        flash("Catatan paling banyak 500 karakter.", "error")
        return _back()
    try:
        resolve_conflict(conflict, current_user.id, form.reason.data)
    except Refused as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return _back()
    db.session.commit()
    flash(f"Konflik #{conflict_id} ditandai selesai.", "info")
    return _back()
