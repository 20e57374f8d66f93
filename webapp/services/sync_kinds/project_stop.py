"""`project_stop` entries: the owner, the mentor or a reviewer records that the innovation
stopped, and why (anggaran, mutasi, sdm, infrastruktur, kebijakan, lainnya). Recorded once;
it stops at the moment the phone wrote it (after the clock offset), never in the future."""

from webapp.extensions import db
from webapp.models import ProjectStop
from webapp.schemas.projects import ProjectStopDataSchema
from webapp.services import audit, projects
from webapp.services.sync_kinds import Entry, Rejected, SyncContext, register


class ProjectStopHandler:
    kind = "project_stop"
    schema = ProjectStopDataSchema()

    def judge(self, ctx: SyncContext, entries: list[Entry]) -> list:
        known = projects.load(e.data["project_id"] for e in entries)
        stopped = {pid for pid, p in known.items() if p.stop is not None}
        verdicts = []
        for entry in entries:
            project = known.get(str(entry.data["project_id"]))
            if project is None or not projects.can_stop(ctx.user, project):
                verdicts.append(Rejected({"project_id": projects.NOT_YOUR_MENTEE}))
            elif project.id in stopped:
                verdicts.append(Rejected({"project_id": projects.STOPPED}))
            else:
                stopped.add(project.id)
                verdicts.append(project)
        return verdicts

    def write(self, ctx: SyncContext, planned: list[tuple[Entry, object]]) -> list[dict]:
        records = []
        for entry, project in planned:
            row = ProjectStop(entry_id=entry.id, project_id=project.id,
                              reason=entry.data["reason"], note=entry.data["note"].strip(),
                              by_id=ctx.user.id,
                              stopped_at=min(entry.corrected_at, ctx.received_at))
            db.session.add(row)
            db.session.flush()
            audit.record(ctx.user.id, "project.stop", "project", project.id, None,
                         {"entry_id": entry.id, "reason": row.reason, "note": row.note,
                          "stopped_at": row.stopped_at.isoformat()})
            db.session.expire(project)
            records.append(projects.entry_record(self.kind, entry.id, project, ctx.received_at))
        return records

    def records(self, ctx: SyncContext, entry_ids: list[str]) -> dict[str, dict]:
        return projects.stored_entry_records(self.kind, ProjectStop, entry_ids,
                                             ctx.received_at)


register(ProjectStopHandler())
