from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.types import UTCDateTime, utcnow
from webapp.models.user import User
from webapp.vocabulary import CHECKIN_TYPES, LEAVE_STATES

# A correction is for a check-in or a check-out, and is decided like a leave request.
CORRECTION_TYPES = CHECKIN_TYPES.values
CORRECTION_STATES = LEAVE_STATES.values


class Correction(db.Model):
    """A forgotten or failed check-in or check-out (koreksi absen), asked by the official and
    decided once by their supervisor or a reviewer; approved, it counts as a check-in at
    `at`, marked koreksi."""

    __tablename__ = "correction"
    __table_args__ = (
        CheckConstraint(f"type IN {CORRECTION_TYPES}", name="type_known"),
        CheckConstraint(f"state IN {CORRECTION_STATES}", name="state_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("sync_entry.id"), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    day: Mapped[date]  # the unit's local date
    type: Mapped[str] = mapped_column(String(3))
    local_time: Mapped[time]  # the unit's wall clock, as asked
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)  # the same instant in UTC
    reason: Mapped[str] = mapped_column(String(1000))
    photo_id: Mapped[str | None] = mapped_column(String(36))
    state: Mapped[str] = mapped_column(String(20), default="pending")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
