"""Change projects in the database: who may do what, loading, snapshots for the audit trail,
records for phones. The rules themselves are in `webapp.services.project_rules`.

Who may act:
- the owner (the participant who registered it) edits the plan, reports progress and usage;
- the mentor (by default the owner's supervisor) and any reviewer decide milestones and
  classify the project;
- the owner, the mentor or a reviewer record that it stopped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.orm import joinedload, selectinload

from webapp.extensions import db
from webapp.models import (
    Program,
    ProgramParticipant,
    Project,
    ProjectConflict,
    ProjectMilestone,
    ProjectReport,
    ProjectReview,
    Unit,
    User,
)
from webapp.schemas.projects import ProjectRecordSchema
from webapp.services import project_rules as rules
from webapp.services.localtime import local_date

NOT_YOURS = "Proyek tidak ditemukan, atau bukan milik Anda."
NOT_YOUR_MENTEE = "Proyek tidak ditemukan, atau bukan wewenang Anda."
MILESTONE_ELSEWHERE = "Tahapan ini tidak ada di proyek ini."
STOPPED = "Proyek ini sudah dicatat berhenti."
_record_schema = ProjectRecordSchema()


def is_owner(user: User, project: Project) -> bool:
    return project.owner_id == user.id


def has_projects_page(user: User) -> bool:
    """Whether the top bar links a participant's /projects: they own a change project or take
    part in a leadership training (where one is due). One statement."""
    owns = db.select(Project.id).where(Project.owner_id == user.id).exists()
    trains = (db.select(ProgramParticipant.user_id)
              .join(Program, Program.id == ProgramParticipant.program_id)
              .where(ProgramParticipant.user_id == user.id,
                     Program.kind == "leadership_training").exists())
    return bool(db.session.scalar(db.select(owns | trains)))


def is_mentor(user: User, project: Project) -> bool:
    return user.has_role("supervisor") and project.mentor_id == user.id != project.owner_id


def can_review(user: User, project: Project) -> bool:
    return user.has_role("reviewer") or is_mentor(user, project)


def can_stop(user: User, project: Project) -> bool:
    return is_owner(user, project) or can_review(user, project)


def can_see(user: User, project: Project) -> bool:
    return can_stop(user, project)


def load(ids: Iterable) -> dict[str, Project]:
    ids = {str(i) for i in ids}
    if not ids:
        return {}
    return {p.id: p for p in db.session.scalars(db.select(Project).where(Project.id.in_(ids))
                                                .options(selectinload(Project.milestones),
                                                         selectinload(Project.stop),
                                                         joinedload(Project.unit),
                                                         joinedload(Project.owner)))}


def milestones_of(ids: Iterable) -> dict[str, ProjectMilestone]:
    ids = {str(i) for i in ids}
    if not ids:
        return {}
    return {m.id: m for m in db.session.scalars(
        db.select(ProjectMilestone).where(ProjectMilestone.id.in_(ids)))}


class MilestoneTargets:
    """The projects and milestones a batch of reports or reviews names, each read once. `states`
    follows the batch as it is judged: a claim or verdict earlier in it counts for the next."""

    def __init__(self, entries):
        self.projects = load(e.data["project_id"] for e in entries)
        self.milestones = milestones_of(
            e.data["milestone_id"] for e in entries if e.data["milestone_id"])
        self.states = {mid: m.state for mid, m in self.milestones.items()}

    def project(self, data: dict) -> Project | None:
        return self.projects.get(str(data["project_id"]))

    def milestone_problem(self, mid: str, project: Project) -> str | None:
        """Why the named milestone cannot be used on this project; None when it can."""
        milestone = self.milestones.get(mid)
        return MILESTONE_ELSEWHERE if milestone is None or milestone.project_id != project.id \
            else None


def milestone_id(data: dict) -> str | None:
    return str(data["milestone_id"]) if data["milestone_id"] else None


def snapshot(project: Project) -> dict:
    return {"owner_id": project.owner_id, "mentor_id": project.mentor_id,
            "program_id": project.program_id, "unit_id": project.unit_id,
            "title": project.title, "problem": project.problem, "goal": project.goal,
            "indicator": project.indicator,
            "launched_on": project.launched_on.isoformat() if project.launched_on else None,
            "classification": project.classification,
            "milestones": [milestone_snapshot(m) for m in project.milestones]}


def milestone_snapshot(milestone: ProjectMilestone) -> dict:
    return {"id": milestone.id, "stage": milestone.stage, "title": milestone.title,
            "output": milestone.output,
            "due_date": milestone.due_date.isoformat() if milestone.due_date else None,
            "state": milestone.state}


def usage_maps(project_ids: Iterable[str]) -> dict[str, dict[rules.Month, int]]:
    """Each project's usage by month, the last report of a month counting."""
    reports: dict[str, list[rules.UsageReport]] = defaultdict(list)
    ids = list(project_ids)
    if ids:
        for row in db.session.execute(
                db.select(ProjectReport.project_id, ProjectReport.period, ProjectReport.usage,
                          ProjectReport.created_at, ProjectReport.id)
                .where(ProjectReport.project_id.in_(ids), ProjectReport.period.is_not(None))):
            reports[row.project_id].append(rules.UsageReport(
                rules.parse_period(row.period), row.usage, row.created_at, row.id))
    return {pid: rules.usage_by_month(reports[pid]) for pid in ids}


