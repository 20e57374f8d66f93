"""Change projects for BKPSDM: the overview per programme (cohort) and OPD, one project's
whole history, the XLSX export and the A4 print for the Bupati."""

from flask import abort, current_app, url_for

from webapp.pages import bp
from webapp.pages.review.common import (
    XLSX,
    download,
    local_now,
    now,
    page_of,
    query,
    render,
    slug,
)
from webapp.schemas.review import ProjectsQuerySchema
from webapp.security import roles_required
from webapp.services.charts import survival_chart, zone_bars
from webapp.services.exports import projects_workbook
from webapp.services.letterhead import load_letterhead
from webapp.services.localtime import local_datetime
from webapp.services.project_history import load_history
from webapp.services.project_review import (
    MILESTONE_COLUMNS,
    SURVIVAL_SHOWN,
    UNCLASSIFIED,
    UNCLASSIFIED_LABEL,
    ProjectsReview,
    load_cohorts,
    load_review,
    load_units,
    project_zone_label,
    zone_counts,
)
from webapp.services.project_rules import MIN_DRAWN, drawn_shares
from webapp.vocabulary import LIFE_STATES

PAGE_SIZE = 100
OVERDUE_SHOWN = 20  # the longest overdue; ?overdue=all lists every one (the XLSX always does)


def _chosen() -> tuple[dict, list, ProjectsReview]:
    """The query's filters, the cohorts to choose from and the review they select; a
    programme that is not a leadership training is 404."""
    params = query(ProjectsQuerySchema())
    cohorts = load_cohorts()
    program = params.get("program")
    if program is not None and program not in {c.id for c in cohorts}:
        abort(404)
    return params, cohorts, load_review(program, params.get("unit"), now(), cohorts)


def _context(params: dict, cohorts: list, review: ProjectsReview) -> dict:
    filters = {k: params[k] for k in ("program", "unit") if k in params}
    chosen = next((c for c in cohorts if c.id == params.get("program")), None)
    units = dict(load_units())
    return {"r": review, "params": params, "filters": filters, "cohorts": cohorts,
            "units": units, "program": chosen, "unit_name": units.get(params.get("unit")),
            "columns": MILESTONE_COLUMNS, "shown_months": SURVIVAL_SHOWN,
            "unclassified": UNCLASSIFIED, "unclassified_label": UNCLASSIFIED_LABEL,
            "zone_counts": zone_counts, "project_zone_label": project_zone_label}


@bp.get("/review/projects")
@roles_required("reviewer")
def review_projects():
    params, cohorts, review = _chosen()
    rows = [r for r in review.rows if params.get("state") in (None, r.state)]
    shown, page, pages = page_of(rows, params["page"], PAGE_SIZE)
    context = _context(params, cohorts, review)
    charts = {
        "states": zone_bars([(s, LIFE_STATES.labels[s], review.states[s]) for s in LIFE_STATES],
                            kind="life", label="Jumlah proyek per status"),
        "survival": survival_chart([(v.cohort.name, drawn_shares(v.survival))
                                    for v in review.cohorts]),
    }
    overdue = review.overdue if "overdue" in params else review.overdue[:OVERDUE_SHOWN]
    return render("review/projects.html", **context, charts=charts, rows=shown, page=page,
                  min_drawn=MIN_DRAWN,
                  overdue=overdue,
                  pages=pages, matched=len(rows), first=(page - 1) * PAGE_SIZE,
                  page_url=lambda n: url_for("pages.review_projects", **context["filters"],
                                             **({"state": params["state"]}
                                                if "state" in params else {}), page=n))


@bp.get("/review/projects/<uuid:project_id>")
@roles_required("reviewer")
def review_project(project_id):
    history = load_history(str(project_id), now())
    if history is None:
        abort(404)
    tz_name = history.project.unit.timezone
    return render("review/project.html", h=history, p=history.project,
                  local=lambda at: local_datetime(at, tz_name))


@bp.get("/review/projects/export.xlsx")
@roles_required("reviewer")
def review_projects_xlsx():
    params, cohorts, review = _chosen()
    program = next((c for c in cohorts if c.id == params.get("program")), None)
    unit_name = dict(load_units()).get(params.get("unit"))
    at = local_now()
    return download(projects_workbook(review, program.name if program else "Semua program",
                                      unit_name or "Semua OPD", at),
                    f"proyek-perubahan-{slug(program.name if program else 'semua')}"
                    f"-{at:%Y%m%d}.xlsx", XLSX)


@bp.get("/review/projects/print")
@roles_required("reviewer")
def review_projects_print():
    params, cohorts, review = _chosen()
    return render("review/projects_print.html", **_context(params, cohorts, review),
                  overdue=review.overdue[:OVERDUE_SHOWN],
                  printed=local_now(), letterhead=load_letterhead(current_app.config))
