"""Change projects made straight in the database, for the review pages' tests (the sync kinds
that make them on phones are tested in test_projects_sync.py)."""

import uuid
from datetime import UTC, date, datetime, timedelta

from webapp.extensions import db
from webapp.models import (
    Program,
    ProgramParticipant,
    Project,
    ProjectMilestone,
    ProjectReport,
    ProjectReview,
    ProjectStop,
    User,
)


def leadership_programme(name: str = "PKA Uji", green: float = 60.0,
                         yellow: float = 30.0) -> Program:
    unit = db.session.scalar(db.select(User).filter_by(username="bkpsdm")).unit
    program = Program(name=name, kind="leadership_training", unit=unit,
                      start_date=date(2025, 1, 6), end_date=date(2025, 3, 28), target_sessions=4,
                      zone_green_pct=green, zone_yellow_pct=yellow, skills=[])
    db.session.add(program)
    db.session.flush()
    return program


def month_start(today: date, back: int) -> date:
    index = today.year * 12 + today.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def add_project(owner: User, program: Program | None, launched: date | None,
                usage: dict[str, int] | None = None, title: str | None = None,
                stop: tuple[str, datetime] | None = None, mentor: User | None = None,
                due_dates: tuple[date, ...] = (), classification: str | None = None) -> Project:
    """A project of `owner` in their unit, with a milestone per due date (pendek, menengah,
    panjang; open), usage by "YYYY-MM" reported a day after each month, and a stop."""
    if program is not None and owner not in [p.user for p in program.participants]:
        program.participants.append(ProgramParticipant(user=owner))
    project = Project(id=str(uuid.uuid4()), owner_id=owner.id, unit_id=owner.unit_id,
                      mentor_id=mentor.id if mentor else owner.supervisor_id,
                      program_id=program.id if program else None,
                      title=title or f"Inovasi {owner.username}", indicator="layanan",
                      launched_on=launched, classification=classification)
    db.session.add(project)
    db.session.flush()
    stages = ("pendek", "menengah", "panjang")[:len(due_dates)]
    for position, (stage, due) in enumerate(zip(stages, due_dates, strict=True)):
        db.session.add(ProjectMilestone(id=str(uuid.uuid4()), project_id=project.id,
                                        position=position, stage=stage, title=f"Tahap {stage}",
                                        output="Keluaran", due_date=due))
    for period, count in (usage or {}).items():
        year, month = map(int, period.split("-"))
        db.session.add(ProjectReport(project_id=project.id, period=period, usage=count,
                                     by_id=owner.id, created_at=datetime(year, month, 1, tzinfo=UTC)
                                     + timedelta(days=32)))
    if stop:
        reason, at = stop
        db.session.add(ProjectStop(project_id=project.id, reason=reason, note="", by_id=owner.id,
                                   stopped_at=at))
    db.session.flush()
    return project


def add_claim_and_review(project: Project, milestone: ProjectMilestone, owner: User,
                         mentor: User, verdict: str, photo_id: str | None = None,
                         at: datetime | None = None) -> None:
    at = at or datetime.now(UTC) - timedelta(days=3)
    db.session.add(ProjectReport(project_id=project.id, milestone_id=milestone.id, done=True,
                                 note="Uji coba berjalan di kantor camat.", photo_id=photo_id,
                                 by_id=owner.id, created_at=at))
    db.session.add(ProjectReview(project_id=project.id, milestone_id=milestone.id,
                                 verdict=verdict, comment="Perlu bukti pemakaian warga.",
                                 budget_note="Anggaran perluasan belum ada di DPA.",
                                 by_id=mentor.id, created_at=at + timedelta(days=1)))
    milestone.state = verdict
    db.session.flush()
