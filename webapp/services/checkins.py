"""Queries over stored check-ins, and the record the phone and the API see of each one.

The sync kind (`sync_kinds.checkin`), the bootstrap, the history API and the review API all
answer with `records_of`, so a check-in reads the same wherever it comes from.
"""

from webapp.extensions import db
from webapp.models import CheckIn, Photo, Unit, User
from webapp.services.localtime import format_local
from webapp.vocabulary import DEFAULT_TIMEZONE

# Filters that reach other users' check-ins: reviewers only.
REVIEWER_FILTERS = ("unit", "user", "flag", "review_state")


def checkin_record(row: dict, tz_name: str, photo_received: bool) -> dict:
    """The check-in as the phone sees it (Python values; schemas turn it into JSON)."""
    return {**row, "kind": "checkin", "id": row["entry_id"],
            "local_time": format_local(row["corrected_at"], tz_name),
            "photo_received": photo_received}


def records_of(checkins: list[CheckIn]) -> list[dict]:
    """Records of stored check-ins, each in its own unit's time zone."""
    photo_ids = [c.photo_id for c in checkins if c.photo_id]
    received = {tuple(row) for row in db.session.execute(db.select(Photo.id, Photo.user_id)
                                                         .where(Photo.id.in_(photo_ids)))}
    columns = CheckIn.__table__.columns.keys()
    return [checkin_record({k: getattr(c, k) for k in columns},
                           c.unit.timezone if c.unit else DEFAULT_TIMEZONE,
                           (c.photo_id, c.user_id) in received) for c in checkins]


def photos_present(user_id: int, photo_ids: list[str]) -> set[str]:
    """Those of `photo_ids` that `user_id` has uploaded."""
    if not photo_ids:
        return set()
    return set(db.session.scalars(db.select(Photo.id).where(
        Photo.id.in_(photo_ids), Photo.user_id == user_id)))


def has_flag(flag: str):
    """Check-ins whose flags include `flag`. The flags are a JSON list; its text holds each
    flag in quotes on SQLite and PostgreSQL alike."""
    return db.cast(CheckIn.flags, db.String).like(f'%"{flag}"%')


def find_checkins(filters: dict, user_id: int | None) -> list[CheckIn]:
    """Check-ins newest first, by the history API's `filters` (see CheckinQuerySchema); only
    `user_id`'s unless None (a reviewer's filtered search)."""
    statement = db.select(CheckIn).order_by(CheckIn.corrected_at.desc(), CheckIn.id.desc())
    if user_id is not None:
        statement = statement.where(CheckIn.user_id == user_id)
    if "user" in filters:
        statement = statement.join(User, CheckIn.user_id == User.id).where(
            User.username == filters["user"])
    if "unit" in filters:
        statement = statement.join(Unit, CheckIn.unit_id == Unit.id).where(
            Unit.code == filters["unit"])
    if "flag" in filters:
        statement = statement.where(has_flag(filters["flag"]))
    if "review_state" in filters:
        statement = statement.where(CheckIn.review_state == filters["review_state"])
    if "date_from" in filters:
        statement = statement.where(CheckIn.local_date >= filters["date_from"])
    if "date_to" in filters:
        statement = statement.where(CheckIn.local_date <= filters["date_to"])
    return list(db.session.scalars(statement.limit(filters["limit"])))
