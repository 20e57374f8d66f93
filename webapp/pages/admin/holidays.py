"""/admin/holidays: the year's holidays, added, changed, removed, or imported from a CSV file
(the same check as `flask import-holidays`: every row good, or nothing imported)."""

import io
from datetime import date

from flask import flash, redirect, request, url_for
from flask_login import current_user

from webapp.extensions import db
from webapp.models import Holiday, Unit
from webapp.pages import bp
from webapp.pages.admin.common import committed, optional_id, unit_choices
from webapp.pages.admin.forms import HolidayForm, HolidayImportForm
from webapp.pages.review.common import local_now, render
from webapp.security import roles_required
from webapp.services import holiday_admin
from webapp.services.holiday_import import parse_holidays_csv, store_holidays
from webapp.services.work_calendar import HOLIDAY_LABELS

MANAGERS = ("admin", "reviewer")
MAX_IMPORT_ERRORS_SHOWN = 20


def _year() -> int:
    year = request.args.get("year", type=int)
    return year if year and 2000 <= year <= 2100 else local_now().year


def _form(holiday: Holiday | None = None, formdata=True) -> HolidayForm:
    if formdata:
        form = HolidayForm()
    else:
        form = HolidayForm(formdata=None, data=None if holiday is None else {
            "day": holiday.day, "kind": holiday.kind, "name": holiday.name,
            "unit_id": str(holiday.unit_id or "")})
    form.unit_id.choices = unit_choices("Seluruh kabupaten")
    return form


def _save(form: HolidayForm, holiday: Holiday | None) -> Holiday:
    return holiday_admin.save_holiday(current_user.id, holiday, form.day.data, form.kind.data,
                                      form.name.data, optional_id(form.unit_id.data))


def _list_page(year: int, form: HolidayForm | None = None,
               upload: HolidayImportForm | None = None, import_errors=(), status: int = 200):
    holidays = db.session.scalars(db.select(Holiday).where(
        Holiday.day.between(date(year, 1, 1), date(year, 12, 31))).order_by(Holiday.day))
    units = dict(db.session.execute(db.select(Unit.id, Unit.name)).all())
    return render("admin/holidays.html", year=year, holidays=list(holidays), units=units,
                  labels=HOLIDAY_LABELS, form=form or _form(formdata=False),
                  upload=upload or HolidayImportForm(formdata=None),
                  import_errors=import_errors), status


@bp.get("/admin/holidays")
@roles_required(*MANAGERS)
def admin_holidays():
    return _list_page(_year())


@bp.post("/admin/holidays")
@roles_required(*MANAGERS)
def admin_holiday_add():
    form = _form()

    def add():
        holiday = _save(form, None)
        return f"{holiday.name} ditambahkan.", url_for("pages.admin_holidays",
                                                       year=holiday.day.year)

    return committed(form, add) or _list_page(form.day.data.year if form.day.data else _year(),
                                              form=form, status=422)


@bp.route("/admin/holidays/<int:holiday_id>", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def admin_holiday(holiday_id: int):
    holiday = db.get_or_404(Holiday, holiday_id)
    form = _form(holiday, formdata=request.method == "POST")

    def save():
        _save(form, holiday)
        return "Hari libur disimpan.", url_for("pages.admin_holidays", year=holiday.day.year)

    if request.method == "GET":
        return render("admin/holiday.html", holiday=holiday, form=form)
    return committed(form, save) or (render("admin/holiday.html", holiday=holiday, form=form),
                                     422)


@bp.post("/admin/holidays/<int:holiday_id>/delete")
@roles_required(*MANAGERS)
def admin_holiday_delete(holiday_id: int):
    holiday = db.get_or_404(Holiday, holiday_id)
    year, name = holiday.day.year, holiday.name
    holiday_admin.delete_holiday(current_user.id, holiday)
    db.session.commit()
    flash(f"{name} dihapus.", "info")
    return redirect(url_for("pages.admin_holidays", year=year))


@bp.post("/admin/holidays/import")
@roles_required(*MANAGERS)
def admin_holiday_import():
    upload = HolidayImportForm()
    if not upload.validate():
        return _list_page(_year(), upload=upload, status=422)
    file = upload.file.data
    try:
        text = file.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        upload.file.errors = ["Berkas harus CSV berkode UTF-8."]
        return _list_page(_year(), upload=upload, status=422)
    units = dict(db.session.execute(db.select(Unit.code, Unit.id)).all())
    report = parse_holidays_csv(io.StringIO(text, newline=""), set(units))
    if report.errors:
        upload.file.errors = ["Tidak ada yang diimpor: perbaiki baris berikut lalu unggah lagi."]
        return _list_page(_year(), upload=upload, status=422,
                          import_errors=report.errors[:MAX_IMPORT_ERRORS_SHOWN])
    added = store_holidays(report.rows, units, current_user.id, f"admin {file.filename}")
    db.session.commit()
    flash(f"{added} hari libur diimpor; {len(report.rows) - added} sudah ada.", "info")
    return redirect(url_for("pages.admin_holidays", year=report.rows[0].day.year))
