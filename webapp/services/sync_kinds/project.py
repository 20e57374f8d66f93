"""`project` entries: the owner registers a change project or edits its plan.

A new project (unknown `project_id`) needs a title and its office; its owner is the sender and
its mentor the sender's supervisor. An edit of a known project comes from its owner only and
carries `base`, the values the owner saw of each field it changes; fields it does not carry
stay as they are. A field whose stored value changed after its base (another phone, a stale
page) keeps the stored value; the edit's value is kept as a ProjectConflict and the entry is
answered `conflict`. Milestones are edited by id the same way, field by field; a listed
milestone the server does not know is added. Every change is audited.
"""

from datetime import date

from webapp.extensions import db
from webapp.models import (
    Program,
    ProgramParticipant,
    Project,
    ProjectConflict,
    ProjectMilestone,
    SyncEntry,
    Unit,
)
from webapp.schemas.projects import ProjectDataSchema
from webapp.services import audit, projects
from webapp.services.project_rules import TERBUKA, overrides_newer
from webapp.services.sync_kinds import Conflicted, Entry, Rejected, SyncContext, register

FIELDS = ("title", "problem", "goal", "indicator", "unit_id", "program_id", "launched_on")
MILESTONE_FIELDS = ("stage", "title", "output", "due_date")
NEEDS_BASE = "Perubahan proyek perlu nilai yang Anda lihat (base) untuk: {fields}."
UNKNOWN_UNIT = "Unit kerja tidak dikenal."
UNKNOWN_PROGRAM = "Program tidak dikenal."
NOT_LEADERSHIP = "Program ini bukan pelatihan kepemimpinan."
NOT_ENROLLED = "Anda tidak terdaftar di program ini."
NEW_MILESTONE = "Tahapan baru perlu tahap dan judul."
NEW_PROJECT = "Proyek baru perlu judul dan unit kerja."


def _json(value):
    return value.isoformat() if isinstance(value, date) else value


