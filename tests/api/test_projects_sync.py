"""Change projects through sync: each kind exactly once, base/conflict on edits, who may do
what, foreign ids refused, every change audited."""

import uuid
from datetime import UTC, date, datetime

import pytest

from tests.api.sync_helpers import WIB, send
from webapp.extensions import db
from webapp.models import (
    AuditEvent,
    Program,
    ProgramParticipant,
    Project,
    ProjectConflict,
    ProjectReport,
    ProjectReview,
    ProjectStop,
    Unit,
    User,
)
from webapp.services import projects as project_service
from webapp.services.sync_kinds.project import NEEDS_BASE
from webapp.services.sync_kinds.project_report import BEFORE_LAUNCH, NOT_YET


def entry(kind: str, entry_id: str | None = None, **data) -> dict:
    return {"id": entry_id or str(uuid.uuid4()), "kind": kind,
            "captured_at": datetime.now(UTC).astimezone(WIB).isoformat(), "data": data}


def new_id() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def pka(seeded):
    """A leadership-training programme with peserta01 (mentor atasan1) and peserta08
    (mentor atasan2) enrolled; returns ids the tests need."""
    with seeded.app_context():
        users = {u.username: u for u in db.session.scalars(db.select(User).where(
            User.username.in_(["peserta01", "peserta08"])))}
        unit = db.session.scalar(db.select(Unit).filter_by(code="KEC-SANGIR"))
        program = Program(name="PKA Uji", kind="leadership_training", unit_id=unit.id,
                          start_date=date(2025, 1, 6), end_date=date(2025, 6, 30),
                          target_sessions=1)
        clinic = db.session.scalar(db.select(Program).where(Program.kind == "coaching_clinic"))
        db.session.add(program)
        db.session.flush()
        db.session.add_all(ProgramParticipant(program_id=program.id, user_id=u.id)
                           for u in users.values())
        db.session.commit()
        return {"program": program.id, "clinic": clinic.id, "unit": unit.id}


def plan(pka, project_id=None, milestone_id=None, **overrides) -> dict:
    data = {"project_id": project_id or new_id(), "title": "Layanan KTP keliling",
            "problem": "Warga jauh dari kantor", "goal": "KTP selesai di nagari",
            "indicator": "permohonan KTP dilayani", "unit_id": pka["unit"],
            "program_id": pka["program"], "launched_on": "2026-01-05",
            "milestones": [{"id": milestone_id or new_id(), "stage": "pendek",
                            "title": "SK tim", "output": "SK ditandatangani",
                            "due_date": "2026-02-01"}]}
    return {**data, **overrides}


def create(api, pka, **kw) -> dict:
    data = plan(pka, **kw)
    [result] = send(api, [entry("project", **data)])
    assert result["status"] == "created", result
    return result["record"]["project"]


def test_a_project_is_created_once_with_its_owners_supervisor_as_mentor(seeded, login_as, pka):
    api = login_as("peserta01")
    project_entry = entry("project", **plan(pka))
    [first] = send(api, [project_entry])
    [again] = send(api, [project_entry])
    assert first["status"] == "created" and again["status"] == "duplicate"
    assert again["record"] == first["record"]
    record = first["record"]["project"]
    assert record["state"] == "mati_suri" and record["milestones"][0]["state"] == "terbuka"
    with seeded.app_context():
        assert db.session.scalar(db.select(db.func.count(Project.id))) == 1
        mentor = db.session.get(User, record["mentor_id"])
        assert mentor.username == "atasan1"
        # The mentor's list says whose project it is.
        assert record["owner_name"] == db.session.get(User, record["owner_id"]).full_name
        [event] = db.session.scalars(db.select(AuditEvent).filter_by(action="project.create"))
        assert event.after["title"] == "Layanan KTP keliling"


def test_an_edit_changes_only_the_fields_it_carries(seeded, login_as, pka):
    api = login_as("peserta01")
    record = create(api, pka)
    [result] = send(api, [entry("project", project_id=record["id"], goal="KTP selesai sehari",
                                base={"goal": record["goal"]})])
    assert result["status"] == "created", result
    edited = result["record"]["project"]
    assert edited["goal"] == "KTP selesai sehari"
    assert edited["title"] == record["title"] and edited["milestones"] == record["milestones"]
    with seeded.app_context():
        [event] = db.session.scalars(db.select(AuditEvent).filter_by(action="project.edit"))
        assert event.before["goal"] == record["goal"]
        assert event.after["goal"] == "KTP selesai sehari"


