"""The review pages load their data in a fixed, small number of SQL statements (no N+1)."""

import time as clock
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import JSON, insert

from tests.api.project_helpers import add_project, leadership_programme, month_start
from tests.api.statements import statements_for
from webapp.extensions import db
from webapp.models import (
    ClinicSession,
    Program,
    ProgramParticipant,
    SessionAttendance,
    Unit,
    User,
)
from webapp.models.types import UTCDateTime

PARTICIPANTS, SESSIONS = 10_000, 36
STATUSES = ("hadir", "hadir", "hadir", "terlambat", "izin", "alpa", "hadir")


def build_big_programme(app) -> int:
    """10,000 participants x 36 sessions (24 held, 2 cancelled, 10 planned). Participants and
    attendance are made by INSERT ... SELECT inside the database, so this takes seconds."""
    start = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
    now = datetime.now(UTC)
    with app.app_context():
        unit_ids = [db.session.scalar(insert(Unit).returning(Unit.id), {
            "code": f"BIG{u}", "name": f"OPD Uji {u}", "kind": "dinas",
            "timezone": "Asia/Jakarta"}) for u in range(20)]
        db.session.execute(insert(User.__table__), [
            {"username": f"big{i:05d}", "full_name": f"Peserta Uji {i:05d}", "jabatan": "Kabid",
             "eselon": ("III.a", "III.b")[i % 2], "unit_id": unit_ids[i % 20],
             "password_hash": "-", "active": True, "created_at": now}
            for i in range(PARTICIPANTS)])
        program_id = db.session.scalar(insert(Program).returning(Program.id), {
            "name": "Program besar", "unit_id": unit_ids[0], "start_date": date(2026, 1, 5),
            "end_date": date(2026, 4, 30), "target_sessions": 30})
        db.session.execute(insert(ProgramParticipant).from_select(
            ["program_id", "user_id", "enrolled_at"],
            db.select(db.literal(program_id), User.id, db.literal(now, UTCDateTime))
            .where(User.username.like("big%"))))
        states = ["held"] * 24 + ["cancelled"] * 2 + ["planned"] * 10
        db.session.execute(insert(ClinicSession), [
            {"program_id": program_id, "starts_at": start + timedelta(days=2 * n),
             "ends_at": start + timedelta(days=2 * n, hours=2), "status": state,
             "secret": "JBSWY3DPEHPK3PXP"} for n, state in enumerate(states)])
        mix = (ProgramParticipant.user_id + ClinicSession.id) % len(STATUSES)
        # Every fifth participant stops coming after session 20: a long alert list.
        dropped = (ProgramParticipant.user_id % 5 == 0) & \
            (ClinicSession.starts_at >= start + timedelta(days=40))
        status = db.case((dropped, "alpa"),
                         *[(mix == k, s) for k, s in enumerate(STATUSES)])
        db.session.execute(insert(SessionAttendance).from_select(
            ["session_id", "user_id", "status", "source", "marked_at", "updated_at", "note",
             "skills", "needs_review", "review_reason"],
            db.select(ClinicSession.id, ProgramParticipant.user_id, status, db.literal("coach"),
                      db.literal(now, UTCDateTime), db.literal(now, UTCDateTime),
                      db.literal(""), db.cast(db.literal("[]"), JSON), db.false(),
                      db.literal(""))
            .join(ClinicSession, ClinicSession.program_id == ProgramParticipant.program_id)
            .where(ProgramParticipant.program_id == program_id,
                   ClinicSession.status == "held")))
        db.session.commit()
        return program_id


def test_dashboard_for_10000_participants_by_36_sessions_runs_a_fixed_few_statements(
        seeded, login_as):
    reviewer = login_as("bkpsdm").client
    small, _, _ = statements_for(seeded, reviewer, "/review/programs/1")
    started = clock.perf_counter()
    program_id = build_big_programme(seeded)
    built = clock.perf_counter() - started
    big, seconds, html = statements_for(seeded, reviewer, f"/review/programs/{program_id}")
    print(f"\nbuilt 10,000 x 36 in {built:.1f} s; dashboard: {big} statements, {seconds:.2f} s")
    assert big == small <= 8
    assert "10000 peserta" in html.replace(".", "")
    filtered, _, _ = statements_for(seeded, reviewer,
                                    f"/review/programs/{program_id}?zone=merah&sort=missed&page=3")
    assert filtered == small
    exported, _, _ = statements_for(seeded, reviewer,
                                    f"/review/programs/{program_id}/export.csv")
    assert exported == small


def test_daily_sustained_and_queue_pages_run_a_fixed_few_statements(seeded_history, login_as):
    reviewer = login_as("bkpsdm").client
    # The daily pages also read the working calendar (3) and approved corrections (1).
    pages = {"/review/daily?unit=PUPR": 12, "/review/daily": 12,
             "/review/programs/2/sustained": 8, "/review/checkins": 8, "/review": 8}
    for url, limit in pages.items():
        count, _, _ = statements_for(seeded_history, reviewer, url)
        assert count <= limit, (url, count)


def build_projects(app, name: str, owners: list[str]) -> int:
    """A leadership training whose participants each run a project: three milestones, six
    months of usage, every third one stopped."""
    with app.app_context():
        today = datetime.now(UTC).date()
        program = leadership_programme(name=name)
        users = db.session.scalars(db.select(User).where(User.username.in_(owners)))
        for n, user in enumerate(users):
            add_project(user, program, month_start(today, 7),
                        {f"{month_start(today, k):%Y-%m}": k for k in range(1, 7)},
                        stop=("anggaran", datetime.now(UTC)) if n % 3 == 0 else None,
                        due_dates=(today - timedelta(days=40), today, today + timedelta(days=60)))
        db.session.commit()
        return program.id


def test_project_pages_run_the_same_statements_for_2_or_20_projects(seeded, login_as):
    small = build_projects(seeded, "PKA kecil", ["peserta01", "peserta02"])
    big = build_projects(seeded, "PKA besar", [f"peserta{i:02d}" for i in range(3, 23)])
    reviewer = login_as("bkpsdm").client
    counts = {}
    for path in ("/review/projects?program={}", "/review/projects/export.xlsx?program={}",
                 "/review/projects/print?program={}"):
        two, _, _ = statements_for(seeded, reviewer, path.format(small))
        twenty, _, _ = statements_for(seeded, reviewer, path.format(big))
        assert twenty == two <= 10, path
        counts[path] = two
    everything, _, html = statements_for(seeded, reviewer, "/review/projects")
    assert everything == counts["/review/projects?program={}"]
    assert html.count("<tr data-state=") == 22
