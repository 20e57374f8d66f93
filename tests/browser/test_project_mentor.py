"""The mentor's phone pages (/mentoring) in Chromium at 360 px: an owner's offline claim reaches
the mentor, who returns it offline with a comment that reaches the owner, each entry stored
once; refused decisions stay visible with their reason; other mentors' projects are 404."""

import hashlib

from playwright.sync_api import expect

from tests.api.sync_helpers import send
from tests.api.test_projects_sync import entry
from tests.browser.conftest import (
    CONTEXT_ARGS,
    login,
    outbox_entries,
    wait_for_app,
)
from tests.browser.test_clinic_session import open_offline_ready
from tests.browser.test_project_owner import PHOTO
from tests.browser.test_review_screens import page_width, screens_dir
from webapp.extensions import db
from webapp.models import Photo, Project, ProjectReport, ProjectReview, ProjectStop, User

NOTE = "SK tim sudah terbit, uji coba di Nagari Lubuk Gadang"
COMMENT = "Lampirkan SK yang sudah ditandatangani Bupati"
BUDGET = "Belum masuk DPA; usulkan di APBD-P"


LOADED_PHOTO = """() => {
    const img = document.querySelector('[data-testid=evidence-photo]');
    return img && img.complete && img.naturalWidth > 0; }"""


def demo_project(app, owner: str) -> dict:
    """`owner`'s demo project, its open (long-term) milestone and the mentor's username."""
    with app.app_context():
        project = db.session.scalar(db.select(Project).join(User, Project.owner_id == User.id)
                                    .where(User.username == owner))
        milestone = next(m for m in project.milestones if m.state == "terbuka")
        return {"id": project.id, "milestone": milestone.id, "title": milestone.title,
                "mentor": db.session.get(User, project.mentor_id).username}


def waiting_on(page, project_id: str):
    return page.locator(f"[data-testid=waiting-project][data-project-id='{project_id}']")


def milestone_of(page, project: dict):
    return page.locator(f"[data-testid=milestone][data-milestone-id='{project['milestone']}']")


