"""/admin/units: the units, each with its place and geofence (numbers and a drawing), head,
working week and special periods; /admin/units/district: the district's own week and special
periods, which every unit without its own follows (the same forms and services)."""

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from webapp.extensions import db
from webapp.models import SpecialPeriod, Unit, User, WorkHours
from webapp.pages import bp
from webapp.pages.admin.common import committed, optional_id, supervisor_choices
from webapp.pages.admin.forms import (
    SCHEDULE_DAYS,
    DistrictWeekForm,
    PeriodForm,
    UnitForm,
    WeekForm,
)
from webapp.pages.review.common import local_now, render
from webapp.security import roles_required
from webapp.services import unit_admin
from webapp.services.refused import Refused
from webapp.services.work_calendar import default_week
from webapp.vocabulary import TIMEZONES, WEEKDAYS

PERIOD = "period"  # the period form's prefix: its fields would repeat the week's and unit's ids


def _unit_form(unit: Unit | None = None, formdata=True) -> UnitForm:
    data = None if unit is None else {
        **{name: getattr(unit, name) for name in unit_admin.UNIT_FIELDS},
        "head_id": str(unit.head_id or "")}
    form = UnitForm() if formdata else UnitForm(formdata=None, data=data)
    form.head_id.choices = supervisor_choices()
    return form


def _values(form: UnitForm) -> dict:
    return {name: form[name].data for name in unit_admin.UNIT_FIELDS} | {
        "head_id": optional_id(form.head_id.data)}


def _times(form) -> dict:
    return {d: (form[f"start_{d}"].data, form[f"end_{d}"].data) for d in range(SCHEDULE_DAYS)}


def _week_form(unit: Unit | None) -> WeekForm:
    own = unit_admin.unit_week(unit)
    # A unit without its own week is shown the one it follows, as a start for its own.
    shown = (own or (unit_admin.unit_week(None) if unit else None)
             or default_week(unit.work_start if unit else Unit.work_start.default.arg))
    data = {"own_week": own is not None, "work_days": "6" if 5 in shown else "5"}
    for day, hours in shown.items():
        if day < SCHEDULE_DAYS:
            data[f"start_{day}"], data[f"end_{day}"] = hours.start, hours.end
    return (WeekForm if unit else DistrictWeekForm)(formdata=None, data=data)


def _periods(unit: Unit | None) -> list[SpecialPeriod]:
    return list(db.session.scalars(db.select(SpecialPeriod).where(
        SpecialPeriod.unit_id == (unit.id if unit else None))
        .order_by(SpecialPeriod.date_from.desc())))


def _schedule(unit: Unit | None, week: WeekForm | None, period: PeriodForm | None) -> dict:
    """What admin/_schedule.html needs, for a unit's page or the district's."""
    return {"unit": unit, "week": week or _week_form(unit),
            "period": period or PeriodForm(formdata=None, prefix=PERIOD),
            "periods": _periods(unit), "weekdays": WEEKDAYS, "days": SCHEDULE_DAYS}


def _schedule_url(unit: Unit | None, anchor: str) -> str:
    page = (url_for("pages.admin_unit", unit_id=unit.id) if unit
            else url_for("pages.admin_district"))
    return f"{page}#{anchor}"


def _unit_page(unit: Unit, form: UnitForm | None = None, week: WeekForm | None = None,
               period: PeriodForm | None = None, status: int = 200):
    view = None
    if unit.latitude is not None and unit.longitude is not None:
        since = local_now(unit.timezone).date() - unit_admin.RECENT_DAYS
        view = unit_admin.geofence_view(unit.latitude, unit.longitude, unit.geofence_radius_m,
                                        unit_admin.recent_points(unit, since))
    head = db.session.get(User, unit.head_id) if unit.head_id else None
    return render("admin/unit.html", form=form or _unit_form(unit, formdata=False), view=view,
                  head=head, zones=TIMEZONES.labels, **_schedule(unit, week, period)), status


def _district_page(week: WeekForm | None = None, period: PeriodForm | None = None,
                   status: int = 200):
    return render("admin/district.html", **_schedule(None, week, period)), status


def _schedule_page(unit: Unit | None, **forms):
    return _unit_page(unit, **forms) if unit else _district_page(**forms)


