from datetime import datetime

from sqlalchemy import CheckConstraint, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models.types import UTCDateTime, utcnow


class DistrictSettings(db.Model):
    """The district's own letterhead and signatories, edited on /admin/settings. One row: a
    Hadir installation serves one pemerintah daerah (webapp/services/letterhead.py)."""

    __tablename__ = "district_settings"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),
                      CheckConstraint("bkpsdm_head_nip IS NULL OR length(bkpsdm_head_nip) = 18",
                                      name="nip_length"))

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    district_name: Mapped[str] = mapped_column(String(120), default="")  # "Kabupaten Contoh"
    seat: Mapped[str] = mapped_column(String(80), default="")  # the town above signatures
    letterhead_lines: Mapped[str] = mapped_column(Text, default="")  # address, phone, site
    logo_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    bkpsdm_head_name: Mapped[str] = mapped_column(String(200), default="")
    bkpsdm_head_nip: Mapped[str | None] = mapped_column(String(18))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
