"""/admin/settings: the district's name, letterhead lines, logo and the Kepala BKPSDM who signs
printed recaps (webapp/services/letterhead.py)."""

from flask import current_app, url_for
from flask_login import current_user

from webapp.pages import bp
from webapp.pages.admin.common import committed
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


def _page(form: SettingsForm, status: int = 200):
    return render("admin/settings.html", form=form,
                  head=letterhead.load_letterhead(current_app.config)), status


@bp.route("/admin/settings", methods=["GET", "POST"])
@roles_required("admin")
def admin_settings():
    row = letterhead.load_settings()
    form = SettingsForm(data={name: getattr(row, name) or "" for name in letterhead.TEXT_FIELDS}
                        if row else None)

    def save():
        if problems := _problems(form):
            raise Refused(422, "Periksa isian yang ditandai.", problems)
        upload = form.logo.data
        logo = letterhead.clean_logo(upload.read()) if upload and upload.filename else None
        letterhead.save_settings(current_user.id, {n: form[n].data
                                                   for n in letterhead.TEXT_FIELDS},
                                 logo, remove_logo=form.remove_logo.data)
        return ("Pengaturan disimpan. Cetakan rekap berikutnya memakai kop ini.",
                url_for("pages.admin_settings"))

    if not form.is_submitted():
        return _page(form)
    return committed(form, save) or _page(form, 422)
