"""Dashboard: BKPSDM's programme page and XLSX export with 10,000 participants x 36 sessions,
through the Flask test client (server time: routing, queries, completion maths, template or
workbook), against a plain SELECT of the same attendance rows straight through the driver.

The statements each request runs are counted; the same page for the 24-participant demo
programme must run as many as the 10,000-participant one.
"""

import gc
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from sqlalchemy import insert, text

from bench.appdb import bench_app, prepare_database
from bench.review_timing import (
    StatementCounter,
    logged_in_client,
    timed_get,
    timed_select,
    vacuum_analyze,
)
from webapp.demo import PROGRAM_NAME, _demo_password_hash
from webapp.extensions import db
from webapp.models import ClinicSession, Program, ProgramParticipant, Unit, User, UserRole

WIB = ZoneInfo("Asia/Jakarta")
SESSIONS_PER_WEEK = (0, 2, 4)  # Monday, Wednesday, Friday

# Deterministic statuses: each participant has a habit (user_id % 4) so every zone shows.
ATTENDANCE_SQL = """
INSERT INTO session_attendance (session_id, user_id, status, source, marked_at, note, skills,
                                needs_review, review_reason, updated_at)
SELECT s.id, pp.user_id,
       CASE WHEN (s.id * 7919 + pp.user_id * 104729) % 100 <
                 (CASE pp.user_id % 4 WHEN 0 THEN 97 WHEN 1 THEN 80 WHEN 2 THEN 60 ELSE 30 END)
            THEN (CASE WHEN (s.id + pp.user_id) % 10 = 0 THEN 'terlambat' ELSE 'hadir' END)
            WHEN (s.id + pp.user_id) % 7 = 0 THEN 'izin'
            WHEN (s.id + pp.user_id) % 11 = 0 THEN 'sakit'
            ELSE 'alpa' END,
       'coach', s.starts_at, '', '[]', FALSE, '', s.ends_at
FROM clinic_session s CROSS JOIN program_participant pp
WHERE s.program_id = :program AND pp.program_id = :program AND s.status = 'held'
"""


def seed_big_program(participants: int, sessions: int) -> int:
    """A finished programme with `participants` officials and `sessions` held sessions."""
    units = list(db.session.scalars(db.select(Unit.id).order_by(Unit.id)))
    coach_id = db.session.scalar(db.select(User.id).filter_by(username="pelatih1"))
    diskominfo = db.session.scalar(db.select(Unit.id).filter_by(code="DISKOMINFO"))
    password_hash, now = _demo_password_hash(), datetime.now(UTC)
    db.session.execute(insert(User.__table__), [
        {"username": f"dash{i:05d}", "full_name": f"Pejabat Dasbor {i}",
         "jabatan": "Kepala Bidang", "eselon": ("III.a", "III.b")[i % 2],
         "unit_id": units[i % len(units)], "password_hash": password_hash, "active": True,
         "created_at": now} for i in range(participants)])
    user_ids = list(db.session.scalars(db.select(User.id).where(User.username.like("dash%"))
                                       .order_by(User.id)))
    db.session.execute(insert(UserRole.__table__), [
        {"user_id": user_id, "role": "participant"} for user_id in user_ids])
    weeks = -(-sessions // len(SESSIONS_PER_WEEK))
    today = now.astimezone(WIB).date()
    start = today - timedelta(days=today.weekday() + 7 * (weeks + 1))
    program = Program(name=f"{PROGRAM_NAME} (skala kabupaten)", unit_id=diskominfo,
                      start_date=start, end_date=start + timedelta(weeks=weeks, days=-1),
                      target_sessions=round(sessions * 0.8), skills=[],
                      created_by_id=coach_id)
    db.session.add(program)
    db.session.flush()
    db.session.execute(insert(ProgramParticipant.__table__), [
        {"program_id": program.id, "user_id": user_id, "enrolled_at": now}
        for user_id in user_ids])
    days = [start + timedelta(weeks=w, days=d) for w in range(weeks) for d in SESSIONS_PER_WEEK]
    for day in days[:sessions]:
        starts = datetime.combine(day, clock(9, 0), WIB)
        db.session.add(ClinicSession(program_id=program.id, starts_at=starts,
                                     ends_at=starts + timedelta(hours=2), coach_id=coach_id,
                                     topic="Materi", status="held", secret="B" * 32,
                                     logged_at=starts + timedelta(hours=2)))
    db.session.flush()
    db.session.execute(text(ATTENDANCE_SQL), {"program": program.id})
    db.session.commit()
    return program.id


BASELINE_SQL = ("SELECT a.session_id, a.user_id, a.status FROM session_attendance a "
                "JOIN clinic_session s ON a.session_id = s.id WHERE s.program_id = %s")


def run(backend: str, url: str, participants: int = 10_000, sessions: int = 36,
        page_runs: int = 11, export_runs: int = 3) -> dict:
    app = bench_app(url)
    prepare_database(app)
    seeded_at = time.perf_counter()
    with app.app_context():
        program_id = seed_big_program(participants, sessions)
        demo_id = db.session.scalar(db.select(Program.id).filter_by(name=PROGRAM_NAME))
        attendance = db.session.scalar(text(
            "SELECT count(*) FROM session_attendance a JOIN clinic_session s "
            "ON a.session_id = s.id WHERE s.program_id = :p"), {"p": program_id})
        engine = db.engine
        if backend == "postgresql":
            # As autovacuum leaves a table in daily use: statistics, hint bits and visibility
            # map set. Otherwise the first reads write hint bits, and autovacuum may start on
            # the 360,000 new rows in the middle of the timed requests.
            db.session.commit()
            vacuum_analyze(engine)
    seed_s = time.perf_counter() - seeded_at
    client = logged_in_client(app)
    counter = StatementCounter(engine)
    page = f"/review/programs/{program_id}"
    client.get(page)  # warm-up: templates compiled, statement cache filled
    # As a gunicorn worker serves (gunicorn.conf.py pre_fork): what start-up loaded is frozen
    # out of garbage collection, here the seeding's leftovers too.
    gc.freeze()
    result = {
        "backend": backend, "participants": participants, "sessions": sessions,
        "attendance_rows": attendance, "seed_s": seed_s,
        "page": timed_get(client, page, counter, page_runs),
        "demo_page": timed_get(client, f"/review/programs/{demo_id}", counter, 2),
        "export": timed_get(client, page + "/export.xlsx", counter, export_runs),
        "baseline": timed_select(engine, BASELINE_SQL, (program_id,), page_runs),
    }
    gc.unfreeze()
    counter.close()
    with app.app_context():
        db.engine.dispose()
    return result