class ProjectHandler:
    kind = "project"
    schema = ProjectDataSchema()

    def judge(self, ctx: SyncContext, entries: list[Entry]) -> list:
        known = projects.load(e.data["project_id"] for e in entries)
        stored_milestones = projects.milestones_of(
            m["id"] for e in entries for m in e.data.get("milestones", []))
        unit_ids = {e.data["unit_id"] for e in entries if "unit_id" in e.data}
        units = set(db.session.scalars(db.select(Unit.id).where(Unit.id.in_(unit_ids)))
                    ) if unit_ids else set()
        program_ids = {e.data["program_id"] for e in entries if e.data.get("program_id")}
        programs = {p.id: p for p in db.session.scalars(
            db.select(Program).where(Program.id.in_(program_ids)))} if program_ids else {}
        enrolled = set(db.session.scalars(db.select(ProgramParticipant.program_id).where(
            ProgramParticipant.user_id == ctx.user.id,
            ProgramParticipant.program_id.in_(program_ids)))) if program_ids else set()
        new_in_batch: set[str] = set()
        milestone_owner = {mid: m.project_id for mid, m in stored_milestones.items()}
        verdicts = []
        for entry in entries:
            data, pid = entry.data, str(entry.data["project_id"])
            project = known.get(pid)
            problems = {}
            if project is not None and not projects.is_owner(ctx.user, project):
                verdicts.append(Rejected({"project_id": projects.NOT_YOURS}))
                continue
            is_new = project is None and pid not in new_in_batch
            if is_new and not (data.get("title") and data.get("unit_id")):
                problems["title"] = NEW_PROJECT
            if not is_new:
                problems.update(self._base_problems(data))
            if "unit_id" in data and data["unit_id"] not in units:
                problems["unit_id"] = UNKNOWN_UNIT
            if data.get("program_id") is not None:
                program = programs.get(data["program_id"])
                if program is None:
                    problems["program_id"] = UNKNOWN_PROGRAM
                elif program.kind != "leadership_training":
                    problems["program_id"] = NOT_LEADERSHIP
                elif program.id not in enrolled:
                    problems["program_id"] = NOT_ENROLLED
            for milestone in data.get("milestones", []):
                mid = str(milestone["id"])
                if milestone_owner.get(mid, pid) != pid:
                    problems["milestones"] = projects.MILESTONE_ELSEWHERE
                elif mid not in milestone_owner and not (milestone.get("stage")
                                                         and milestone.get("title")):
                    problems["milestones"] = NEW_MILESTONE
            if problems:
                verdicts.append(Rejected(problems))
                continue
            if is_new:
                new_in_batch.add(pid)
            for milestone in data.get("milestones", []):
                milestone_owner[str(milestone["id"])] = pid
            verdicts.append({"new": is_new})
        return verdicts

    @staticmethod
    def _base_problems(data: dict) -> dict:
        base = data.get("base") or {}
        missing = [f for f in FIELDS if f in data and f not in base]
        if data.get("milestones") and "milestones" not in base:
            missing.append("milestones")
        return {"base": NEEDS_BASE.format(fields=", ".join(missing))} if missing else {}

    def write(self, ctx: SyncContext, planned: list[tuple[Entry, dict]]) -> list[dict]:
        results = []
        for entry, plan in planned:
            pid = str(entry.data["project_id"])
            if plan["new"]:
                project = self._create(ctx, entry, pid)
                kept = False
            else:
                project = projects.load([pid])[pid]
                kept = self._edit(ctx, entry, project)
            record = projects.entry_record(self.kind, entry.id, project, ctx.received_at)
            results.append(Conflicted(record) if kept else record)
        return results

    def _create(self, ctx: SyncContext, entry: Entry, pid: str) -> Project:
        data = entry.data
        project = Project(id=pid, owner_id=ctx.user.id, mentor_id=ctx.user.supervisor_id,
                          created_at=ctx.received_at, updated_at=ctx.received_at,
                          **{f: data.get(f) for f in ("unit_id", "program_id", "launched_on")},
                          **{f: data.get(f, "") for f in ("title", "problem", "goal",
                                                          "indicator")})
        db.session.add(project)
        db.session.flush()
        for position, milestone in enumerate(data.get("milestones", [])):
            db.session.add(self._milestone(pid, position, milestone))
        db.session.flush()
        db.session.refresh(project)
        audit.record(ctx.user.id, "project.create", "project", pid, None,
                     {**projects.snapshot(project), "entry_id": entry.id})
        return project

    @staticmethod
    def _milestone(pid: str, position: int, data: dict) -> ProjectMilestone:
        return ProjectMilestone(id=str(data["id"]), project_id=pid, position=position,
                                stage=data["stage"], title=data["title"],
                                output=data.get("output", ""), due_date=data.get("due_date"),
                                state=TERBUKA)

    def _edit(self, ctx: SyncContext, entry: Entry, project: Project) -> bool:
        """Apply each field unless it changed after its base; True if any was kept aside."""
        data, base = entry.data, entry.data["base"] or {}
        before = projects.snapshot(project)
        kept = []
        changes = [(f, project, f, data[f], base.get(f)) for f in FIELDS if f in data]
        seen_milestones = {str(m["id"]): m for m in base.get("milestones", [])}
        existing = {m.id: m for m in project.milestones}
        for milestone in data.get("milestones", []):
            mid = str(milestone["id"])
            if mid not in existing:
                db.session.add(self._milestone(project.id, len(existing), milestone))
                existing[mid] = None
                continue
            row, seen = existing[mid], seen_milestones.get(mid, {})
            changes += [(f"milestones.{mid}.{f}", row, f, milestone[f], seen.get(f))
                        for f in MILESTONE_FIELDS if f in milestone]
        for name, row, attribute, wanted, seen in changes:
            stored = getattr(row, attribute)
            if overrides_newer(stored, seen, wanted):
                kept.append(ProjectConflict(
                    entry_id=entry.id, project_id=project.id, field=name, value=_json(wanted),
                    stored=_json(stored), base=_json(seen), received_at=ctx.received_at))
                continue
            setattr(row, attribute, wanted)
            # A fresh edit of a field settles what was kept aside for it.
            db.session.execute(db.update(ProjectConflict).where(
                ProjectConflict.project_id == project.id, ProjectConflict.field == name,
                ProjectConflict.resolved_at.is_(None)).values(resolved_at=ctx.received_at))
        db.session.add_all(kept)
        project.updated_at = ctx.received_at
        db.session.flush()
        db.session.refresh(project)
        after = projects.snapshot(project)
        if after != before:
            audit.record(ctx.user.id, "project.edit", "project", project.id, before,
                         {**after, "entry_id": entry.id})
        if kept:
            audit.record(ctx.user.id, "project.edit_conflict", "project", project.id, None,
                         {"entry_id": entry.id, "kept": [
                             {"field": c.field, "value": c.value, "stored": c.stored,
                              "base": c.base} for c in kept]})
        return bool(kept)

    def records(self, ctx: SyncContext, entry_ids: list[str]) -> dict[str, dict]:
        receipts = list(db.session.scalars(db.select(SyncEntry).where(
            SyncEntry.id.in_(entry_ids))))
        known = projects.load(r.payload["data"]["project_id"] for r in receipts)
        return {r.id: projects.entry_record(self.kind, r.id, known[str(
            r.payload["data"]["project_id"]).lower()], ctx.received_at)
            for r in receipts if str(r.payload["data"]["project_id"]).lower() in known}


register(ProjectHandler())