def open_conflicts(project_ids: Iterable[str]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = defaultdict(list)
    ids = list(project_ids)
    if ids:
        for c in db.session.scalars(db.select(ProjectConflict).where(
                ProjectConflict.project_id.in_(ids), ProjectConflict.resolved_at.is_(None))
                .order_by(ProjectConflict.id)):
            found[c.project_id].append({"id": c.id, "field": c.field, "value": c.value,
                                        "stored": c.stored, "base": c.base,
                                        "entry_id": c.entry_id})
    return found


def latest_by_milestone(project_ids: Iterable[str]) -> tuple[dict[str, dict], dict[str, dict]]:
    """Each milestone's latest progress report and latest verdict, as the owner's and the
    mentor's phones show them (the note and photo the mentor judges; the comment and budget
    note the owner reads). Two statements whatever the number of projects."""
    reports: dict[str, dict] = {}
    reviews: dict[str, dict] = {}
    ids = list(project_ids)
    if not ids:
        return reports, reviews
    for r in db.session.scalars(db.select(ProjectReport).where(
            ProjectReport.project_id.in_(ids), ProjectReport.milestone_id.is_not(None))
            .order_by(ProjectReport.created_at, ProjectReport.id)):
        reports[r.milestone_id] = {"note": r.note, "photo_id": r.photo_id, "done": r.done,
                                   "by_id": r.by_id, "at": r.created_at.isoformat()}
    for r in db.session.scalars(db.select(ProjectReview).where(
            ProjectReview.project_id.in_(ids), ProjectReview.verdict.is_not(None))
            .order_by(ProjectReview.created_at, ProjectReview.id)):
        reviews[r.milestone_id] = {"verdict": r.verdict, "comment": r.comment,
                                   "budget_note": r.budget_note, "by_id": r.by_id,
                                   "at": r.created_at.isoformat()}
    return reports, reviews


def records(projects: list[Project], now: datetime) -> list[dict]:
    """Projects as phones see them (to dump with ProjectRecordSchema): fields, life state at
    `now`, usage by month, milestones with their overdue flag and latest report and verdict, open
    edit conflicts. A fixed
    number of statements whatever the number of projects."""
    db.session.flush()
    ids = [p.id for p in projects]
    usage, conflicts = usage_maps(ids), open_conflicts(ids)
    reports, reviews = latest_by_milestone(ids)
    out = []
    for project in projects:
        tz_name = project.unit.timezone
        stop = project.stop
        today = local_date(now, tz_name)
        out.append({
            **{k: getattr(project, k) for k in (
                "id", "owner_id", "mentor_id", "program_id", "unit_id", "title", "problem",
                "goal", "indicator", "launched_on", "classification")},
            "owner_name": project.owner.full_name,
            "state": rules.life_state(project.launched_on, stop.stopped_at if stop else None,
                                      usage[project.id], now, tz_name),
            "usage": {rules.format_period(m): n for m, n in sorted(usage[project.id].items())},
            "missing_usage": [rules.format_period(m) for m in rules.missing_usage(
                project.launched_on, stop.stopped_at if stop else None, usage[project.id],
                now, tz_name)],
            "stop": {"reason": stop.reason, "note": stop.note, "by_id": stop.by_id,
                     "stopped_at": stop.stopped_at.isoformat()} if stop else None,
            "milestones": [{**{k: getattr(m, k) for k in (
                "id", "stage", "title", "output", "due_date", "state")},
                "overdue": rules.is_overdue(m.due_date, m.state, today),
                "report": reports.get(m.id), "review": reviews.get(m.id)}
                for m in project.milestones],
            "conflicts": conflicts[project.id],
        })
    return out


def entry_record(kind: str, entry_id: str, project: Project, now: datetime) -> dict:
    """The record of a report, review or stop entry: its project as it is after it."""
    return {"kind": kind, "id": entry_id,
            "project": _record_schema.dump(records([project], now)[0])}


def stored_entry_records(kind: str, model, entry_ids: list[str], now: datetime) -> dict:
    rows = list(db.session.execute(db.select(model.entry_id, model.project_id)
                                   .where(model.entry_id.in_(entry_ids))))
    projects = load(pid for _, pid in rows)
    return {entry_id: entry_record(kind, entry_id, projects[pid], now) for entry_id, pid in rows}


def visible(user: User, now: datetime, unit: str | None = None, program: int | None = None,
            state: str | None = None, mine_only: bool = False) -> list[dict]:
    """Own projects; a supervisor's also those they mentor; a reviewer's all (unless
    `mine_only`: a reviewer's phone keeps offline only what they own or mentor). Filters
    narrow what the user sees: `unit` (a unit code), `program` (an id), `state` (a life
    state, which is computed, so filtered after loading)."""
    statement = db.select(Project.id)
    if mine_only or not user.has_role("reviewer"):
        statement = statement.where((Project.owner_id == user.id) | (Project.mentor_id == user.id))
    if unit is not None:
        statement = statement.join(Unit, Project.unit_id == Unit.id).where(Unit.code == unit)
    if program is not None:
        statement = statement.where(Project.program_id == program)
    known = load(db.session.scalars(statement))
    ordered = sorted(known.values(), key=lambda p: (p.created_at, p.id))
    return [r for r in records(ordered, now) if state is None or r["state"] == state]


def mentors_evidence(user: User, photo_id: str, photo_owner_id: int) -> bool:
    """Whether `user` mentors a project whose owner reported with this photo as evidence. The
    reporter must be the photo's uploader, so naming another's photo id reveals nothing."""
    return db.session.scalar(db.select(ProjectReport.id).join(
        Project, ProjectReport.project_id == Project.id).where(
        ProjectReport.photo_id == photo_id, ProjectReport.by_id == photo_owner_id,
        Project.mentor_id == user.id).limit(1)) is not None
