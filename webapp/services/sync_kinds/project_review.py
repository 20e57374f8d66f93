"""`project_review` entries: the mentor (or a reviewer) accepts or returns a claimed
milestone with a comment and a budget note, and/or classifies the project (inovasi_baru,
pengembangan, rutinitas). Only a waiting claim is decided; a returned milestone reopens for
the owner. A supervisor reviews only the projects they mentor. Audited."""

from webapp.extensions import db
from webapp.models import ProjectReview
from webapp.schemas.projects import ProjectReviewDataSchema
from webapp.services import audit, projects
from webapp.services import project_rules as rules
from webapp.services.sync_kinds import Entry, Rejected, SyncContext, register


class ProjectReviewHandler:
    kind = "project_review"
    schema = ProjectReviewDataSchema()

    def judge(self, ctx: SyncContext, entries: list[Entry]) -> list:
        targets = projects.MilestoneTargets(entries)
        states = targets.states
        verdicts = []
        for entry in entries:
            data = entry.data
            project = targets.project(data)
            if project is None or not projects.can_review(ctx.user, project):
                verdicts.append(Rejected({"project_id": projects.NOT_YOUR_MENTEE}))
                continue
            mid = projects.milestone_id(data)
            if mid is not None:
                if problem := targets.milestone_problem(mid, project):
                    verdicts.append(Rejected({"milestone_id": problem}))
                    continue
                if problem := rules.review_problem(states[mid]):
                    verdicts.append(Rejected({"milestone_id": problem}))
                    continue
                states[mid] = data["verdict"]
            verdicts.append(project)
        return verdicts

    def write(self, ctx: SyncContext, planned: list[tuple[Entry, object]]) -> list[dict]:
        records = []
        for entry, project in planned:
            data = entry.data
            mid = projects.milestone_id(data)
            row = ProjectReview(entry_id=entry.id, project_id=project.id, milestone_id=mid,
                                verdict=data["verdict"], comment=data["comment"].strip(),
                                budget_note=data["budget_note"].strip(),
                                classification=data["classification"], by_id=ctx.user.id,
                                created_at=ctx.received_at)
            db.session.add(row)
            before = {"classification": project.classification}
            after = {"entry_id": entry.id, "comment": row.comment,
                     "budget_note": row.budget_note, "classification": project.classification}
            if mid is not None:
                milestone = projects.milestones_of([mid])[mid]
                before |= {"milestone_id": mid, "state": milestone.state}
                milestone.state = data["verdict"]
                after |= {"milestone_id": mid, "state": milestone.state}
            if data["classification"] is not None:
                project.classification = after["classification"] = data["classification"]
            db.session.flush()
            audit.record(ctx.user.id, "project.review", "project", project.id, before, after)
            db.session.expire(project)
            records.append(projects.entry_record(self.kind, entry.id, project, ctx.received_at))
        return records

    def records(self, ctx: SyncContext, entry_ids: list[str]) -> dict[str, dict]:
        return projects.stored_entry_records(self.kind, ProjectReview, entry_ids,
                                             ctx.received_at)


register(ProjectReviewHandler())
