from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.types import UTCDateTime, utcnow
from webapp.models.user import User


class LoginSession(db.Model):
    """One login on one device. The session cookie names it (signed, so its holder cannot name
    another), and it counts only while this row says so: logout, "log out everywhere", a
    password change and an admin reset end sessions here, not only in the browser that asks."""

    __tablename__ = "login_session"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random, not guessable
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user_agent: Mapped[str] = mapped_column(String(80), default="")

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)
