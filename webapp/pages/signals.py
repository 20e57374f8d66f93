"""/review/signals: anti-spoofing signals for BKPSDM reviewers. Read-only: a signal changes no
record's state; the reviewer decides in the check-in review."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import render_template, request

from webapp.extensions import db
from webapp.models import CheckIn, SyncEntry, Unit, User
from webapp.models.types import utcnow
from webapp.pages import bp
from webapp.security import roles_required
from webapp.services.localtime import local_date, local_datetime, zone_label
from webapp.services.spoofing import KINDS, DeviceUse, Fix, all_signals
from webapp.vocabulary import DEFAULT_TIMEZONE

DEFAULT_DAYS, MAX_DAYS = 14, 90


@dataclass(frozen=True)
class CheckinSeen:
    when: str
    lat: float | None
    lon: float | None


def _window_days() -> int:
    days = request.args.get("days", DEFAULT_DAYS, type=int)
    return min(max(days, 1), MAX_DAYS)


def _fixes(since: datetime) -> tuple[list[Fix], dict[int, CheckinSeen]]:
    rows = db.session.execute(
        db.select(CheckIn.id, CheckIn.user_id, CheckIn.corrected_at, CheckIn.lat, CheckIn.lon,
                  CheckIn.accuracy_m, Unit.latitude, Unit.longitude, Unit.timezone)
        .outerjoin(Unit, CheckIn.unit_id == Unit.id)
        .where(CheckIn.corrected_at >= since))
    fixes, seen = [], {}
    for row in rows:
        fixes.append(Fix(row.id, row.user_id, row.corrected_at, row.lat, row.lon,
                         row.accuracy_m, row.latitude, row.longitude))
        tz_name = row.timezone or DEFAULT_TIMEZONE
        seen[row.id] = CheckinSeen(
            f"{local_datetime(row.corrected_at, tz_name):%d-%m-%Y %H:%M} {zone_label(tz_name)}",
            row.lat, row.lon)
    return fixes, seen


def _device_uses(since: datetime) -> list[DeviceUse]:
    rows = db.session.execute(
        db.select(SyncEntry.device_id, SyncEntry.user_id, SyncEntry.received_at, Unit.timezone)
        .join(User, SyncEntry.user_id == User.id).outerjoin(Unit, User.unit_id == Unit.id)
        .where(SyncEntry.received_at >= since).distinct())
    return [DeviceUse(row.device_id, row.user_id,
                      local_date(row.received_at, row.timezone or DEFAULT_TIMEZONE))
            for row in rows]


def _users(ids: set[int]) -> dict[int, User]:
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(db.select(User).where(User.id.in_(ids)))}


@bp.get("/review/signals")
@roles_required("reviewer")
def review_signals():
    days = _window_days()
    since = utcnow() - timedelta(days=days)
    fixes, seen = _fixes(since)
    signals = all_signals(fixes, _device_uses(since))
    users = _users({uid for s in signals for uid in s.user_ids})
    groups = {kind: [s for s in signals if s.kind == kind] for kind in KINDS}
    return render_template("review/signals.html", groups=groups, users=users, seen=seen,
                           days=days, day_choices=(7, 14, 30, 90))
