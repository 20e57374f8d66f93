from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.types import UTCDateTime, utcnow
from webapp.models.user import User
from webapp.vocabulary import LEAVE_STATES, LEAVE_TYPES, PENDING


class LeaveRequest(db.Model):
    __tablename__ = "leave_request"
    __table_args__ = (
        CheckConstraint(f"type IN {LEAVE_TYPES.values}", name="type_known"),
        CheckConstraint(f"state IN {LEAVE_STATES.values}", name="state_known"),
        CheckConstraint("date_to >= date_from", name="dates_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("sync_entry.id"), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    type: Mapped[str] = mapped_column(String(20))
    date_from: Mapped[date]
    date_to: Mapped[date]
    reason: Mapped[str] = mapped_column(String(1000))
    photo_id: Mapped[str | None] = mapped_column(String(36))
    state: Mapped[str] = mapped_column(String(20), default=PENDING)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
