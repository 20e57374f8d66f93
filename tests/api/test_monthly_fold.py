"""The unit's month counted in SQL gives every official the counts the rules of a day give,
day by day in Python, on the demo's months and on days built to sit on every edge."""

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.api.recap_helpers import add_officials
from webapp.extensions import db
from webapp.models import CheckIn, Correction, Holiday, LeaveRequest, SyncEntry, Unit, User
from webapp.services.calendar_records import load_calendar
from webapp.services.daily_attendance import Official
from webapp.services.monthly_recap import load_monthly, load_official_month
from webapp.services.work_calendar import month_days, work_day


def _both_ways(code: str, year: int, month: int, now: datetime) -> tuple[dict, dict]:
    """{username: counts} from the unit's recap and from each official's own month."""
    recap = load_monthly(code, year, month, now)
    unit = db.session.scalar(db.select(Unit).filter_by(code=code))
    folded = {r.official.username: r.counts for r in recap.rows}
    judged = {r.official.username: load_official_month(unit, r.official, year, month,
                                                       now).counts
              for r in recap.rows}
    return folded, judged


def _months_back(now: datetime, n: int) -> tuple[int, int]:
    first = now.date().replace(day=1)
    for _ in range(n):
        first = (first - timedelta(days=1)).replace(day=1)
    return first.year, first.month


def test_the_demo_months_count_the_same_in_sql_as_day_by_day(seeded_history):
    now = datetime.now(UTC)
    with seeded_history.app_context():
        codes = db.session.scalars(db.select(Unit.code).order_by(Unit.code)).all()
        compared = 0
        for back in (0, 1):
            year, month = _months_back(now, back)
            for code in codes:
                folded, judged = _both_ways(code, year, month, now)
                assert folded == judged, (code, year, month)
                compared += sum(c["hadir"] for c in folded.values())
    assert compared > 100  # the demo's months do hold check-ins


def _entry(user_id: int, kind: str, at: datetime) -> str:
    entry = SyncEntry(id=str(uuid.uuid4()), user_id=user_id, device_id="fold", kind=kind,
                      payload_hash=uuid.uuid4().hex, payload={}, captured_at=at)
    db.session.add(entry)
    db.session.flush()  # before the row that refers to it: no relationship orders them
    return entry.id


def _checkin(user: User, type_: str, at: datetime, review_state: str = "ok") -> None:
    db.session.add(CheckIn(
        entry_id=_entry(user.id, "checkin", at), user_id=user.id, unit_id=user.unit_id,
        type=type_, captured_at=at, corrected_at=at, received_at=at,
        local_date=at.astimezone(ZoneInfo(user.unit.timezone)).date(),
        review_state=review_state))


def _correction(user: User, type_: str, at: datetime, state: str) -> None:
    local = at.astimezone(ZoneInfo(user.unit.timezone))
    db.session.add(Correction(
        entry_id=_entry(user.id, "correction", at), user_id=user.id, day=local.date(),
        type=type_, local_time=local.time(), at=at, reason="lupa absen", state=state))


def _leave(user: User, type_: str, first: date, last: date, state: str = "approved") -> None:
    db.session.add(LeaveRequest(
        entry_id=_entry(user.id, "leave", datetime.now(UTC)), user_id=user.id, type=type_,
        date_from=first, date_to=last, reason="keperluan keluarga", state=state))


