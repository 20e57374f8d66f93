from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models.types import UTCDateTime, utcnow

ENTRY_KINDS = ("checkin", "self_attend", "mark", "session_log", "leave", "correction",
               "project", "project_report", "project_review", "project_stop")


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