def test_an_edit_on_a_stale_base_is_a_conflict_and_both_values_are_kept(seeded, login_as, pka):
    api = login_as("peserta01")
    record = create(api, pka)
    mid = record["milestones"][0]["id"]
    # Phone A changes the title and the milestone's due date.
    [first] = send(api, [entry(
        "project", project_id=record["id"], title="KTP Keliling Nagari",
        milestones=[{"id": mid, "due_date": "2026-03-01"}],
        base={"title": record["title"], "milestones": [{"id": mid, "due_date": "2026-02-01"}]})])
    assert first["status"] == "created", first
    # Phone B saw the old values; its goal edit applies, its title and due date conflict.
    [result] = send(api, [entry(
        "project", project_id=record["id"], title="KTP Jemput Bola", goal="Sehari jadi",
        milestones=[{"id": mid, "due_date": "2026-04-01"}],
        base={"title": record["title"], "goal": record["goal"],
              "milestones": [{"id": mid, "due_date": "2026-02-01"}]})])
    assert result["status"] == "conflict", result
    stored = result["record"]["project"]
    assert stored["title"] == "KTP Keliling Nagari" and stored["goal"] == "Sehari jadi"
    assert stored["milestones"][0]["due_date"] == "2026-03-01"
    kept = {c["field"]: (c["value"], c["stored"]) for c in stored["conflicts"]}
    assert kept == {"title": ("KTP Jemput Bola", "KTP Keliling Nagari"),
                    f"milestones.{mid}.due_date": ("2026-04-01", "2026-03-01")}
    # Picking a value is a fresh edit on the stored base; it settles the kept title.
    [settled] = send(api, [entry("project", project_id=record["id"], title="KTP Jemput Bola",
                                 base={"title": "KTP Keliling Nagari"})])
    assert settled["status"] == "created"
    assert [c["field"] for c in settled["record"]["project"]["conflicts"]] == [
        f"milestones.{mid}.due_date"]
    with seeded.app_context():
        assert db.session.scalar(db.select(db.func.count(ProjectConflict.id))) == 2
        assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).filter_by(
            action="project.edit_conflict")) == 1


def test_an_edit_without_base_is_rejected(seeded, login_as, pka):
    api = login_as("peserta01")
    record = create(api, pka)
    [result] = send(api, [entry("project", project_id=record["id"], title="Tanpa dasar")])
    assert result["status"] == "rejected"
    assert result["errors"] == {"base": NEEDS_BASE.format(fields="title")}


def test_only_the_owner_edits_and_foreign_ids_are_refused(seeded, login_as, pka):
    record = create(login_as("peserta01"), pka)
    mid = record["milestones"][0]["id"]
    other = login_as("peserta08")
    results = send(other, [
        entry("project", project_id=record["id"], title="Diambil alih",
              base={"title": record["title"]}),
        # A new project of peserta08 that lists peserta01's milestone.
        entry("project", **plan(pka, milestones=[{"id": mid, "stage": "pendek",
                                                  "title": "Curian"}])),
        entry("project", **plan(pka, unit_id=99999)),
        entry("project", **plan(pka, program_id=pka["clinic"])),
        entry("project", **plan(pka, program_id=99999)),
    ])
    assert [r["status"] for r in results] == ["rejected"] * 5
    assert results[0]["errors"] == {"project_id": project_service.NOT_YOURS}
    assert results[1]["errors"] == {"milestones": project_service.MILESTONE_ELSEWHERE}
    assert set(results[2]["errors"]) == {"unit_id"}
    assert results[3]["errors"] == {"program_id": "Program ini bukan pelatihan kepemimpinan."}
    assert results[4]["errors"] == {"program_id": "Program tidak dikenal."}
    # peserta02 is not enrolled in the PKA programme.
    [outsider] = send(login_as("peserta02"), [entry("project", **plan(pka))])
    assert outsider["errors"] == {"program_id": "Anda tidak terdaftar di program ini."}
    with seeded.app_context():
        assert db.session.get(Project, record["id"]).title == record["title"]


