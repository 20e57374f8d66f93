"""BKPSDM's view of change projects, per programme (cohort) and per OPD: life states,
milestones per stage, the overdue list, classifications, survival after launch, reasons for
stopping and OPD zones on the share still alive. The rules are in
`webapp.services.project_rules`; this module loads what they need in a fixed number of
statements (plain column tuples, as `webapp.services.dashboard` does) and counts.

Definitions the page, the export and the print share:
- a milestone is `selesai` when accepted, `terlambat` when overdue (rules.is_overdue), else
  `belum jatuh tempo`; the three add up to the stage's milestones;
- an OPD's share still alive is, of its launched projects (not `rencana`), those `hidup` or
  `melemah` (used in at least one of the last two complete months); its zone follows the
  programme's thresholds (completion.zone), `belum` while nothing is launched;
- survival at month m is rules.survival, per cohort, over months 0 to SURVIVAL_MONTHS.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from webapp.extensions import db
from webapp.models import (
    Program,
    Project,
    ProjectMilestone,
    ProjectReport,
    ProjectStop,
    Unit,
    User,
)
from webapp.services import project_rules as rules
from webapp.services.completion import Thresholds, percent_of, zone
from webapp.services.localtime import local_date
from webapp.vocabulary import (
    BELUM,
    CLASSIFICATIONS,
    LIFE_STATES,
    MILESTONE_PROGRESS,
    STAGES,
    STOP_REASONS,
    ZONES,
)

LEADERSHIP = "leadership_training"
SURVIVAL_MONTHS = 12
SURVIVAL_SHOWN = (3, 6, 12)  # the months the tables name
ALIVE = (rules.HIDUP, rules.MELEMAH)
UNCLASSIFIED = "belum"
UNCLASSIFIED_LABEL = "Belum diklasifikasi"
NOT_LAUNCHED = "Belum diluncurkan"  # an OPD's zone while none of its projects is launched
NO_PROGRAM = "Tanpa program"

SELESAI, BELUM_JATUH_TEMPO, TERLAMBAT = MILESTONE_PROGRESS.values
MILESTONE_COLUMNS = MILESTONE_PROGRESS.labels


@dataclass(frozen=True)
class Cohort:
    id: int | None  # None: projects registered without a programme
    name: str
    start_date: date | None
    end_date: date | None
    thresholds: Thresholds


class ProjectInfo(NamedTuple):
    """One project's columns, as loaded."""

    id: str
    title: str
    owner_name: str
    owner_nip: str | None
    unit_code: str
    unit_name: str
    timezone: str
    program_id: int | None
    launched_on: date | None
    classification: str | None
    stop_reason: str | None
    stopped_at: datetime | None


class MilestoneInfo(NamedTuple):
    project_id: str
    stage: str
    title: str
    due_date: date | None
    state: str


class ProjectRow(NamedTuple):
    info: ProjectInfo
    state: str
    usage: Mapping[rules.Month, int]
    milestones_done: int
    milestones: int
    overdue: int


class OverdueItem(NamedTuple):
    project_id: str
    title: str
    owner_name: str
    unit_name: str
    stage: str
    milestone: str
    due_date: date
    days: int
    state: str


@dataclass(frozen=True)
class UnitZone:
    code: str
    name: str
    projects: int
    launched: int
    alive: int
    percent: float | None
    zone: str


@dataclass(frozen=True)
class CohortView:
    cohort: Cohort
    projects: int
    survival: list[rules.Survival]  # months 0..SURVIVAL_MONTHS
    units: list[UnitZone]  # by name

    def at(self, month: int) -> rules.Survival:
        return self.survival[month]


@dataclass(frozen=True)
class ProjectsReview:
    cohorts: list[CohortView]  # the cohorts shown, oldest first
    rows: list[ProjectRow]  # by title
    states: dict[str, int]
    stages: dict[str, dict[str, int]]  # stage -> MILESTONE_COLUMNS key -> count
    overdue: list[OverdueItem]  # most days overdue first
    classifications: dict[str, int]  # CLASSIFICATIONS and UNCLASSIFIED
    stop_reasons: dict[str, int]
    months: list[rules.Month]  # every month with usage reported, oldest first


# --- counting (pure) --------------------------------------------------------------------------