def test_an_offline_claim_is_returned_offline_and_the_owner_reads_the_comment_each_once(
        browser, live_server, seeded_history, tmp_path):
    project = demo_project(seeded_history, "peserta01")
    owner_context = browser.new_context(**CONTEXT_ARGS)
    mentor_context = browser.new_context(**CONTEXT_ARGS)
    try:
        # The owner, offline on their page: a claim with a note and a photo survives a reload,
        # then goes.
        owner = open_offline_ready(owner_context, live_server, "peserta01", "/projects")
        owner_context.set_offline(True)
        owned = milestone_of(owner, project)
        owned.get_by_test_id("report-milestone").click()
        owner.fill("#note", NOTE)
        owner.set_input_files("#photo", files=[{"name": "bukti.png", "mimeType": "image/png",
                                                "buffer": PHOTO.read_bytes()}])
        owner.check("input[name=done]")
        owner.get_by_test_id("send-report").click()
        expect(owned).to_contain_text("Menunggu mentor")
        owner.reload()
        wait_for_app(owner)
        expect(owned).to_contain_text("menunggu kirim")
        [claim] = outbox_entries(owner)
        owner_context.set_offline(False)
        expect(owner.get_by_test_id("outbox-count")).to_have_text("0", timeout=20000)

        # The mentor sees it waiting, with the note and the photo.
        mentor = open_offline_ready(mentor_context, live_server, project["mentor"], "/mentoring")
        waiting = waiting_on(mentor, project["id"])
        expect(waiting).to_contain_text(project["title"])
        expect(waiting).to_have_attribute("data-claims", "1")
        # A stopped innovation (the demo's CCTV project, same mentor) has nothing to chase.
        stopped = demo_project(seeded_history, "peserta03")
        assert stopped["mentor"] == project["mentor"]
        expect(waiting_on(mentor, stopped["id"])).to_have_count(0)
        expect(mentor.locator(f"[data-testid=mentored-project][data-project-id='{stopped['id']}']")
               ).to_have_attribute("data-state", "berhenti")
        assert page_width(mentor) <= 360
        mentor.screenshot(path=str(screens_dir(tmp_path) / "mentoring-360.png"), full_page=True)
        waiting.get_by_role("link").click()
        wait_for_app(mentor)
        milestone = milestone_of(mentor, project)
        expect(milestone.get_by_test_id("milestone-report")).to_contain_text(NOTE)
        mentor.wait_for_function(LOADED_PHOTO)
        assert page_width(mentor) <= 360
        mentor.screenshot(path=str(screens_dir(tmp_path) / "project-mentor-360.png"),
                          full_page=True)

        # Offline: returning needs a comment; with one it is queued and shown pending.
        mentor_context.set_offline(True)
        milestone.get_by_role("radio", name="Kembalikan").check()
        milestone.get_by_test_id("send-review").click()
        expect(milestone.locator("[data-review-message]")).to_contain_text("Tuliskan mengapa")
        assert outbox_entries(mentor) == []
        milestone.locator("textarea[name=comment]").fill(COMMENT)
        milestone.locator("textarea[name=budget_note]").fill(BUDGET)
        milestone.get_by_test_id("send-review").scroll_into_view_if_needed()
        mentor.screenshot(path=str(screens_dir(tmp_path) / "project-review-form-360.png"))
        milestone.get_by_test_id("send-review").click()
        review = milestone.get_by_test_id("milestone-review")
        expect(review).to_have_attribute("data-pending", "1")
        expect(review).to_contain_text(COMMENT)
        expect(milestone).to_have_attribute("data-state", "dikembalikan")
        expect(milestone.get_by_test_id("send-review")).to_have_count(0)

        mentor.reload()
        wait_for_app(mentor)
        review = milestone_of(mentor, project).get_by_test_id("milestone-review")
        expect(review).to_have_attribute("data-pending", "1")
        expect(review).to_contain_text(COMMENT)
        expect(review).to_contain_text("menunggu kirim")
        expect(mentor.get_by_test_id("outbox-count")).to_have_text("1")
        mentor.wait_for_function(LOADED_PHOTO)
        assert page_width(mentor) <= 360
        mentor.screenshot(path=str(screens_dir(tmp_path) / "project-mentor-offline-360.png"),
                          full_page=True)
        [return_entry] = outbox_entries(mentor)

        mentor_context.set_offline(False)
        expect(mentor.get_by_test_id("outbox-count")).to_have_text("0", timeout=20000)
        expect(review).to_have_attribute("data-pending", "")
        expect(review).to_contain_text(BUDGET)

        # The owner reads the comment and the budget note on their phone.
        owner.reload()
        wait_for_app(owner)
        returned = milestone_of(owner, project).locator(".verdict-dikembalikan")
        expect(returned).to_contain_text(COMMENT)
        expect(returned).to_contain_text(BUDGET)

        with seeded_history.app_context():
            reports = db.session.scalars(db.select(ProjectReport).where(
                ProjectReport.milestone_id == project["milestone"])).all()
            assert [(r.entry_id, r.note, r.done) for r in reports] == [(claim["id"], NOTE, True)]
            assert db.session.get(Photo, reports[0].photo_id) is not None
            reviews = db.session.scalars(db.select(ProjectReview).where(
                ProjectReview.milestone_id == project["milestone"])).all()
            assert [(r.entry_id, r.verdict, r.comment, r.budget_note) for r in reviews] == [
                (return_entry["id"], "dikembalikan", COMMENT, BUDGET)]
    finally:
        owner_context.close()
        mentor_context.close()


def test_a_decision_the_server_refuses_stays_on_the_page_with_its_reason(
        browser, live_server, seeded_history, login_as):
    project = demo_project(seeded_history, "peserta02")
    send(login_as("peserta02"), [entry("project_report", project_id=project["id"],
                                       milestone_id=project["milestone"], done=True,
                                       note="Sudah berjalan")])
    context = browser.new_context(**CONTEXT_ARGS)
    try:
        page = open_offline_ready(context, live_server, project["mentor"],
                                  f"/mentoring/projects/{project['id']}")
        milestone = milestone_of(page, project)
        expect(milestone).to_have_attribute("data-state", "diklaim")
        context.set_offline(True)
        milestone.get_by_role("radio", name="Terima").check()
        milestone.get_by_test_id("send-review").click()
        expect(milestone).to_have_attribute("data-state", "diterima")
        # Meanwhile BKPSDM returned it: the mentor's acceptance comes too late.
        send(login_as("bkpsdm"), [entry("project_review", project_id=project["id"],
                                        milestone_id=project["milestone"],
                                        verdict="dikembalikan", comment="Foto kurang jelas")])
        context.set_offline(False)
        refused = milestone.get_by_test_id("milestone-rejected")
        expect(refused).to_contain_text("sudah diputuskan", timeout=20000)
        expect(page.get_by_test_id("rejected-list")).to_contain_text("Keputusan mentor")
        page.reload()
        wait_for_app(page)
        expect(milestone_of(page, project).get_by_test_id("milestone-rejected")).to_be_visible()
    finally:
        context.close()