def test_claim_return_and_claim_again_then_accept(seeded, login_as, pka):
    owner, mentor = login_as("peserta01"), login_as("atasan1")
    record = create(owner, pka)
    pid, mid = record["id"], record["milestones"][0]["id"]
    photo = new_id()
    [claim] = send(owner, [entry("project_report", project_id=pid, milestone_id=mid, done=True,
                                 note="SK sudah terbit", photo_id=photo)])
    assert claim["status"] == "created"
    assert claim["record"]["project"]["milestones"][0]["state"] == "diklaim"
    ret = entry("project_review", project_id=pid, milestone_id=mid, verdict="dikembalikan",
                comment="Lampirkan SK yang ditandatangani", budget_note="Belum ada DPA")
    [returned] = send(mentor, [ret])
    [again] = send(mentor, [ret])
    assert returned["status"] == "created" and again["status"] == "duplicate"
    assert returned["record"]["project"]["milestones"][0]["state"] == "dikembalikan"
    # Nothing new to decide until the owner claims it again.
    [early] = send(mentor, [entry("project_review", project_id=pid, milestone_id=mid,
                                  verdict="diterima")])
    assert early["status"] == "rejected" and "milestone_id" in early["errors"]
    send(owner, [entry("project_report", project_id=pid, milestone_id=mid, done=True)])
    [accepted] = send(mentor, [entry("project_review", project_id=pid, milestone_id=mid,
                                     verdict="diterima", classification="inovasi_baru")])
    assert accepted["status"] == "created"
    assert accepted["record"]["project"]["classification"] == "inovasi_baru"
    [closed] = send(owner, [entry("project_report", project_id=pid, milestone_id=mid,
                                  done=True)])
    assert closed["status"] == "rejected" and "milestone_id" in closed["errors"]
    with seeded.app_context():
        assert db.session.scalar(db.select(db.func.count(ProjectReview.id))) == 2
        reports = db.session.scalars(db.select(ProjectReport).order_by(ProjectReport.id)).all()
        assert len(reports) == 2 and reports[0].photo_id == photo
        actions = db.session.scalars(db.select(AuditEvent.action).where(
            AuditEvent.action.like("project.%")).order_by(AuditEvent.id)).all()
        assert actions == ["project.create", "project.milestone_claim", "project.review",
                           "project.milestone_claim", "project.review"]


def test_a_milestone_carries_its_latest_report_and_the_mentors_comment_and_budget_note(
        seeded, login_as, pka):
    owner, mentor = login_as("peserta01"), login_as("atasan1")
    record = create(owner, pka)
    pid, mid = record["id"], record["milestones"][0]["id"]
    photo = new_id()
    send(owner, [entry("project_report", project_id=pid, milestone_id=mid, note="Rapat tim")])
    [claim] = send(owner, [entry("project_report", project_id=pid, milestone_id=mid, done=True,
                                 note="SK sudah terbit", photo_id=photo)])
    report = claim["record"]["project"]["milestones"][0]["report"]
    assert (report["note"], report["photo_id"], report["done"]) == ("SK sudah terbit", photo, True)
    send(mentor, [entry("project_review", project_id=pid, milestone_id=mid,
                        verdict="dikembalikan", comment="Lampirkan SK",
                        budget_note="Belum ada DPA")])
    [listed] = owner.get("/api/v1/projects").get_json()["items"]
    review = listed["milestones"][0]["review"]
    assert (review["verdict"], review["comment"], review["budget_note"]) == (
        "dikembalikan", "Lampirkan SK", "Belum ada DPA")
    [bootstrapped] = owner.get("/api/v1/bootstrap").get_json()["projects"]
    assert bootstrapped["milestones"][0]["review"]["comment"] == "Lampirkan SK"


def test_a_mentor_reviews_only_what_they_mentor_and_a_reviewer_everything(seeded, login_as,
                                                                        pka):
    owner = login_as("peserta01")
    record = create(owner, pka)
    pid, mid = record["id"], record["milestones"][0]["id"]
    send(owner, [entry("project_report", project_id=pid, milestone_id=mid, done=True)])
    for username in ("atasan2", "peserta01", "peserta08"):
        [result] = send(login_as(username), [entry("project_review", project_id=pid,
                                                   classification="rutinitas")])
        assert result["errors"] == {"project_id": project_service.NOT_YOUR_MENTEE}, username
    other = create(login_as("peserta08"), pka)
    [foreign] = send(login_as("atasan1"), [entry(
        "project_review", project_id=pid, milestone_id=other["milestones"][0]["id"],
        verdict="diterima")])
    assert foreign["errors"] == {"milestone_id": project_service.MILESTONE_ELSEWHERE}
    [by_reviewer] = send(login_as("bkpsdm"), [entry(
        "project_review", project_id=pid, milestone_id=mid, verdict="diterima")])
    assert by_reviewer["status"] == "created"


