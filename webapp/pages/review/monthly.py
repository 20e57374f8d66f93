"""Monthly recap of a unit (TL1-TL4, PSW1-PSW4, TK, leave): page, XLSX, CSV and print.
Reviewers see every unit, a supervisor the units they head; any other unit is 404.
The page lists its officials a hundred at a time (the totals count them all); the XLSX, CSV
and print list everyone. Each official's name opens their month day by day."""

from datetime import date

from flask import abort, current_app, url_for
from flask_login import current_user

from webapp.pages import bp
from webapp.pages.review.common import (
    CSV,
    MONTHS,
    XLSX,
    download,
    local_now,
    now,
    page_of,
    query,
    render,
)
from webapp.schemas.review import MonthlyQuerySchema
from webapp.security import roles_required
from webapp.services.daily_status import RECAP_COLUMNS
from webapp.services.exports import monthly_csv, monthly_workbook
from webapp.services.letterhead import load_letterhead
from webapp.services.monthly_recap import (
    MonthlyRecap,
    find_official,
    load_monthly,
    load_official_month,
    recap_units,
)
from webapp.vocabulary import WEEKDAYS

PAGE_SIZE = 100


def _month(params: dict) -> date:
    return (date.fromisoformat(params["month"] + "-01") if "month" in params
            else local_now().date().replace(day=1))


def _chosen() -> tuple[list, str | None, date, int]:
    params = query(MonthlyQuerySchema())
    units = recap_units(current_user)
    codes = [u.code for u in units]
    code = params.get("unit") or (codes[0] if codes else None)
    if code is not None and code not in codes:
        abort(404)
    return units, code, _month(params), params["page"]


def _recap() -> MonthlyRecap:
    _, code, month, _ = _chosen()
    recap = load_monthly(code, month.year, month.month, now()) if code else None
    if recap is None:
        abort(404)
    return recap


def _filename(recap: MonthlyRecap, extension: str) -> str:
    return f"rekap-bulanan-{recap.unit.code.lower()}-{recap.month:%Y-%m}.{extension}"


@bp.get("/review/monthly")
@roles_required("reviewer", "supervisor")
def review_monthly():
    units, code, month, page = _chosen()
    recap = load_monthly(code, month.year, month.month, now()) if code else None
    rows, page, pages = page_of(recap.rows if recap else [], page, PAGE_SIZE)
    return render("review/monthly.html", units=units, recap=recap, month=month,
                  month_name=f"{MONTHS[month.month - 1]} {month.year}", columns=RECAP_COLUMNS,
                  rows=rows, page=page, pages=pages, first=(page - 1) * PAGE_SIZE,
                  page_url=lambda n: url_for("pages.review_monthly", unit=code,
                                             month=f"{month:%Y-%m}", page=n))


@bp.get("/review/monthly/export.xlsx")
@roles_required("reviewer", "supervisor")
def review_monthly_xlsx():
    recap = _recap()
    return download(monthly_workbook(recap, local_now()), _filename(recap, "xlsx"), XLSX)


@bp.get("/review/monthly/export.csv")
@roles_required("reviewer", "supervisor")
def review_monthly_csv():
    recap = _recap()
    return download(monthly_csv(recap), _filename(recap, "csv"), CSV)


@bp.get("/review/monthly/print")
@roles_required("reviewer", "supervisor")
def review_monthly_print():
    recap = _recap()
    return render("review/monthly_print.html", recap=recap, columns=RECAP_COLUMNS,
                  month_name=f"{MONTHS[recap.month.month - 1]} {recap.month.year}",
                  letterhead=load_letterhead(current_app.config),
                  printed=local_now(recap.unit.timezone))


@bp.get("/review/monthly/official/<username>")
@roles_required("reviewer", "supervisor")
def review_monthly_official(username: str):
    """One official's month day by day: what a dispute over their allowance is settled on."""
    month = _month(query(MonthlyQuerySchema()))
    found = find_official(username, recap_units(current_user))
    if found is None:
        abort(404)
    own = load_official_month(*found, month.year, month.month, now())
    return render("review/monthly_official.html", own=own, columns=RECAP_COLUMNS,
                  weekdays=WEEKDAYS, month_name=f"{MONTHS[month.month - 1]} {month.year}")
