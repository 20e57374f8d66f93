from datetime import time

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.vocabulary import DEFAULT_TIMEZONE, TIMEZONES

UNIT_KINDS = ("dinas", "badan", "kecamatan", "sekretariat")


class Unit(db.Model):
    """An OPD or kecamatan office: where its officials are expected to check in."""

    __tablename__ = "unit"
    __table_args__ = (
        CheckConstraint(f"timezone IN {TIMEZONES.values}", name="timezone_known"),
        CheckConstraint(f"kind IN {UNIT_KINDS}", name="kind_known"),
        CheckConstraint("geofence_radius_m > 0", name="radius_positive"),
        CheckConstraint("latitude IS NULL OR (latitude BETWEEN -90 AND 90)", name="lat_range"),
        CheckConstraint("longitude IS NULL OR (longitude BETWEEN -180 AND 180)", name="lon_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    timezone: Mapped[str] = mapped_column(String(40), default=DEFAULT_TIMEZONE)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    geofence_radius_m: Mapped[float] = mapped_column(default=150.0)
    work_start: Mapped[time] = mapped_column(default=time(7, 30))
    selfie_required: Mapped[bool] = mapped_column(default=False)
    # The head (kepala OPD, camat's superior): a supervisor sees the units they head.
    # use_alter: user.unit_id points back here, and PostgreSQL must create one of the two later.
    head_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", use_alter=True, name="fk_unit_head_id_user"), index=True)

    def __repr__(self) -> str:
        return f"<Unit {self.code}>"