def test_a_project_page_never_visited_opens_offline_and_classifies_and_stops_each_once(
        browser, live_server, seeded_history):
    project = demo_project(seeded_history, "peserta04")
    context = browser.new_context(**CONTEXT_ARGS)
    try:
        # Only the list was opened online: it had the worker keep its project pages.
        page = open_offline_ready(context, live_server, project["mentor"], "/mentoring")
        page.wait_for_selector("body[data-linked-pages-cached]", state="attached")
        context.set_offline(True)
        page.goto(f"{live_server}/mentoring/projects/{project['id']}")
        wait_for_app(page)
        page.get_by_label("Rutinitas").check()
        page.get_by_test_id("send-classification").click()
        expect(page.locator("[data-classify-current]")).to_contain_text("menunggu kirim")
        page.select_option("select[name=reason]", "anggaran")
        page.fill("textarea[name=note]", "Biaya langganan tidak masuk DPA")
        page.get_by_test_id("send-stop").click()
        page.get_by_test_id("confirm-stop").click()
        expect(page.locator("[data-stop-info]")).to_contain_text("Anggaran")
        expect(page.get_by_test_id("life-state")).to_have_text("Berhenti")
        page.reload()
        wait_for_app(page)
        expect(page.locator("[data-stop-info]")).to_contain_text("menunggu kirim")
        context.set_offline(False)
        expect(page.get_by_test_id("outbox-count")).to_have_text("0", timeout=20000)
        expect(page.locator("[data-stop-info]")).not_to_contain_text("menunggu kirim")
        with seeded_history.app_context():
            stored = db.session.get(Project, project["id"])
            assert stored.classification == "rutinitas"
            stops = db.session.scalars(db.select(ProjectStop).filter_by(
                project_id=project["id"])).all()
            assert [(s.reason, s.note) for s in stops] == [
                ("anggaran", "Biaya langganan tidak masuk DPA")]
    finally:
        context.close()


def test_evidence_photos_cached_from_the_list_show_offline_and_go_at_logout(
        browser, live_server, seeded_history):
    project = demo_project(seeded_history, "peserta04")
    with seeded_history.app_context():
        owner = db.session.scalar(db.select(User).filter_by(username="peserta04"))
        data = PHOTO.read_bytes()
        photo = Photo(id="5f0c7d2e-1a4b-4c3d-9e8f-0a1b2c3d4e5f", user_id=owner.id,
                      content_type="image/png", data=data,
                      source_sha256=hashlib.sha256(data).hexdigest(), width=192, height=192)
        db.session.add_all([photo, ProjectReport(
            project_id=project["id"], milestone_id=project["milestone"], done=True,
            note=NOTE, photo_id=photo.id, by_id=owner.id)])
        db.session.commit()
    context = browser.new_context(**CONTEXT_ARGS)
    try:
        # Only the list was opened online: it had the worker keep the evidence photos.
        page = open_offline_ready(context, live_server, project["mentor"], "/mentoring")
        page.wait_for_selector("body[data-linked-pages-cached][data-evidence-cached]",
                               state="attached")
        context.set_offline(True)
        page.goto(f"{live_server}/mentoring/projects/{project['id']}")
        wait_for_app(page)
        expect(milestone_of(page, project).get_by_test_id("milestone-report")).to_contain_text(NOTE)
        page.wait_for_function(LOADED_PHOTO)
        # The photo cache is the user's: the logout deletes it with their pages.
        assert page.evaluate("caches.has('hadir-photos')")
        context.set_offline(False)
        page.get_by_role("button", name="Keluar").click()
        page.wait_for_url("**/login")
        assert not page.evaluate("caches.has('hadir-photos')")
    finally:
        context.close()


def test_a_mentor_cannot_open_a_project_they_do_not_mentor(page, live_server, seeded_history):
    project = demo_project(seeded_history, "peserta01")
    other = next(f"atasan{k}" for k in range(1, 5) if f"atasan{k}" != project["mentor"])
    login(page, live_server, other)
    response = page.goto(f"{live_server}/mentoring/projects/{project['id']}")
    assert response.status == 404
    page.goto(f"{live_server}/mentoring")
    wait_for_app(page)
    expect(page.locator(f"[data-project-id='{project['id']}']")).to_have_count(0)
