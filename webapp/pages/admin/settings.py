"""/admin/settings: the district's name, letterhead lines, logo and the Kepala BKPSDM who signs
printed recaps (webapp/services/letterhead.py)."""

from flask import current_app, flash, redirect, url_for
from flask_login import current_user

from webapp.extensions import db
from webapp.pages import bp
from webapp.pages.admin.common import show_refusal
from webapp.pages.admin.forms import SettingsForm
from webapp.pages.review.common import render
from webapp.security import roles_required
from webapp.services import letterhead
from webapp.services.refused import Refused
from webapp.services.user_import import nip_problems


def _problems(form: SettingsForm) -> dict[str, list[str]]:
    problems = {}
    nip = form.bkpsdm_head_nip.data
    if nip and (bad := nip_problems(nip)):
        problems["bkpsdm_head_nip"] = bad
    if len(letterhead.split_lines(form.letterhead_lines.data or "")) > letterhead.MAX_LINES:
        problems["letterhead_lines"] = [f"Maksimal {letterhead.MAX_LINES} baris."]
    return problems


@bp.route("/admin/settings", methods=["GET", "POST"])
@roles_required("admin")
def admin_settings():
    row = letterhead.load_settings()
    form = SettingsForm(data={name: getattr(row, name) or "" for name in letterhead.TEXT_FIELDS}
                        if row else None)
    status = 200
    if form.validate_on_submit():
        try:
            if problems := _problems(form):
                raise Refused(422, "Periksa isian yang ditandai.", problems)
            upload = form.logo.data
            logo = letterhead.clean_logo(upload.read()) if upload and upload.filename else None
            letterhead.save_settings(current_user.id, {n: form[n].data
                                                       for n in letterhead.TEXT_FIELDS},
                                     logo, remove_logo=form.remove_logo.data)
        except Refused as refused:
            show_refusal(form, refused if refused.fields else
                         Refused(refused.status, refused.message, {"logo": [refused.message]}))
            status = 422
        else:
            db.session.commit()
            flash("Pengaturan disimpan. Cetakan rekap berikutnya memakai kop ini.", "info")
            return redirect(url_for("pages.admin_settings"))
    elif form.is_submitted():
        status = 422
    return render("admin/settings.html", form=form,
                  head=letterhead.load_letterhead(current_app.config)), status
