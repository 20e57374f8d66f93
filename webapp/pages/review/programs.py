"""Programme pages: the list, the completion dashboard, its exports and print view, and
sustained use after the programme."""

from flask import abort, current_app, url_for

from webapp.pages import bp
from webapp.pages.review.common import (
    CSV,
    XLSX,
    download,
    local_now,
    now,
    page_of,
    query,
    render,
    slug,
)
from webapp.schemas.review import DashboardQuerySchema
from webapp.security import roles_required
from webapp.services.charts import sparkline, trend_chart, zone_bars
from webapp.services.checkin_review import queue_counts
from webapp.services.dashboard import (
    SORTS,
    Dashboard,
    list_programs,
    load_dashboard,
    select_rows,
)
from webapp.services.exports import program_csv, program_workbook
from webapp.services.letterhead import load_letterhead
from webapp.services.sustained_use import load_sustained
from webapp.vocabulary import ZONES

PAGE_SIZE = 100
ALERTS_SHOWN = 20  # the longest streaks; ?alerts=all lists every one


def _dashboard(program_id: int) -> Dashboard:
    dashboard = load_dashboard(program_id)
    if dashboard is None:
        abort(404)
    return dashboard


@bp.get("/review")
@roles_required("reviewer")
def review_index():
    flagged, conflicts = queue_counts()
    return render("review/index.html", programs=list_programs(), today=local_now().date(),
                  flagged=flagged, conflicts=conflicts)


@bp.get("/review/programs/<int:program_id>")
@roles_required("reviewer")
def review_program(program_id: int):
    dashboard = _dashboard(program_id)
    params = query(DashboardQuerySchema())
    rows = select_rows(dashboard.rows, params.get("zone"), params.get("unit"),
                       params.get("eselon"), params["sort"])
    shown, page, pages = page_of(rows, params["page"], PAGE_SIZE)
    filters = {k: v for k, v in params.items() if k not in ("page", "alerts")}
    alerts = dashboard.alerts if "alerts" in params else dashboard.alerts[:ALERTS_SHOWN]
    thresholds = dashboard.program.thresholds
    charts = {
        "zones": zone_bars([(z, ZONES.labels[z], dashboard.zone_counts[z]) for z in ZONES]),
        "trend": trend_chart([(f"{w.week_start:%d/%m}", w.percent) for w in dashboard.weekly],
                             thresholds.green, thresholds.yellow),
    }
    return render(
        "review/program.html", d=dashboard, rows=shown, alerts=alerts, matched=len(rows), page=page,
        pages=pages, first=(page - 1) * PAGE_SIZE, params=params, sorts=SORTS, zones=ZONES,
        charts=charts, filtered=any(k in params for k in ("zone", "unit", "eselon")),
        page_url=lambda n: url_for("pages.review_program", program_id=program_id,
                                   **filters, page=n))


@bp.get("/review/programs/<int:program_id>/print")
@roles_required("reviewer")
def review_program_print(program_id: int):
    dashboard = _dashboard(program_id)
    return render("review/print.html", d=dashboard,
                  printed=local_now(dashboard.program.timezone),
                  letterhead=load_letterhead(current_app.config))


@bp.get("/review/programs/<int:program_id>/export.xlsx")
@roles_required("reviewer")
def review_program_xlsx(program_id: int):
    dashboard = _dashboard(program_id)
    at = local_now(dashboard.program.timezone)
    return download(program_workbook(dashboard, at),
                    f"rekap-{slug(dashboard.program.name)}-{at:%Y%m%d}.xlsx", XLSX)


@bp.get("/review/programs/<int:program_id>/export.csv")
@roles_required("reviewer")
def review_program_csv(program_id: int):
    dashboard = _dashboard(program_id)
    at = local_now(dashboard.program.timezone)
    return download(program_csv(dashboard),
                    f"rekap-{slug(dashboard.program.name)}-{at:%Y%m%d}.csv", CSV)


@bp.get("/review/programs/<int:program_id>/sustained")
@roles_required("reviewer")
def review_program_sustained(program_id: int):
    usage = load_sustained(program_id, now())
    if usage is None:
        abort(404)
    people = len(usage.rows) or 1
    chart = trend_chart([(f"Mg {w.number}", None if active is None else active / people * 100)
                         for w, active in zip(usage.weeks, usage.active_per_week, strict=True)],
                        label="Peserta yang absen lewat aplikasi per minggu")
    return render("review/sustained.html", s=usage, chart=chart, sparkline=sparkline)
