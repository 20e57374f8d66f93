from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.leave import LeaveRequest
from webapp.models.types import UTCDateTime, utcnow
from webapp.models.unit import Unit
from webapp.models.user import User
from webapp.vocabulary import (
    ATTENDANCE,
    ATTENDANCE_SOURCES,
    PLANNED,
    SELF_STATUSES,
    SESSION_STATES,
)
from webapp.vocabulary import PROGRAM_KINDS as PROGRAM_KIND_TERMS

# A coaching clinic runs sessions with codes and a roster; a leadership training (PKA, PKP, PKN,
# Diklatpim) ends in change projects, its sessions optional.
PROGRAM_KINDS = PROGRAM_KIND_TERMS.values


class Program(db.Model):
    """A programme (cohort) with the target BKPSDM set for it."""

    __tablename__ = "program"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates_ordered"),
        CheckConstraint("target_sessions > 0", name="target_positive"),
        CheckConstraint("zone_yellow_pct >= 0 AND zone_yellow_pct <= zone_green_pct "
                        "AND zone_green_pct <= 100", name="zones_ordered"),
        CheckConstraint(f"kind IN {PROGRAM_KINDS}", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30), default="coaching_clinic",
                                      server_default="coaching_clinic")
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    start_date: Mapped[date]
    end_date: Mapped[date]
    target_sessions: Mapped[int]
    zone_green_pct: Mapped[float] = mapped_column(default=80.0)
    zone_yellow_pct: Mapped[float] = mapped_column(default=50.0)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    unit: Mapped[Unit] = relationship()
    participants: Mapped[list["ProgramParticipant"]] = relationship(
        back_populates="program", cascade="all, delete-orphan")
    sessions: Mapped[list["ClinicSession"]] = relationship(
        back_populates="program", order_by="ClinicSession.starts_at")


class ProgramParticipant(db.Model):
    __tablename__ = "program_participant"
    __table_args__ = (UniqueConstraint("program_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    program: Mapped[Program] = relationship(back_populates="participants")
    user: Mapped[User] = relationship()


class ClinicSession(db.Model):
    __tablename__ = "clinic_session"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="times_ordered"),
        CheckConstraint(f"status IN {SESSION_STATES.values}", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("program.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    topic: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=PLANNED)
    status_reason: Mapped[str] = mapped_column(String(300), default="")
    # Base32 TOTP secret; only coaches ever receive it.
    secret: Mapped[str] = mapped_column(String(64))
    # Last session_log applied, so an older log from another device does not win.
    logged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    program: Mapped[Program] = relationship(back_populates="sessions")
    coach: Mapped[User | None] = relationship()
    attendance: Mapped[list["SessionAttendance"]] = relationship(back_populates="session")


class SessionAttendance(db.Model):
    """One participant at one session; the merge rules live in services."""

    __tablename__ = "session_attendance"
    __table_args__ = (
        UniqueConstraint("session_id", "user_id"),
        CheckConstraint(f"status IN {ATTENDANCE.values}", name="status_known"),
        CheckConstraint(f"source IN {ATTENDANCE_SOURCES}", name="source_known"),
        CheckConstraint(f"coach_status IS NULL OR coach_status IN {ATTENDANCE.values}",
                        name="coach_status_known"),
        CheckConstraint(f"self_status IS NULL OR self_status IN {SELF_STATUSES.values}",
                        name="self_status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("clinic_session.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20))
    # Device time of the mark or code entry (after the clock offset): the merge rules order by it.
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    note: Mapped[str] = mapped_column(String(500), default="")
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    self_attended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    needs_review: Mapped[bool] = mapped_column(default=False)
    review_reason: Mapped[str] = mapped_column(String(300), default="")
    # The facts status/source/marked_at are derived from, so entries arriving in any order give
    # the same result (webapp.services.attendance_rules): the latest coach mark, the earliest
    # valid code (self_status + self_attended_at), the most recently approved leave.
    coach_status: Mapped[str | None] = mapped_column(String(20))
    coach_marked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    self_status: Mapped[str | None] = mapped_column(String(20))
    leave_id: Mapped[int | None] = mapped_column(ForeignKey("leave_request.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    session: Mapped[ClinicSession] = relationship(back_populates="attendance")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    leave: Mapped[LeaveRequest | None] = relationship()


CODE_OUTCOMES = ("wrong", "late_sync")


class CodeAttempts(db.Model):
    """How many wrong codes were judged for one participant at one session. Past the limit
    (SESSION_CODE_ATTEMPTS) their codes for it are refused, so guessing one stays hopeless; it
    is a row of its own so one conditional UPDATE both counts and locks."""

    __tablename__ = "code_attempts"

    session_id: Mapped[int] = mapped_column(ForeignKey("clinic_session.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    wrong: Mapped[int] = mapped_column(default=0)


class CodeClaim(db.Model):
    """A self_attend whose code was judged but not counted: a wrong one (kept so the same entry
    sent again is answered alike and not counted twice) or a right one that came outside the
    session window or long after it (`late_sync`), which the coach accepts by marking."""

    __tablename__ = "code_claim"
    __table_args__ = (
        UniqueConstraint("user_id", "entry_id", "payload_hash"),
        CheckConstraint(f"outcome IN {CODE_OUTCOMES}", name="outcome_known"),
        CheckConstraint("status IS NULL OR status IN ('hadir', 'terlambat')",
                        name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("clinic_session.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    entry_id: Mapped[str] = mapped_column(String(36))
    payload_hash: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(20))
    # The entry's time after the clock offset, and what a counted code would have given.
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(300), default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
