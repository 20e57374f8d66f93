from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.types import UTCDateTime
from webapp.models.unit import Unit
from webapp.models.user import User
from webapp.vocabulary import CHECKIN_TYPES, REVIEW_STATES


class CheckIn(db.Model):
    """A check-in or check-out as the phone recorded it, judged on arrival."""

    __tablename__ = "checkin"
    __table_args__ = (
        CheckConstraint(f"type IN {CHECKIN_TYPES.values}", name="type_known"),
        CheckConstraint(f"review_state IN {REVIEW_STATES.values}", name="review_state_known"),
        CheckConstraint("lat IS NULL OR (lat BETWEEN -90 AND 90)", name="lat_range"),
        CheckConstraint("lon IS NULL OR (lon BETWEEN -180 AND 180)", name="lon_range"),
        CheckConstraint("accuracy_m IS NULL OR accuracy_m >= 0", name="accuracy_nonnegative"),
        Index("ix_checkin_user_local_date", "user_id", "local_date"),
        Index("ix_checkin_unit_local_date", "unit_id", "local_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("sync_entry.id"), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    type: Mapped[str] = mapped_column(String(3))
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime)  # device clock, as sent
    corrected_at: Mapped[datetime] = mapped_column(UTCDateTime)  # after the clock offset
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    clock_offset_s: Mapped[float] = mapped_column(default=0.0)
    local_date: Mapped[date]  # in the unit's time zone, so daily views need no tz maths in SQL
    late_minutes: Mapped[int] = mapped_column(default=0)
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    accuracy_m: Mapped[float | None]
    distance_m: Mapped[float | None]
    photo_id: Mapped[str | None] = mapped_column(String(36))
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    review_state: Mapped[str] = mapped_column(String(20), default="ok", index=True)
    review_note: Mapped[str] = mapped_column(String(500), default="")
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    unit: Mapped[Unit | None] = relationship()
