from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.extensions import db
from webapp.models.types import UTCDateTime, utcnow
from webapp.models.unit import Unit

ROLES = ("participant", "coach", "reviewer", "supervisor", "admin")


class UserRole(db.Model):
    __tablename__ = "user_role"
    __table_args__ = (CheckConstraint(f"role IN {ROLES}", name="role_known"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class User(UserMixin, db.Model):
    __tablename__ = "user"
    __table_args__ = (
        CheckConstraint("nip IS NULL OR length(nip) = 18", name="nip_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    nip: Mapped[str | None] = mapped_column(String(18), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    jabatan: Mapped[str] = mapped_column(String(200), default="")
    eselon: Mapped[str | None] = mapped_column(String(10))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    # The atasan langsung: decides this user's corrections and leave, sees their attendance.
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    # An initial password (import, reset) is known to whoever handed it out: the official must
    # choose their own before using the app (webapp/security.py, roles_required).
    must_change_password: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    unit: Mapped[Unit | None] = relationship(lazy="joined", foreign_keys=[unit_id])
    supervisor: Mapped["User | None"] = relationship(remote_side=[id],
                                                     foreign_keys=[supervisor_id])
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan",
                                                     lazy="selectin")

    @property
    def roles(self) -> list[str]:
        return sorted(r.role for r in self.role_rows)

    def set_roles(self, roles) -> None:
        unknown = set(roles) - set(ROLES)
        if unknown:
            raise ValueError(f"unknown roles: {sorted(unknown)}")
        self.role_rows = [UserRole(role=r) for r in sorted(set(roles))]

    def has_role(self, *roles: str) -> bool:
        return any(r.role in roles for r in self.role_rows)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    # Flask-Login keeps get_id() in the session cookie and hands it back to the user loader
    # (webapp/security.py): the id of this login's own row, so each login can be ended alone.
    login_session_id = None

    def get_id(self) -> str | None:
        return self.login_session_id

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users through this
        return self.active

    def __repr__(self) -> str:
        return f"<User {self.username}>"
