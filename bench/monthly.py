"""Monthly recap: a unit of 4,000 officials x 22 work days (a check-in and a check-out each,
late and early in every band, some days missed), its page and XLSX export through the Flask
test client, against a plain SELECT of the month's check-ins straight through the driver.

The statements each request runs are counted; the recap of the demo unit PUPR (a handful of
officials) must run as many as the 4,000-official one.
"""

import gc
import time
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, text

from bench.appdb import bench_app, prepare_database
from bench.review_timing import (
    StatementCounter,
    logged_in_client,
    timed_get,
    timed_select,
    vacuum_analyze,
)
from webapp.demo import _demo_password_hash
from webapp.extensions import db
from webapp.models import Unit, User, UserRole
from webapp.services.calendar_records import load_calendar
from webapp.services.work_calendar import month_days, work_day

UNIT = "BENCH-REKAP"
WORK_DAYS = 22

# A check-in and a check-out per official and work day, in a temporary table first so the
# receipts and the check-ins share their ids. Arrival: 30 minutes early to 99 late (every TL
# band); departure: up to 99 minutes early; about one day in 23 missed (TK).
STAMPS_SQL = """
CREATE TEMPORARY TABLE bench_stamp AS
SELECT md5(u.id || '/' || d.day || '/' || t.type)::uuid::text AS id, u.id AS user_id, t.type,
       d.day,
       CASE t.type
         WHEN 'in' THEN (d.day + d.start_at) - interval '7 hours'
              + ((((u.id * 7919 + d.n * 104729) % 130) - 30) || ' minutes')::interval
         ELSE (d.day + d.end_at) - interval '7 hours'
              - ((((u.id * 104729 + d.n * 7919) % 400) / 4) || ' minutes')::interval
       END AS at
FROM "user" u
CROSS JOIN (SELECT day::date AS day, n, start_at::time AS start_at, end_at::time AS end_at
            FROM unnest(CAST(:days AS date[]), CAST(:starts AS text[]), CAST(:ends AS text[]))
                 WITH ORDINALITY AS w(day, start_at, end_at, n)) d
CROSS JOIN (VALUES ('in'), ('out')) t(type)
WHERE u.unit_id = :unit AND (u.id + d.n) % 23 <> 0
"""
RECEIPTS_SQL = """
INSERT INTO sync_entry (id, user_id, device_id, kind, payload_hash, payload, captured_at,
                        received_at)
SELECT id, user_id, 'bench', 'checkin', md5(id), '{}', at, at FROM bench_stamp
"""
CHECKINS_SQL = """
INSERT INTO checkin (entry_id, user_id, unit_id, type, captured_at, corrected_at, received_at,
                     clock_offset_s, local_date, late_minutes, flags, review_state, review_note)
SELECT id, user_id, :unit, type, at, at, at, 0, day, 0, '[]', 'ok', '' FROM bench_stamp
"""
BASELINE_SQL = ("SELECT user_id, type, corrected_at FROM checkin "
                "WHERE unit_id = %s AND local_date BETWEEN %s AND %s")


def month_with(work_days: int, unit_id: int, work_start, today: date) -> list:
    """The latest full month before `today` with exactly `work_days` work days in the unit's
    calendar, as its WorkDays."""
    first = today.replace(day=1)
    for _ in range(24):
        first = (first - timedelta(days=1)).replace(day=1)
        days = month_days(first.year, first.month)
        calendar = load_calendar(days[0], days[-1])
        work = [w for w in (work_day(calendar, unit_id, work_start, d) for d in days)
                if w.is_work_day]
        if len(work) == work_days:
            return work
    raise RuntimeError(f"no month with {work_days} work days in two years")


def seed_big_unit(officials: int) -> tuple[str, date, int]:
    """A unit of `officials` officials with a month of check-ins; (code, month, check-ins)."""
    template = db.session.scalar(db.select(Unit).filter_by(code="PUPR"))
    # Headed by the demo unit's head, so both recaps read the same (signatory included).
    unit = Unit(code=UNIT, name="Dinas Rekap Besar", kind="dinas", latitude=template.latitude,
                longitude=template.longitude, geofence_radius_m=150.0,
                work_start=template.work_start, timezone="Asia/Jakarta",
                head_id=template.head_id)
    db.session.add(unit)
    db.session.flush()
    password_hash, now = _demo_password_hash(), datetime.now(UTC)
    db.session.execute(insert(User.__table__), [
        {"username": f"rekap{i:05d}", "full_name": f"Pejabat Rekap {i}",
         "jabatan": "Kepala Seksi", "eselon": "IV.a", "unit_id": unit.id,
         "password_hash": password_hash, "active": True, "created_at": now}
        for i in range(officials)])
    user_ids = db.session.scalars(db.select(User.id).where(User.unit_id == unit.id))
    db.session.execute(insert(UserRole.__table__), [
        {"user_id": user_id, "role": "participant"} for user_id in user_ids])
    work = month_with(WORK_DAYS, unit.id, unit.work_start, now.date())
    db.session.execute(text(STAMPS_SQL), {
        "unit": unit.id, "days": [w.day for w in work],
        "starts": [w.hours.start.isoformat() for w in work],
        "ends": [w.hours.end.isoformat() for w in work]})
    db.session.execute(text(RECEIPTS_SQL))
    db.session.execute(text(CHECKINS_SQL), {"unit": unit.id})
    rows = db.session.scalar(text("SELECT count(*) FROM bench_stamp"))
    db.session.execute(text("DROP TABLE bench_stamp"))
    db.session.commit()
    return UNIT, work[0].day.replace(day=1), rows


def run(url: str, officials: int = 4_000, page_runs: int = 11, export_runs: int = 3) -> dict:
    app = bench_app(url)
    prepare_database(app)
    seeded_at = time.perf_counter()
    with app.app_context():
        code, month, checkins = seed_big_unit(officials)
        unit_id = db.session.scalar(db.select(Unit.id).filter_by(code=code))
        engine = db.engine
        db.session.commit()
        vacuum_analyze(engine)
    seed_s = time.perf_counter() - seeded_at
    client = logged_in_client(app)
    counter = StatementCounter(engine)
    query = f"unit={code}&month={month:%Y-%m}"
    page = f"/review/monthly?{query}"
    client.get(page)  # warm-up: templates compiled, statement cache filled
    gc.freeze()
    result = {
        "officials": officials, "work_days": WORK_DAYS, "checkins": checkins,
        "month": f"{month:%Y-%m}", "seed_s": seed_s,
        "page": timed_get(client, page, counter, page_runs),
        "demo_page": timed_get(client, f"/review/monthly?unit=PUPR&month={month:%Y-%m}",
                                counter, 2),
        "export": timed_get(client, f"/review/monthly/export.xlsx?{query}", counter,
                             export_runs),
        "baseline": timed_select(engine, BASELINE_SQL,
                                 (unit_id, month, month_days(month.year, month.month)[-1]),
                                 page_runs),
    }
    gc.unfreeze()
    counter.close()
    with app.app_context():
        db.engine.dispose()
    return result
