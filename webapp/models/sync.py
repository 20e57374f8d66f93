from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models.types import UTCDateTime, utcnow

ENTRY_KINDS = ("checkin", "self_attend", "mark", "session_log", "leave", "correction",
               "project", "project_report", "project_review", "project_stop",
               "correction_decision", "leave_decision")


class SyncEntry(db.Model):
    """Receipt of one outbox entry. Its primary key (the client's UUID) makes sync idempotent."""

    __tablename__ = "sync_entry"
    __table_args__ = (CheckConstraint(f"kind IN {ENTRY_KINDS}", name="kind_known"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    device_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))
    payload_hash: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict] = mapped_column(JSON)
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SyncConflict(db.Model):
    """A later upload of a known entry id with other content: kept for review, never dropped."""

    __tablename__ = "sync_conflict"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("sync_entry.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    device_id: Mapped[str] = mapped_column(String(64))
    payload_hash: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved: Mapped[bool] = mapped_column(default=False)


class EditConflict(db.Model):
    """An edit made on a value the user saw (its `base`) that another edit changed meanwhile:
    the stored value stays, the edit's value is kept here, and the coach picks one (a new edit
    with a fresh base resolves it). `field` is `status` or `skills` (of participant
    `subject_id`), `topic` or `notes` (of the session)."""

    __tablename__ = "edit_conflict"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("sync_entry.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("clinic_session.id"), index=True)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    field: Mapped[str] = mapped_column(String(20))
    value: Mapped[Any] = mapped_column(JSON)  # what the edit wanted
    stored: Mapped[Any] = mapped_column(JSON)  # what the server held when it arrived
    sent_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_entry: Mapped[str | None] = mapped_column(String(36))