# Offsets from the in or out time at and around every band edge, and a second or a
# microsecond either side of whole minutes.
EDGE_OFFSETS = [timedelta(minutes=m, seconds=s, microseconds=us)
                for m in (-31, -30, -1, 0, 1, 30, 31, 60, 61, 90, 91, 240)
                for s, us in ((0, 0), (0, 1), (-1, 999_999), (59, 999_999), (0, -1))]


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Jayapura"])
def test_days_on_every_edge_count_the_same_in_sql_as_day_by_day(seeded, zone):
    """Random days per official, each stamp near an edge: a band's first and last minute,
    the in/out time itself, local midnight, ties between a check-in and a correction,
    rejected check-ins, pending and rejected corrections, overlapping leave, a holiday, a
    weekend, today (no missing check-out yet) and the days after it."""
    rng = random.Random(f"fold-{zone}")
    add_officials(seeded, "KEC-SANGIR", 6)
    with seeded.app_context():
        unit = db.session.scalar(db.select(Unit).filter_by(code="KEC-SANGIR"))
        unit.timezone = zone
        tz = ZoneInfo(zone)
        # A fixed month and "now" on one of its work days (the demo's holidays and Ramadan
        # hours of 2026 fall in it), so the test does not depend on the day it runs.
        days = month_days(2026, 3)
        calendar = load_calendar(days[0], days[-1])
        today = next(d for d in days[17:]
                     if work_day(calendar, unit.id, unit.work_start, d).is_work_day)
        now = datetime.combine(today, time(10, 0), tz).astimezone(UTC)
        db.session.add(Holiday(day=rng.choice([d for d in days if d != today]),
                               kind="libur_daerah", name="Hari jadi", unit_id=unit.id))
        officials = db.session.scalars(db.select(User).filter_by(unit_id=unit.id)).all()
        stamped_by = {}
        for user in officials:
            stamped = stamped_by[user] = rng.sample(days, k=min(len(days), 18))
            for day in stamped:
                in_at = datetime.combine(day, time(7, 30), tz) + rng.choice(EDGE_OFFSETS)
                out_at = datetime.combine(day, time(16, 0), tz) - rng.choice(EDGE_OFFSETS)
                shape = rng.randrange(9)
                if shape != 0:
                    _checkin(user, "in", in_at)
                if shape not in (1, 2):
                    _checkin(user, "out", out_at)
                if shape == 3:
                    _correction(user, "in", in_at, "approved")  # a tie: the check-in counts
                if shape == 4:
                    _correction(user, "out", out_at + timedelta(minutes=rng.choice((-5, 5))),
                                rng.choice(("approved", "pending", "rejected")))
                if shape == 5:
                    _checkin(user, "in", in_at - timedelta(minutes=45), "rejected")
                if shape == 6:
                    _checkin(user, "out", datetime.combine(day, time(0), tz)
                             - timedelta(microseconds=rng.choice((0, 1))))
            for _ in range(2):
                first = rng.choice(days)
                _leave(user, rng.choice(("izin", "sakit", "dinas_luar")), first,
                       first + timedelta(days=rng.randrange(4)),
                       rng.choice(("approved", "approved", "pending")))
            # Overlapping approved leave on days without a check-in: the one starting
            # first names the day, though it was filed second.
            free = sorted(set(days) - set(stamped))
            _leave(user, "sakit", free[1], free[-1])
            _leave(user, "dinas_luar", free[0], free[-1])
            if rng.random() < 0.4:
                _correction(user, "in", datetime.combine(rng.choice(days), time(8, 1), tz),
                            "approved")
        # Today, checked in and not yet out: not "tanpa absen pulang" before the day is over.
        [first_free, *_] = [u for u, days_of in stamped_by.items()
                            if today not in days_of and u.username.startswith("tambahan")]
        _checkin(first_free, "in", datetime.combine(today, time(7, 40), tz))
        db.session.commit()
        folded, judged = _both_ways("KEC-SANGIR", today.year, today.month, now)
    assert len(folded) >= 2
    assert sum(c["hadir"] for c in folded.values()) > 10
    assert folded == judged


def test_a_month_without_work_days_counts_nothing(seeded):
    with seeded.app_context():
        unit = db.session.scalar(db.select(Unit).filter_by(code="KEC-SANGIR"))
        days = month_days(2026, 2)
        db.session.add_all(Holiday(day=d, kind="libur_daerah", name="Libur", unit_id=unit.id)
                           for d in days)
        db.session.commit()
        recap = load_monthly("KEC-SANGIR", 2026, 2, datetime.now(UTC))
        assert recap.rows and all(r.counts["hari_kerja"] == 0 for r in recap.rows)
        assert set(recap.totals.values()) == {0}


def test_an_official_month_is_judged_with_the_official_given(seeded):
    with seeded.app_context():
        unit = db.session.scalar(db.select(Unit).filter_by(code="KEC-SANGIR"))
        user = db.session.scalar(db.select(User).filter_by(username="peserta01"))
        month = load_official_month(
            unit, Official(user.id, user.username, user.full_name, user.nip, user.jabatan),
            2026, 3, datetime(2026, 3, 16, tzinfo=UTC))
    assert [d.day for d in month.days] == month_days(2026, 3)
    assert month.counts["TK"] == sum(d.code == "TK" for d in month.days) > 0
