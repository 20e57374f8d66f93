"""`project_report` entries: the owner reports progress on a milestone (`done: true` claims it
for the mentor) or how much the innovation was used in a month.

Only the owner reports. A claim on an accepted milestone is refused; a returned one may be
claimed again. A month's usage may be reported from the launch month up to the month the phone
wrote it in (the unit's local month), never after the month the project stopped; reporting a
month again replaces its count (the last report counts) and the audit keeps both. The evidence
photo goes through `PUT /api/v1/photos/<uuid>` and may arrive before or after the entry.
"""

from webapp.extensions import db
from webapp.models import ProjectReport
from webapp.schemas.projects import ProjectReportDataSchema
from webapp.services import audit, projects
from webapp.services import project_rules as rules
from webapp.services.sync_kinds import Entry, Rejected, SyncContext, register

NOT_LAUNCHED = "Proyek belum diluncurkan; isi tanggal peluncuran dulu."
BEFORE_LAUNCH = "Bulan ini sebelum peluncuran proyek."
NOT_YET = "Bulan ini belum tiba."
AFTER_STOP = "Proyek sudah berhenti sebelum bulan ini."


class ProjectReportHandler:
    kind = "project_report"
    schema = ProjectReportDataSchema()

    def judge(self, ctx: SyncContext, entries: list[Entry]) -> list:
        targets = projects.MilestoneTargets(entries)
        states = targets.states
        verdicts = []
        for entry in entries:
            data = entry.data
            project = targets.project(data)
            if project is None or not projects.is_owner(ctx.user, project):
                verdicts.append(Rejected({"project_id": projects.NOT_YOURS}))
                continue
            problems = {}
            mid = projects.milestone_id(data)
            if mid is not None:
                problem = targets.milestone_problem(mid, project) or (
                    rules.claim_problem(states[mid]) if data["done"] else None)
                if problem:
                    problems["milestone_id"] = problem
            if data["period"] is not None:
                problem = self._period_problem(ctx, entry, project)
                if problem:
                    problems["period"] = problem
            if problems:
                verdicts.append(Rejected(problems))
                continue
            if mid is not None and data["done"]:
                states[mid] = rules.DIKLAIM
            verdicts.append(project)
        return verdicts

    @staticmethod
    def _period_problem(ctx: SyncContext, entry: Entry, project) -> str | None:
        month = rules.parse_period(entry.data["period"])
        if project.launched_on is None:
            return NOT_LAUNCHED
        tz_name = project.unit.timezone
        if rules.months_between((project.launched_on.year, project.launched_on.month),
                                month) < 0:
            return BEFORE_LAUNCH
        if rules.months_between(rules.month_of(entry.corrected_at, tz_name), month) > 0:
            return NOT_YET
        stop = project.stop
        if stop is not None and rules.months_between(
                rules.month_of(stop.stopped_at, tz_name), month) > 0:
            return AFTER_STOP
        return None

    def write(self, ctx: SyncContext, planned: list[tuple[Entry, object]]) -> list[dict]:
        records = []
        for entry, project in planned:
            data = entry.data
            mid = projects.milestone_id(data)
            previous = (projects.usage_maps([project.id])[project.id].get(
                rules.parse_period(data["period"])) if data["period"] else None)
            row = ProjectReport(entry_id=entry.id, project_id=project.id, milestone_id=mid,
                                done=data["done"], period=data["period"], usage=data["usage"],
                                note=data["note"].strip(), by_id=ctx.user.id,
                                photo_id=str(data["photo_id"]) if data["photo_id"] else None,
                                created_at=ctx.received_at)
            db.session.add(row)
            db.session.flush()
            after = {"entry_id": entry.id, "milestone_id": mid, "note": row.note,
                     "photo_id": row.photo_id}
            if data["period"] is not None:
                audit.record(ctx.user.id, "project.usage", "project", project.id,
                             {"period": data["period"], "usage": previous},
                             {**after, "period": data["period"], "usage": data["usage"]})
            if mid is not None:
                milestone = projects.milestones_of([mid])[mid]
                before = milestone.state
                if data["done"]:
                    milestone.state = rules.DIKLAIM
                audit.record(ctx.user.id, "project.milestone_claim" if data["done"]
                             else "project.progress", "project", project.id,
                             {"milestone_id": mid, "state": before},
                             {**after, "state": milestone.state})
            db.session.flush()
            db.session.expire(project)
            records.append(projects.entry_record(self.kind, entry.id, project, ctx.received_at))
        return records

    def records(self, ctx: SyncContext, entry_ids: list[str]) -> dict[str, dict]:
        return projects.stored_entry_records(self.kind, ProjectReport, entry_ids,
                                             ctx.received_at)


register(ProjectReportHandler())