def review_from_rows(cohorts: Sequence[Cohort], projects: Iterable[ProjectInfo],
                     milestones: Iterable[MilestoneInfo],
                     usage: Mapping[str, Mapping[rules.Month, int]],
                     now: datetime) -> ProjectsReview:
    """Everything the page shows, from loaded rows, at instant `now`."""
    projects = sorted(projects, key=lambda p: (p.title.casefold(), p.id))
    by_project: dict[str, list[MilestoneInfo]] = defaultdict(list)
    for m in milestones:
        by_project[m.project_id].append(m)
    stages = {s: dict.fromkeys(MILESTONE_COLUMNS, 0) for s in STAGES}
    overdue: list[OverdueItem] = []
    rows: list[ProjectRow] = []
    today_in: dict[str, date] = {}
    for p in projects:
        today = today_in.get(p.timezone) or today_in.setdefault(
            p.timezone, local_date(now, p.timezone))
        used = usage.get(p.id, {})
        done = late = 0
        for m in by_project[p.id]:
            if m.state == rules.DITERIMA:
                column = SELESAI
                done += 1
            elif rules.is_overdue(m.due_date, m.state, today):
                column = TERLAMBAT
                late += 1
                overdue.append(OverdueItem(p.id, p.title, p.owner_name, p.unit_name, m.stage,
                                           m.title, m.due_date, (today - m.due_date).days,
                                           m.state))
            else:
                column = BELUM_JATUH_TEMPO
            stages[m.stage][column] += 1
        state = rules.life_state(p.launched_on, p.stopped_at, used, now, p.timezone)
        rows.append(ProjectRow(p, state, used, done, len(by_project[p.id]), late))
    overdue.sort(key=lambda o: (-o.days, o.owner_name.casefold(), o.project_id))

    states = Counter(dict.fromkeys(LIFE_STATES, 0))
    states.update(r.state for r in rows)
    classes = Counter(dict.fromkeys((*CLASSIFICATIONS, UNCLASSIFIED), 0))
    classes.update(r.info.classification or UNCLASSIFIED for r in rows)
    reasons = Counter(dict.fromkeys(STOP_REASONS, 0))
    reasons.update(r.info.stop_reason for r in rows if r.info.stop_reason)
    months = sorted({m for r in rows for m in r.usage})
    views = [cohort_view(c, [r for r in rows if r.info.program_id == c.id], now)
             for c in cohorts]
    return ProjectsReview(cohorts=[v for v in views if v.projects], rows=rows,
                          states=dict(states), stages=stages, overdue=overdue,
                          classifications=dict(classes), stop_reasons=dict(reasons),
                          months=months)


def cohort_view(cohort: Cohort, rows: Sequence[ProjectRow], now: datetime) -> CohortView:
    by_zone: dict[str, list[rules.ProjectLife]] = defaultdict(list)
    for r in rows:
        by_zone[r.info.timezone].append(rules.ProjectLife(r.info.launched_on, r.info.stopped_at,
                                                          r.usage))
    curves = [rules.survival_curve(lives, SURVIVAL_MONTHS, now, tz)
              for tz, lives in by_zone.items()]
    survival = [rules.Survival(m, sum(c[m].at_risk for c in curves),
                               sum(c[m].alive for c in curves))
                for m in range(SURVIVAL_MONTHS + 1)]
    return CohortView(cohort, len(rows), survival, unit_zones(rows, cohort.thresholds))


def unit_zones(rows: Iterable[ProjectRow], thresholds: Thresholds) -> list[UnitZone]:
    """Per OPD: launched projects, those still alive, the share and its zone."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in rows:
        groups[(r.info.unit_code, r.info.unit_name)].append(r.state)
    zones = []
    for (code, name), states in groups.items():
        launched = sum(s != rules.RENCANA for s in states)
        alive = sum(s in ALIVE for s in states)
        percent = percent_of(alive, launched)
        zones.append(UnitZone(code, name, len(states), launched, alive, percent,
                              zone(percent, thresholds)))
    return sorted(zones, key=lambda u: u.name.casefold())


def project_zone_label(zone_key: str) -> str:
    return NOT_LAUNCHED if zone_key == BELUM else ZONES.labels[zone_key]


def zone_counts(units: Iterable[UnitZone]) -> dict[str, int]:
    counts = Counter(dict.fromkeys(ZONES, 0))
    counts.update(u.zone for u in units)
    return dict(counts)


# --- loading ----------------------------------------------------------------------------------


def load_cohorts() -> list[Cohort]:
    """Every leadership-training programme, oldest first."""
    rows = db.session.execute(
        db.select(Program.id, Program.name, Program.start_date, Program.end_date,
                  Program.zone_green_pct, Program.zone_yellow_pct)
        .where(Program.kind == LEADERSHIP).order_by(Program.start_date, Program.id))
    return [Cohort(r.id, r.name, r.start_date, r.end_date,
                   Thresholds(green=r.zone_green_pct, yellow=r.zone_yellow_pct)) for r in rows]


def load_units() -> list[tuple[str, str]]:
    """(code, name) of every OPD with a change project, by name: the OPD filter's choices."""
    rows = db.session.execute(
        db.select(Unit.code, Unit.name).where(Unit.id.in_(db.select(Project.unit_id)))
        .order_by(Unit.name))
    return [(r.code, r.name) for r in rows]