def test_usage_of_a_month_reported_again_counts_its_last_report_and_is_audited(
        seeded, login_as, pka):
    owner = login_as("peserta01")
    record = create(owner, pka)
    pid = record["id"]
    send(owner, [entry("project_report", project_id=pid, period="2026-02", usage=10)])
    [fixed] = send(owner, [entry("project_report", project_id=pid, period="2026-02",
                                 usage=14)])
    assert fixed["status"] == "created"
    assert fixed["record"]["project"]["usage"] == {"2026-02": 14}
    assert "2026-02" not in fixed["record"]["project"]["missing_usage"]
    assert fixed["record"]["project"]["missing_usage"][0] == "2026-01"
    next_month = datetime.now(WIB).date().replace(day=28)
    next_month = f"{next_month.year + next_month.month // 12}-{next_month.month % 12 + 1:02d}"
    results = send(owner, [
        entry("project_report", project_id=pid, period="2025-12", usage=1),
        entry("project_report", project_id=pid, period=next_month, usage=1),
        entry("project_report", project_id=pid, period="2026-02", usage=-1),
        entry("project_report", project_id=pid, period="2026-02"),
    ])
    assert [r["status"] for r in results] == ["rejected"] * 4
    assert results[0]["errors"] == {"period": BEFORE_LAUNCH}
    assert results[1]["errors"] == {"period": NOT_YET}
    assert "usage" in results[2]["errors"] and "usage" in results[3]["errors"]
    [foreign] = send(login_as("peserta08"), [entry("project_report", project_id=pid,
                                                   period="2026-02", usage=99)])
    assert foreign["errors"] == {"project_id": project_service.NOT_YOURS}
    with seeded.app_context():
        events = db.session.scalars(db.select(AuditEvent).filter_by(
            action="project.usage").order_by(AuditEvent.id)).all()
        assert [(e.before["usage"], e.after["usage"]) for e in events] == [(None, 10), (10, 14)]


def test_a_stop_is_recorded_once_by_the_owner_or_mentor(seeded, login_as, pka):
    record = create(login_as("peserta01"), pka)
    pid = record["id"]
    [outsider] = send(login_as("atasan2"), [entry("project_stop", project_id=pid,
                                                  reason="anggaran")])
    assert outsider["errors"] == {"project_id": project_service.NOT_YOUR_MENTEE}
    stop = entry("project_stop", project_id=pid, reason="anggaran", note="DPA dipotong")
    mentor = login_as("atasan1")
    [first] = send(mentor, [stop])
    [again] = send(mentor, [stop])
    assert first["status"] == "created" and again["status"] == "duplicate"
    assert first["record"]["project"]["state"] == "berhenti"
    assert first["record"]["project"]["stop"]["reason"] == "anggaran"
    [twice] = send(login_as("peserta01"), [entry("project_stop", project_id=pid,
                                                 reason="mutasi")])
    assert twice["errors"] == {"project_id": project_service.STOPPED}
    [bad] = send(mentor, [entry("project_stop", project_id=new_id(), reason="bosan")])
    assert bad["status"] == "rejected" and "reason" in bad["errors"]
    with seeded.app_context():
        assert db.session.scalar(db.select(db.func.count(ProjectStop.id))) == 1
        [event] = db.session.scalars(db.select(AuditEvent).filter_by(action="project.stop"))
        assert event.after["reason"] == "anggaran"


def test_a_plan_and_its_first_reports_in_one_batch_are_stored_in_order(seeded, login_as, pka):
    data = plan(pka)
    mid = data["milestones"][0]["id"]
    results = send(login_as("peserta01"), [
        entry("project_report", project_id=data["project_id"], milestone_id=mid, done=True),
        entry("project", **data),
        entry("project_report", project_id=data["project_id"], period="2026-01", usage=3),
    ])
    assert [r["status"] for r in results] == ["created"] * 3
    assert results[2]["record"]["project"]["milestones"][0]["state"] == "diklaim"


def test_the_mentor_sees_the_owners_evidence_photo_and_nobody_else_does(seeded, login_as, pka):
    from tests.api.test_role_matrix import _photo

    owner = login_as("peserta01")
    record = create(owner, pka)
    photo = _photo(owner)
    url = f"/api/v1/photos/{photo}"
    assert login_as("atasan1").get(url).status_code == 404  # not evidence yet
    send(owner, [entry("project_report", project_id=record["id"],
                       milestone_id=record["milestones"][0]["id"], done=True, photo_id=photo)])
    assert login_as("atasan1").get(url).status_code == 200
    # peserta08 names peserta01's photo in their own project: their mentor still cannot see it.
    other = login_as("peserta08")
    theirs = create(other, pka)
    [named] = send(other, [entry("project_report", project_id=theirs["id"],
                                 milestone_id=theirs["milestones"][0]["id"], photo_id=photo)])
    assert named["status"] == "created"
    for username in ("atasan2", "peserta08"):
        assert login_as(username).get(url).status_code == 404, username
