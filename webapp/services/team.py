"""What a supervisor sees of their staff: the units they head (today and this week, each in
its own zone), flagged check-ins of those units' officials, and the corrections and leave
requests of their direct staff still to decide. Nothing outside the units they head or their
direct staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from webapp.extensions import db
from webapp.models import CheckIn, Correction, LeaveRequest, Unit, User
from webapp.services.daily_attendance import DailyView, load_daily
from webapp.services.localtime import local_date, local_datetime, zone_label

FLAGGED_DAYS = 14


@dataclass(frozen=True)
class FlaggedCheckin:
    full_name: str
    type: str
    at: datetime  # local
    zone: str  # WIB, WITA or WIT
    flags: tuple[str, ...]


@dataclass(frozen=True)
class Pending:
    """A request of a direct staff member waiting for the supervisor's decision."""

    full_name: str
    request: Correction | LeaveRequest


@dataclass(frozen=True)
class Team:
    units: list[DailyView]
    flagged: list[FlaggedCheckin]
    corrections: list[Pending]
    leaves: list[Pending]


def pending_of_staff(user: User, model) -> list[Pending]:
    """`model`'s pending requests (corrections, leave) of `user`'s direct staff, oldest first."""
    rows = db.session.execute(
        db.select(User.full_name, model).join(User, User.id == model.user_id)
        .where(User.supervisor_id == user.id, model.user_id != user.id,
               model.state == "pending")
        .order_by(model.created_at, model.id))
    return [Pending(name, request) for name, request in rows]


def load_team(user: User, now: datetime) -> Team:
    units = list(db.session.scalars(db.select(Unit).where(Unit.head_id == user.id)
                                    .order_by(Unit.name)))
    views = [load_daily(u.code, local_date(now, u.timezone), now) for u in units]
    staff_ids = [row.official.user_id for view in views for row in view.rows]
    flagged = []
    if staff_ids:
        rows = db.session.execute(
            db.select(User.full_name, CheckIn.type, CheckIn.corrected_at, Unit.timezone,
                      CheckIn.flags)
            .join(User, User.id == CheckIn.user_id).join(Unit, Unit.id == CheckIn.unit_id)
            .where(CheckIn.user_id.in_(staff_ids), CheckIn.review_state == "needs_review",
                   CheckIn.corrected_at >= now - timedelta(days=FLAGGED_DAYS))
            .order_by(CheckIn.corrected_at.desc()))
        flagged = [FlaggedCheckin(name, type_, local_datetime(at, tz), zone_label(tz),
                                  tuple(flags or ()))
                   for name, type_, at, tz, flags in rows]
    return Team(views, flagged, pending_of_staff(user, Correction),
                pending_of_staff(user, LeaveRequest))
