"""Daily attendance: every unit's counts for a day, or one unit's officials with their week,
each on the unit's own calendar; XLSX and CSV of a unit's day."""

from datetime import timedelta

from flask import abort

from webapp.pages import bp
from webapp.pages.review.common import CSV, XLSX, download, local_now, now, query, render
from webapp.schemas.review import DailyQuerySchema
from webapp.security import roles_required
from webapp.services.daily_attendance import (
    SUMMARY_CODES,
    DailyView,
    load_daily,
    load_overview,
    load_units,
)
from webapp.services.exports import daily_csv, daily_workbook


def _day(params: dict):
    # Without a date: today on the district's calendar (each unit's own zone is applied
    # when its check-ins are grouped).
    return params.get("date") or local_now().date()


def _unit_view(params: dict) -> DailyView:
    view = load_daily(params["unit"], _day(params), now()) if "unit" in params else None
    if view is None:
        abort(404)
    return view


@bp.get("/review/daily")
@roles_required("reviewer")
def review_daily():
    params = query(DailyQuerySchema())
    day = _day(params)
    view = load_daily(params["unit"], day, now()) if "unit" in params else None
    return render("review/daily.html", day=day, view=view, units=load_units(),
                  overview=None if view else load_overview(day, now()),
                  unit_code=view.unit.code if view else "", summary_codes=SUMMARY_CODES,
                  previous_day=day - timedelta(days=1), next_day=day + timedelta(days=1),
                  unknown_unit="unit" in params and view is None)


@bp.get("/review/daily/export.xlsx")
@roles_required("reviewer")
def review_daily_xlsx():
    view = _unit_view(query(DailyQuerySchema()))
    return download(daily_workbook(view), f"absensi-{view.unit.code.lower()}-{view.day}.xlsx",
                    XLSX)


@bp.get("/review/daily/export.csv")
@roles_required("reviewer")
def review_daily_csv():
    view = _unit_view(query(DailyQuerySchema()))
    return download(daily_csv(view), f"absensi-{view.unit.code.lower()}-{view.day}.csv", CSV)
