"""The working calendar's records; the rules that read them are in services/work_calendar."""

from datetime import date, time

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.services.work_calendar import HOLIDAY_KINDS


class Holiday(db.Model):
    """A day off: national, cuti bersama, or regional (for the district or one unit)."""

    __tablename__ = "holiday"
    __table_args__ = (CheckConstraint(f"kind IN {HOLIDAY_KINDS}", name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))


class SpecialPeriod(db.Model):
    """Days with their own hours, such as Ramadan; for every unit or one."""

    __tablename__ = "special_period"
    __table_args__ = (CheckConstraint("date_to >= date_from", name="dates_ordered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    date_from: Mapped[date]
    date_to: Mapped[date]
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))


class WorkHours(db.Model):
    """In and out time of one weekday: of the district's week (no unit, no period), a unit's
    own week (unit), or a special period (period; its unit is the period's)."""

    __tablename__ = "work_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("end_time > start_time", name="ends_after_start"),
        CheckConstraint("unit_id IS NULL OR period_id IS NULL", name="unit_or_period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"),
                                                index=True)
    period_id: Mapped[int | None] = mapped_column(
        ForeignKey("special_period.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int]
    start_time: Mapped[time]
    end_time: Mapped[time]
