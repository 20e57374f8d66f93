"""What the signals page reads: recent check-ins and device uses from the database, as the plain
values `webapp.services.spoofing` judges, and how each check-in is shown next to its signal."""

from dataclasses import dataclass
from datetime import datetime

from webapp.extensions import db
from webapp.models import CheckIn, SyncEntry, Unit, User
from webapp.services.localtime import format_stamp, local_date
from webapp.services.spoofing import DeviceUse, Fix
from webapp.vocabulary import DEFAULT_TIMEZONE


@dataclass(frozen=True)
class CheckinSeen:
    when: str
    lat: float | None
    lon: float | None


def load_fixes(since: datetime) -> tuple[list[Fix], dict[int, CheckinSeen]]:
    """Check-ins since `since` as fixes, and each one as the page shows it, by check-in id."""
    rows = db.session.execute(
        db.select(CheckIn.id, CheckIn.user_id, CheckIn.corrected_at, CheckIn.lat, CheckIn.lon,
                  CheckIn.accuracy_m, Unit.latitude, Unit.longitude, Unit.timezone)
        .outerjoin(Unit, CheckIn.unit_id == Unit.id)
        .where(CheckIn.corrected_at >= since))
    fixes, seen = [], {}
    for row in rows:
        fixes.append(Fix(row.id, row.user_id, row.corrected_at, row.lat, row.lon,
                         row.accuracy_m, row.latitude, row.longitude))
        seen[row.id] = CheckinSeen(
            format_stamp(row.corrected_at, row.timezone or DEFAULT_TIMEZONE), row.lat, row.lon)
    return fixes, seen


def load_device_uses(since: datetime) -> list[DeviceUse]:
    """Which user sent from which device on which of their local days, since `since`."""
    rows = db.session.execute(
        db.select(SyncEntry.device_id, SyncEntry.user_id, SyncEntry.received_at, Unit.timezone)
        .join(User, SyncEntry.user_id == User.id).outerjoin(Unit, User.unit_id == Unit.id)
        .where(SyncEntry.received_at >= since).distinct())
    return [DeviceUse(row.device_id, row.user_id,
                      local_date(row.received_at, row.timezone or DEFAULT_TIMEZONE))
            for row in rows]


def load_users(ids: set[int]) -> dict[int, User]:
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(db.select(User).where(User.id.in_(ids)))}
