"""Change projects: BKPSDM's overview `/review/projects` and its XLSX export with 2,000
projects x 24 monthly usage reports (four cohorts of 500, three milestones each, every
seventh stopped), through the Flask test client, against a plain SELECT of the same report
rows straight through the driver. Statements are counted per request; the demo's 16 projects
must take as many."""

import gc
import time
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from bench.appdb import bench_app, prepare_database
from bench.review_timing import (
    ACCEPT,
    StatementCounter,
    logged_in_client,
    timed_get,
    timed_select,
    vacuum_analyze,
)
from webapp.demo import _demo_password_hash
from webapp.extensions import db
from webapp.models import (
    Program,
    Project,
    ProjectMilestone,
    ProjectReport,
    ProjectStop,
    Unit,
    User,
    UserRole,
)

COHORTS = 4
MONTHS = 24
STAGES = ("pendek", "menengah", "panjang")
STOP_REASONS = ("anggaran", "mutasi", "sdm", "infrastruktur", "kebijakan", "lainnya")


def _month(today, back: int):
    index = today.year * 12 + today.month - 1 - back
    return today.replace(year=index // 12, month=index % 12 + 1, day=1)


def seed_projects(count: int) -> int:
    """`count` projects of as many new officials, launched 24 months ago, each with a usage
    report for every complete month since (24): used throughout, or until month 18, 9 or 4."""
    units = list(db.session.scalars(db.select(Unit.id).order_by(Unit.id)))
    bkpsdm = db.session.scalar(db.select(Unit.id).filter_by(code="BKPSDM"))
    password_hash, now = _demo_password_hash(), datetime.now(UTC)
    today = now.date()
    db.session.execute(insert(User.__table__), [
        {"username": f"proj{i:05d}", "full_name": f"Pejabat Proyek {i}", "jabatan": "Kabid",
         "unit_id": units[i % len(units)], "password_hash": password_hash, "active": True,
         "created_at": now} for i in range(count)])
    owners = list(db.session.execute(db.select(User.id, User.unit_id).where(
        User.username.like("proj%")).order_by(User.id)))
    db.session.execute(insert(UserRole.__table__), [
        {"user_id": user_id, "role": "participant"} for user_id, _ in owners])
    programs = []
    for c in range(COHORTS):
        program = Program(name=f"PKA Angkatan {c + 2} (bench)", kind="leadership_training",
                          unit_id=bkpsdm, start_date=_month(today, 40 - 3 * c),
                          end_date=_month(today, 38 - 3 * c), target_sessions=4, skills=[],
                          zone_green_pct=60.0, zone_yellow_pct=30.0)
        db.session.add(program)
        programs.append(program)
    db.session.flush()
    projects, milestones, reports, stops = [], [], [], []
    for n, (owner_id, unit_id) in enumerate(owners):
        project_id = str(uuid.uuid4())
        age = MONTHS  # months since launch: 24 complete ones
        launched = _month(today, age) + timedelta(days=n % 20)
        projects.append({"id": project_id, "owner_id": owner_id, "unit_id": unit_id,
                         "program_id": programs[n % COHORTS].id, "title": f"Inovasi {n}",
                         "problem": "", "goal": "", "indicator": "layanan",
                         "launched_on": launched, "created_at": now, "updated_at": now,
                         "classification": (None, "inovasi_baru", "pengembangan",
                                            "rutinitas")[n % 4]})
        for position, stage in enumerate(STAGES):
            milestones.append({"id": str(uuid.uuid4()), "project_id": project_id,
                               "position": position, "stage": stage, "title": f"Tahap {stage}",
                               "output": "", "due_date": launched + timedelta(days=120 * position),
                               "state": ("diterima", "diklaim", "terbuka")[(n + position) % 3]})
        lasts = (MONTHS, 18, 9, 4)[n // COHORTS % 4]  # months the innovation is used
        for m in range(MONTHS):
            period = _month(today, age - m)
            reports.append({"project_id": project_id, "period": f"{period:%Y-%m}",
                            "usage": (20 + n % 50) if m < lasts else 0, "done": False,
                            "note": "", "by_id": owner_id,
                            "created_at": datetime.combine(period, datetime.min.time(), UTC)
                            + timedelta(days=33)})
        if n % 7 == 0:
            stops.append({"project_id": project_id, "reason": STOP_REASONS[n % 6], "note": "",
                          "by_id": owner_id,
                          "stopped_at": datetime.combine(_month(today, age - 10),
                                                         datetime.min.time(), UTC)})
    for model, rows in ((Project, projects), (ProjectMilestone, milestones),
                        (ProjectReport, reports), (ProjectStop, stops)):
        db.session.execute(insert(model.__table__), rows)
    db.session.commit()
    return len(reports)


BASELINE_SQL = ("SELECT r.project_id, r.period, r.usage FROM project_report r "
                "JOIN project p ON r.project_id = p.id WHERE r.period IS NOT NULL")


def run(backend: str, url: str, projects: int = 2_000, page_runs: int = 7,
        export_runs: int = 3) -> dict:
    app = bench_app(url)
    prepare_database(app)
    with app.app_context():
        client = logged_in_client(app)
        engine = db.engine
    counter = StatementCounter(engine)
    demo_page = timed_get(client, "/review/projects", counter, 2)  # the demo's 16 only
    seeded_at = time.perf_counter()
    with app.app_context():
        report_rows = seed_projects(projects)
        if backend == "postgresql":
            vacuum_analyze(engine)
    seed_s = time.perf_counter() - seeded_at
    client.get("/review/projects", headers=ACCEPT)  # warm-up
    gc.freeze()  # as a gunicorn worker serves (gunicorn.conf.py)
    result = {
        "backend": backend, "projects": projects + 16, "months": MONTHS,
        "report_rows": report_rows, "seed_s": seed_s,
        "page": timed_get(client, "/review/projects", counter, page_runs),
        "demo_page": demo_page,
        "export": timed_get(client, "/review/projects/export.xlsx", counter, export_runs),
        "baseline": timed_select(engine, BASELINE_SQL, (), page_runs),
    }
    gc.unfreeze()
    counter.close()
    with app.app_context():
        db.engine.dispose()
    return result
