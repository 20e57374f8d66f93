"""Change projects (proyek perubahan): a participant's innovation after leadership training,
its milestones by stage, field reports (progress and monthly usage), the mentor's reviews and
the record that it stopped. Rules live in `webapp.services.project_rules`."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.types import UTCDateTime, utcnow
from webapp.models.unit import Unit
from webapp.models.user import User
from webapp.services.project_rules import (
    CLASSIFICATIONS,
    MILESTONE_STATES,
    STAGES,
    STOP_REASONS,
    VERDICTS,
)


class Project(db.Model):
    """The id is the client's UUID, so a plan made offline keeps its id once synced."""

    __tablename__ = "project"
    __table_args__ = (
        CheckConstraint(f"classification IN {CLASSIFICATIONS}", name="classification_known"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    program_id: Mapped[int | None] = mapped_column(ForeignKey("program.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    problem: Mapped[str] = mapped_column(Text, default="")
    goal: Mapped[str] = mapped_column(Text, default="")
    indicator: Mapped[str] = mapped_column(String(200), default="")  # what usage counts
    launched_on: Mapped[date | None]
    classification: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    mentor: Mapped[User | None] = relationship(foreign_keys=[mentor_id])
    unit: Mapped[Unit] = relationship()
    milestones: Mapped[list["ProjectMilestone"]] = relationship(
        back_populates="project", order_by="ProjectMilestone.position")
    stop: Mapped["ProjectStop | None"] = relationship(back_populates="project")


class ProjectMilestone(db.Model):
    __tablename__ = "project_milestone"
    __table_args__ = (
        CheckConstraint(f"stage IN {STAGES}", name="stage_known"),
        CheckConstraint(f"state IN {MILESTONE_STATES}", name="state_known"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # client UUID
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    stage: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    output: Mapped[str] = mapped_column(String(500), default="")
    due_date: Mapped[date | None]
    state: Mapped[str] = mapped_column(String(15), default="terbuka")

    project: Mapped[Project] = relationship(back_populates="milestones")


class ProjectReport(db.Model):
    """Progress on a milestone (`done` claims it) or the usage count of one local month."""

    __tablename__ = "project_report"
    __table_args__ = (
        CheckConstraint("(period IS NULL) = (usage IS NULL)", name="period_with_usage"),
        CheckConstraint("usage >= 0", name="usage_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[str | None] = mapped_column(ForeignKey("sync_entry.id"), unique=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    milestone_id: Mapped[str | None] = mapped_column(ForeignKey("project_milestone.id"))
    done: Mapped[bool] = mapped_column(default=False)
    period: Mapped[str | None] = mapped_column(String(7))  # "YYYY-MM", the unit's month
    usage: Mapped[int | None]
    note: Mapped[str] = mapped_column(String(1000), default="")
    photo_id: Mapped[str | None] = mapped_column(String(36))
    by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProjectReview(db.Model):
    """The mentor's decision on a claimed milestone, and/or the project's classification."""

    __tablename__ = "project_review"
    __table_args__ = (
        CheckConstraint(f"verdict IN {VERDICTS}", name="verdict_known"),
        CheckConstraint(f"classification IN {CLASSIFICATIONS}", name="classification_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[str | None] = mapped_column(ForeignKey("sync_entry.id"), unique=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    milestone_id: Mapped[str | None] = mapped_column(ForeignKey("project_milestone.id"))
    verdict: Mapped[str | None] = mapped_column(String(15))
    comment: Mapped[str] = mapped_column(String(1000), default="")
    budget_note: Mapped[str] = mapped_column(String(1000), default="")
    classification: Mapped[str | None] = mapped_column(String(20))
    by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProjectStop(db.Model):
    """The innovation stopped; recorded once, by the owner or the mentor."""

    __tablename__ = "project_stop"
    __table_args__ = (CheckConstraint(f"reason IN {STOP_REASONS}", name="reason_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[str | None] = mapped_column(ForeignKey("sync_entry.id"), unique=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), unique=True)
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(1000), default="")
    by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    stopped_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    project: Mapped[Project] = relationship(back_populates="stop")


class ProjectConflict(db.Model):
    """An edit of a project field made on a stale view (its `base`) after the field changed on
    the server: the stored value stays, the edit's value is kept here for the owner to pick."""

    __tablename__ = "project_conflict"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("sync_entry.id"), index=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    field: Mapped[str] = mapped_column(String(80))  # a field, or milestones.<id>.<field>
    value: Mapped[Any] = mapped_column(JSON)  # what the edit wanted
    stored: Mapped[Any] = mapped_column(JSON)  # what the server held when it arrived
    base: Mapped[Any] = mapped_column(JSON)  # what the editor saw
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
