"""The demo's PKA programme shows every life state of a change project, as views need."""

from collections import Counter
from datetime import UTC, datetime

from tests.api.statements import statements_for
from webapp.extensions import db
from webapp.models import Program, Project, User
from webapp.services import projects


def test_demo_change_projects_show_live_fading_dead_and_stopped(seeded_history):
    with seeded_history.app_context():
        program = db.session.scalar(db.select(Program).filter_by(kind="leadership_training"))
        reviewer = db.session.scalar(db.select(User).filter_by(username="bkpsdm"))
        items = projects.visible(reviewer, datetime.now(UTC), program=program.id)
        assert len(items) == 16
        states = Counter(item["state"] for item in items)
        assert states == {"hidup": 4, "melemah": 3, "mati_suri": 5, "berhenti": 4}
        reasons = Counter(item["stop"]["reason"] for item in items if item["stop"])
        assert reasons["anggaran"] == 3
        owners = {db.session.get(User, item["owner_id"]).username for item in items}
        assert owners == {f"peserta{i:02d}" for i in range(1, 17)}
        mentors = {db.session.get(User, item["mentor_id"]).username for item in items}
        assert mentors == {"atasan1", "atasan2", "atasan3", "atasan4"}
        assert any(m["overdue"] for item in items for m in item["milestones"])
        assert {m["state"] for item in items for m in item["milestones"]} == {
            "terbuka", "diterima", "dikembalikan"}
        launched_months = {(item["launched_on"].year, item["launched_on"].month)
                           for item in items}
        assert len(launched_months) == 10  # launched 3 to 12 months ago
        from webapp.demo import seed_demo_history

        seed_demo_history()  # idempotent
        assert db.session.scalar(db.select(db.func.count(Project.id))) == 16


def test_the_pka_programme_page_renders_without_sessions(seeded_history, login_as):
    with seeded_history.app_context():
        program_id = db.session.scalar(db.select(Program.id).filter_by(
            kind="leadership_training"))
    reviewer = login_as("bkpsdm").client
    for path in ("", "/print", "/export.xlsx", "/export.csv", "/sustained"):
        response = reviewer.get(f"/review/programs/{program_id}{path}")
        assert response.status_code == 200, path


def test_the_project_list_runs_the_same_statements_for_one_project_or_sixteen(seeded_history,
                                                                             login_as):
    reviewer = login_as("bkpsdm").client
    one, _, body = statements_for(seeded_history, reviewer, "/api/v1/projects?unit=KEC-SANGIR")
    assert body.count('"owner_id"') == 1
    sixteen, _, body = statements_for(seeded_history, reviewer, "/api/v1/projects")
    assert body.count('"owner_id"') == 16
    assert sixteen == one <= 12