@bp.get("/admin/units")
@roles_required("admin")
def admin_units():
    units = db.session.scalars(db.select(Unit).order_by(Unit.name))
    heads = dict(db.session.execute(db.select(User.id, User.full_name).where(
        User.id.in_(db.select(Unit.head_id)))).all())
    own_weeks = set(db.session.scalars(db.select(WorkHours.unit_id).where(
        WorkHours.unit_id.is_not(None)).distinct()))
    return render("admin/units.html", units=list(units), heads=heads, own_weeks=own_weeks,
                  zones=TIMEZONES.labels)


@bp.route("/admin/units/new", methods=["GET", "POST"])
@roles_required("admin")
def admin_unit_new():
    form = _unit_form()

    def create():
        unit = unit_admin.save_unit(current_user.id, None, _values(form))
        return f"Unit {unit.code} dibuat.", url_for("pages.admin_unit", unit_id=unit.id)

    if not form.is_submitted():
        return render("admin/unit_new.html", form=form)
    return committed(form, create) or (render("admin/unit_new.html", form=form), 422)


@bp.route("/admin/units/<int:unit_id>", methods=["GET", "POST"])
@roles_required("admin")
def admin_unit(unit_id: int):
    unit = db.get_or_404(Unit, unit_id)
    if request.method == "GET":
        return _unit_page(unit)
    form = _unit_form()

    def save():
        unit_admin.save_unit(current_user.id, unit, _values(form))
        return "Unit disimpan.", url_for("pages.admin_unit", unit_id=unit.id)

    return committed(form, save) or _unit_page(unit, form=form, status=422)


def _save_week(unit: Unit | None, form: WeekForm):
    def save():
        week, problems = unit_admin.week_from(int(form.work_days.data), _times(form))
        if not form.own_week.data:
            week, problems = None, {}
        if problems:
            raise Refused(422, "Periksa jadwal.", problems)
        unit_admin.save_week(current_user.id, unit, week)
        return ("Jadwal kerja disimpan." if week else
                "Unit ini kini mengikuti jadwal kerja kabupaten." if unit else
                "Jadwal kerja kabupaten dihapus: unit tanpa jadwal sendiri memakai jadwal "
                "bawaan."), _schedule_url(unit, "jadwal")

    return committed(form, save) or _schedule_page(unit, week=form, status=422)


def _add_period(unit: Unit | None):
    form = PeriodForm(prefix=PERIOD)

    def add():
        work_days = 6 if form.start_5.data or form.end_5.data else 5
        week, problems = unit_admin.week_from(work_days, _times(form))
        if problems:
            raise Refused(422, "Periksa jam periode.", problems)
        unit_admin.add_period(current_user.id, unit, form.name.data, form.date_from.data,
                              form.date_to.data, week)
        return f"Periode {form.name.data} ditambahkan.", _schedule_url(unit, "periode")

    return committed(form, add) or _schedule_page(unit, period=form, status=422)


def _delete_period(unit: Unit | None, period_id: int):
    try:
        unit_admin.delete_period(current_user.id, unit, period_id)
    except Refused:
        abort(404)
    db.session.commit()
    flash("Periode dihapus.", "info")
    return redirect(_schedule_url(unit, "periode"))


@bp.post("/admin/units/<int:unit_id>/week")
@roles_required("admin")
def admin_unit_week(unit_id: int):
    return _save_week(db.get_or_404(Unit, unit_id), WeekForm())


@bp.post("/admin/units/<int:unit_id>/periods")
@roles_required("admin")
def admin_unit_period(unit_id: int):
    return _add_period(db.get_or_404(Unit, unit_id))


@bp.post("/admin/units/<int:unit_id>/periods/<int:period_id>/delete")
@roles_required("admin")
def admin_unit_period_delete(unit_id: int, period_id: int):
    return _delete_period(db.get_or_404(Unit, unit_id), period_id)


@bp.get("/admin/units/district")
@roles_required("admin")
def admin_district():
    return _district_page()


@bp.post("/admin/units/district/week")
@roles_required("admin")
def admin_district_week():
    return _save_week(None, DistrictWeekForm())


@bp.post("/admin/units/district/periods")
@roles_required("admin")
def admin_district_period():
    return _add_period(None)


@bp.post("/admin/units/district/periods/<int:period_id>/delete")
@roles_required("admin")
def admin_district_period_delete(period_id: int):
    return _delete_period(None, period_id)
