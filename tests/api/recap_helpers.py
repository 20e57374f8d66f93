"""Shared by the monthly recap tests: a unit made bigger than the demo's, and one official's
month day by day, checked against the unit's recap."""

from datetime import UTC, date, datetime

from sqlalchemy import insert

from webapp.extensions import db
from webapp.models import Unit, User, UserRole
from webapp.services.monthly_recap import OfficialMonth, load_monthly, load_official_month


def add_officials(app, unit_code: str, count: int) -> None:
    """`count` more officials (tambahan000, ...) who check in, in the unit `unit_code`."""
    with app.app_context():
        unit = db.session.scalar(db.select(Unit).filter_by(code=unit_code))
        now = datetime.now(UTC)
        db.session.execute(insert(User.__table__), [
            {"username": f"tambahan{i:03d}", "full_name": f"Pejabat Tambahan {i:03d}",
             "jabatan": "Kepala Seksi", "unit_id": unit.id, "password_hash": "-",
             "active": True, "created_at": now} for i in range(count)])
        ids = db.session.scalars(db.select(User.id).where(User.username.like("tambahan%")))
        db.session.execute(insert(UserRole.__table__),
                           [{"user_id": user_id, "role": "participant"} for user_id in ids])
        db.session.commit()


def official_month(code: str, username: str, day: date) -> OfficialMonth:
    """The month of `day` of one official of unit `code`, day by day; its counts are also
    the recap's row for them (in an app context)."""
    now = datetime.now(UTC)
    recap = load_monthly(code, day.year, day.month, now)
    row = next(r for r in recap.rows if r.official.username == username)
    unit = db.session.scalar(db.select(Unit).filter_by(code=code))
    month = load_official_month(unit, row.official, day.year, day.month, now)
    assert month.counts == row.counts
    return month
