"""/admin/users/import: users from a CSV file, as `flask import-users` does. The upload is
checked row by row and shown; only a file without a single problem can be imported, and the
import checks it again. The reply to the import is the one place the new users' initial
passwords are shown (with the same username,initial_password CSV the command prints, as a
download of that reply): nothing keeps them, and the reply is not cached."""

import io

from flask import make_response
from flask_login import current_user

from webapp.extensions import db
from webapp.pages import bp
from webapp.pages.admin.forms import MAX_IMPORT_CHARS, UserImportConfirmForm, UserImportForm
from webapp.pages.review.common import render
from webapp.security import roles_required
from webapp.services.user_import import ImportReport, check_users_csv, store_users
from webapp.vocabulary import ROLE_NAMES

MAX_ERRORS_SHOWN = 50


def _page(upload: UserImportForm | None = None, report: ImportReport | None = None,
          confirm: UserImportConfirmForm | None = None, status: int = 200):
    return render("admin/users_import.html", upload=upload or UserImportForm(formdata=None),
                  report=report, confirm=confirm, roles=ROLE_NAMES,
                  max_errors=MAX_ERRORS_SHOWN), status


def _checked(text: str) -> tuple[ImportReport, UserImportConfirmForm | None]:
    report = check_users_csv(io.StringIO(text, newline=""))
    confirm = None if report.errors else UserImportConfirmForm(formdata=None, data={"csv": text})
    return report, confirm


@bp.get("/admin/users/import")
@roles_required("admin")
def admin_users_import():
    return _page()


@bp.post("/admin/users/import")
@roles_required("admin")
def admin_users_import_check():
    upload = UserImportForm()
    if not upload.validate():
        return _page(upload, status=422)
    try:
        text = upload.file.data.read(MAX_IMPORT_CHARS + 1).decode("utf-8-sig")
    except UnicodeDecodeError:
        upload.file.errors = ["Berkas harus CSV berkode UTF-8."]
        return _page(upload, status=422)
    if len(text) > MAX_IMPORT_CHARS:
        upload.file.errors = [f"Berkas terlalu besar: maksimal {MAX_IMPORT_CHARS // 1000} KB; "
                              "bagi menjadi beberapa berkas."]
        return _page(upload, status=422)
    report, confirm = _checked(text)
    return _page(upload, report, confirm, status=422 if report.errors else 200)


@bp.post("/admin/users/import/confirm")
@roles_required("admin")
def admin_users_import_confirm():
    form = UserImportConfirmForm()
    if not form.validate():
        upload = UserImportForm(formdata=None)
        upload.file.errors = ["Unggah berkasnya lagi."]
        return _page(upload, status=422)
    # Checked again: another admin may have taken a username or NIP since the preview.
    report, confirm = _checked(form.csv.data)
    if report.errors:
        return _page(report=report, status=422)
    created = store_users(report.rows, current_user.id, "admin import")
    db.session.commit()
    passwords = "username,initial_password\r\n" + "".join(
        f"{username},{password}\r\n" for username, password in created)
    response = make_response(render("admin/users_imported.html",
                                    imported=list(zip(report.rows, created, strict=True)),
                                    passwords=passwords))
    response.headers["Cache-Control"] = "private, no-store"
    return response