def _chosen(statement, program_id: int | None, unit: str | None):
    """`statement` (which selects from project) narrowed to a programme and an OPD code."""
    if program_id is not None:
        statement = statement.where(Project.program_id == program_id)
    if unit is not None:
        statement = statement.where(Project.unit_id.in_(
            db.select(Unit.id).where(Unit.code == unit)))
    return statement


def _rows(statement) -> list:
    """All rows at once through the connection: no ORM result layer for plain columns."""
    return db.session.connection().execute(statement).all()


def load_projects(program_id: int | None, unit: str | None) -> list[ProjectInfo]:
    rows = _rows(_chosen(
        db.select(Project.id, Project.title, User.full_name, User.nip, Unit.code, Unit.name,
                  Unit.timezone, Project.program_id, Project.launched_on,
                  Project.classification, ProjectStop.reason, ProjectStop.stopped_at)
        .join(User, Project.owner_id == User.id).join(Unit, Project.unit_id == Unit.id)
        .outerjoin(ProjectStop, ProjectStop.project_id == Project.id), program_id, unit))
    return [ProjectInfo(*row) for row in rows]


def load_milestones(program_id: int | None, unit: str | None) -> list[MilestoneInfo]:
    rows = _rows(_chosen(
        db.select(ProjectMilestone.project_id, ProjectMilestone.stage, ProjectMilestone.title,
                  ProjectMilestone.due_date, ProjectMilestone.state)
        .join(Project, ProjectMilestone.project_id == Project.id)
        .order_by(ProjectMilestone.project_id, ProjectMilestone.position), program_id, unit))
    return [MilestoneInfo(*row) for row in rows]


def load_usage(program_id: int | None, unit: str | None) -> dict[str, dict[rules.Month, int]]:
    """Each project's usage by month. Reports come by project, then month, then in the order
    they were stored, so a month reported again is overwritten by its later count, as
    rules.usage_by_month decides. (Ordered by project first, PostgreSQL reads them along the
    project_id index and sorts each project's few dozen alone: ordering all of them by time
    spilled a sort of every report to disk.)"""
    rows = _rows(_chosen(
        db.select(ProjectReport.project_id, ProjectReport.period, ProjectReport.usage)
        .join(Project, ProjectReport.project_id == Project.id)
        .where(ProjectReport.period.is_not(None))
        .order_by(ProjectReport.project_id, ProjectReport.period, ProjectReport.created_at,
                  ProjectReport.id), program_id, unit))
    months = {period: rules.parse_period(period) for period in {row[1] for row in rows}}
    return {project_id: {months[period]: count for _, period, count in reports}
            for project_id, reports in groupby(rows, key=itemgetter(0))}


def load_review(program_id: int | None, unit: str | None, now: datetime,
                cohorts: list[Cohort] | None = None) -> ProjectsReview:
    """The review of the chosen programme (None: every one) and OPD code (None: every OPD)."""
    cohorts = load_cohorts() if cohorts is None else cohorts
    if program_id is not None:
        cohorts = [c for c in cohorts if c.id == program_id]
    projects = load_projects(program_id, unit)
    if program_id is None and any(p.program_id is None for p in projects):
        cohorts = [*cohorts, Cohort(None, NO_PROGRAM, None, None, Thresholds())]
    return review_from_rows(cohorts, projects, load_milestones(program_id, unit),
                            load_usage(program_id, unit), now)
