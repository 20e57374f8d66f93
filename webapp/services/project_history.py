"""One change project's whole record, as BKPSDM keeps it for evidence ("bukti dukung" of the
regional innovation index): the plan, each milestone with its reports (notes, evidence photos,
claims) and the mentor's verdicts in time order, the usage of every month since launch (with
the counts a later report replaced), the classification and the stop."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import selectinload

from webapp.extensions import db
from webapp.models import Program, Project, ProjectMilestone, ProjectReport, ProjectReview, User
from webapp.services import project_rules as rules
from webapp.services.localtime import local_date


@dataclass(frozen=True)
class Event:
    """A report (progress, a claim) or a review, as the record lists it."""

    at: datetime
    by: str  # the writer's name
    report: ProjectReport | None = None
    review: ProjectReview | None = None


@dataclass(frozen=True)
class MilestoneRecord:
    milestone: ProjectMilestone
    overdue: bool
    events: list[Event]


@dataclass(frozen=True)
class UsageMonth:
    month: rules.Month
    usage: int | None  # None: never reported
    replaced: list[int]  # earlier counts of the month, oldest first
    reported_at: datetime | None
    current: bool  # the month in progress: not due yet


@dataclass(frozen=True)
class ProjectHistory:
    project: Project
    program_name: str | None
    state: str
    milestones: list[MilestoneRecord]
    events: list[Event]  # not tied to a milestone: general progress, classification
    usage: list[UsageMonth]  # launch month to the last month reported or complete
    photos: list[str]  # every evidence photo, in the order reported
    stopped_by: str | None


def load_history(project_id: str, now: datetime) -> ProjectHistory | None:
    project = db.session.scalar(db.select(Project).where(Project.id == project_id).options(
        selectinload(Project.milestones), selectinload(Project.stop),
        selectinload(Project.unit), selectinload(Project.owner), selectinload(Project.mentor)))
    if project is None:
        return None
    program_name = db.session.scalar(db.select(Program.name).where(
        Program.id == project.program_id)) if project.program_id else None
    reports = list(db.session.scalars(db.select(ProjectReport).where(
        ProjectReport.project_id == project.id).order_by(ProjectReport.created_at,
                                                         ProjectReport.id)))
    reviews = list(db.session.scalars(db.select(ProjectReview).where(
        ProjectReview.project_id == project.id).order_by(ProjectReview.created_at,
                                                         ProjectReview.id)))
    writers = {r.by_id for r in (*reports, *reviews)}
    if project.stop:
        writers.add(project.stop.by_id)
    names = dict(db.session.execute(db.select(User.id, User.full_name)
                                    .where(User.id.in_(writers))).all()) if writers else {}
    tz_name = project.unit.timezone
    stopped_at = project.stop.stopped_at if project.stop else None

    by_milestone: dict[str | None, list[Event]] = defaultdict(list)
    usage_reports = []
    for report in reports:
        if report.period is not None:
            usage_reports.append(report)
        else:
            by_milestone[report.milestone_id].append(
                Event(report.created_at, names.get(report.by_id, ""), report=report))
    for review in reviews:
        by_milestone[review.milestone_id].append(
            Event(review.created_at, names.get(review.by_id, ""), review=review))
    for events in by_milestone.values():
        events.sort(key=lambda e: e.at)

    today = local_date(now, tz_name)
    usage = rules.usage_by_month(rules.UsageReport(rules.parse_period(r.period), r.usage,
                                                   r.created_at, r.id) for r in usage_reports)
    return ProjectHistory(
        project=project, program_name=program_name,
        state=rules.life_state(project.launched_on, stopped_at, usage, now, tz_name),
        milestones=[MilestoneRecord(m, rules.is_overdue(m.due_date, m.state, today),
                                    by_milestone.get(m.id, [])) for m in project.milestones],
        events=by_milestone.get(None, []),
        usage=usage_months(project, usage_reports, now),
        photos=[r.photo_id for r in reports if r.photo_id],
        stopped_by=names.get(project.stop.by_id) if project.stop else None)


def usage_months(project: Project, reports: list[ProjectReport],
                 now: datetime) -> list[UsageMonth]:
    """Every month from the launch month to the current one (or the stop's), newest first,
    with its counting report (the last one) and the counts it replaced. Reports arrive in
    the order they were stored."""
    if project.launched_on is None:
        return []
    tz_name = project.unit.timezone
    current = last = rules.month_of(now, tz_name)
    if project.stop is not None:
        last = min(last, rules.month_of(project.stop.stopped_at, tz_name))
    by_month: dict[rules.Month, list[ProjectReport]] = defaultdict(list)
    for report in reports:
        by_month[rules.parse_period(report.period)].append(report)
    months = []
    month = (project.launched_on.year, project.launched_on.month)
    while rules.months_between(month, last) >= 0:
        found = by_month.get(month, [])
        months.append(UsageMonth(month, found[-1].usage if found else None,
                                 [r.usage for r in found[:-1]],
                                 found[-1].created_at if found else None, month == current))
        month = rules.add_months(month, 1)
    return months[::-1]
