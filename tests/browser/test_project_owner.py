"""The owner's change projects on the phone (/projects and the home card), offline too:
register a plan, report progress with an evidence photo, report a month's usage; every entry
shown pending after an offline reload and stored once when the phone is back online."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CONTEXT_ARGS, enqueue, wait_for_app
from tests.browser.test_clinic_session import open_offline_ready, screens_dir
from webapp.extensions import db
from webapp.models import Photo, Project, ProjectMilestone, ProjectReport, ProjectStop, User
from webapp.services.localtime import local_date

PHOTO = Path("webapp/static/icons/icon-192.png")


@pytest.fixture
def district(seeded_history):
    """The demo district with the PKA programme's 16 change projects."""
    return seeded_history


@pytest.fixture
def context(browser):
    context = browser.new_context(**CONTEXT_ARGS)
    yield context
    context.close()


def owner_project(app, username="peserta01") -> Project:
    with app.app_context():
        owner = db.session.scalar(db.select(User).filter_by(username=username))
        return db.session.scalar(db.select(Project).filter_by(owner_id=owner.id))


def project_card(page, title):
    return page.get_by_test_id("project").filter(has_text=title)


def synced(response) -> bool:
    return response.url.endswith("/api/v1/sync") and response.request.method == "POST"


def back_online(context, page):
    context.set_offline(False)
    expect(page.get_by_test_id("outbox-count")).to_have_text("0", timeout=20000)


def test_a_project_registered_offline_shows_pending_after_an_offline_reload_and_is_stored_once(
        context, live_server, district, tmp_path):
    page = open_offline_ready(context, live_server, "peserta01", "/projects")
    context.set_offline(True)
    page.get_by_test_id("new-project").click()
    page.fill("#title", "Antrean Daring Disdukcapil")
    page.fill("#problem", "Warga antre sejak subuh")
    page.fill("#indicator", "permohonan KTP dilayani")
    row = page.locator("[data-milestone-rows] > li").last
    row.locator("[name=m_title]").fill("SK tim inovasi")
    row.locator("[name=output]").fill("SK ditandatangani")
    row.locator("[name=due_date]").fill("2026-12-15")
    page.evaluate("scrollTo(0, 0)")  # the sticky top bar stays at the top of a full shot
    page.screenshot(path=str(screens_dir(tmp_path) / "project-plan-offline-360.png"),
                    full_page=True)
    page.get_by_test_id("save-project").click()
    card = project_card(page, "Antrean Daring Disdukcapil")
    expect(card.locator(".badge.pending").first).to_be_visible()
    page.reload()
    wait_for_app(page)
    expect(card).to_contain_text("menunggu kirim")
    expect(card.get_by_test_id("milestone")).to_contain_text("SK tim inovasi")
    page.screenshot(path=str(screens_dir(tmp_path) / "project-owner-offline-360.png"),
                    full_page=True)
    back_online(context, page)
    expect(card.locator(".badge.pending")).to_have_count(0)
    with district.app_context():
        [project] = db.session.scalars(db.select(Project).filter_by(
            title="Antrean Daring Disdukcapil")).all()
        assert (project.indicator, project.problem) == ("permohonan KTP dilayani",
                                                        "Warga antre sejak subuh")
        [milestone] = db.session.scalars(db.select(ProjectMilestone).filter_by(
            project_id=project.id)).all()
        assert (milestone.stage, milestone.title) == ("pendek", "SK tim inovasi")


def test_an_edit_sends_only_the_changed_field_with_the_value_seen(context, live_server, district):
    page = open_offline_ready(context, live_server, "peserta01", "/projects")
    before = owner_project(district)
    card = project_card(page, before.title)
    card.get_by_test_id("edit-project").click()
    page.fill("#goal", "KTP selesai di kantor nagari")
    with page.expect_request(lambda r: r.url.endswith("/api/v1/sync")) as request:
        page.get_by_test_id("save-project").click()
    [sent] = request.value.post_data_json["entries"]
    assert sent["data"] == {"project_id": before.id, "goal": "KTP selesai di kantor nagari",
                            "base": {"goal": before.goal}}
    expect(page.get_by_test_id("outbox-count")).to_have_text("0", timeout=20000)
    after = owner_project(district)
    assert (after.goal, after.title, after.problem) == (
        "KTP selesai di kantor nagari", before.title, before.problem)


def test_progress_with_a_photo_reported_offline_is_pending_after_a_reload_and_stored_once(
        context, live_server, district, tmp_path):
    page = open_offline_ready(context, live_server, "peserta01", "/projects")
    project = owner_project(district)
    context.set_offline(True)
    card = project_card(page, project.title)
    open_milestone = card.get_by_test_id("milestone").filter(
        has=page.get_by_test_id("report-milestone")).last
    title = open_milestone.locator("strong").first.inner_text()
    open_milestone.get_by_test_id("report-milestone").click()
    page.fill("#note", "Diterapkan di tiga nagari")
    page.set_input_files("#photo", files=[{"name": "bukti.png", "mimeType": "image/png",
                                           "buffer": PHOTO.read_bytes()}])
    page.check("input[name=done]")
    page.evaluate("scrollTo(0, 0)")
    page.screenshot(path=str(screens_dir(tmp_path) / "project-report-360.png"), full_page=True)
    page.get_by_test_id("send-report").click()
    milestone = card.get_by_test_id("milestone").filter(has_text=title)
    expect(milestone).to_contain_text("Menunggu mentor")
    page.reload()
    wait_for_app(page)
    expect(milestone).to_contain_text("menunggu kirim")
    expect(milestone.get_by_test_id("last-report")).to_contain_text("foto bukti terlampir")
    back_online(context, page)
    expect(milestone.locator(".badge.pending")).to_have_count(0)
    # Sent, the photo shows as a thumbnail, and offline too once the phone has seen it.
    expect(milestone.get_by_test_id("evidence-thumb")).to_be_visible()
    context.set_offline(True)
    page.reload()
    wait_for_app(page)
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid=evidence-thumb]')]
        .some((img) => img.complete && img.naturalWidth > 0)""")
    with district.app_context():
        [report] = db.session.scalars(db.select(ProjectReport).filter_by(
            project_id=project.id, note="Diterapkan di tiga nagari")).all()
        assert report.done and report.photo_id
        assert db.session.get(Photo, report.photo_id) is not None
        assert db.session.get(ProjectMilestone, report.milestone_id).state == "diklaim"


def test_the_owner_records_offline_that_the_innovation_stopped_after_confirming_stored_once(
        context, live_server, district):
    page = open_offline_ready(context, live_server, "peserta01", "/projects")
    project = owner_project(district)
    context.set_offline(True)
    card = project_card(page, project.title)
    card.get_by_test_id("stop-project").click()
    page.select_option("#stop-reason", "anggaran")
    page.fill("#stop-note", "Biaya langganan tidak masuk DPA")
    # It cannot be undone: the owner is asked first, and "Batal" leaves nothing queued.
    page.get_by_test_id("send-stop").click()
    page.get_by_role("button", name="Batal", exact=True).last.click()
    expect(page.get_by_test_id("stop-info")).to_have_count(0)
    page.get_by_test_id("send-stop").click()
    page.get_by_test_id("confirm-stop").click()
    expect(card.get_by_test_id("stop-info")).to_contain_text("Anggaran")
    expect(card).to_have_attribute("data-state", "berhenti")
    expect(card.get_by_test_id("stop-project")).to_have_count(0)
    page.reload()
    wait_for_app(page)
    expect(card.get_by_test_id("stop-info")).to_contain_text("menunggu kirim")
    back_online(context, page)
    expect(card.get_by_test_id("stop-info")).not_to_contain_text("menunggu kirim")
    with district.app_context():
        stops = db.session.scalars(db.select(ProjectStop).filter_by(project_id=project.id)).all()
        assert [(s.reason, s.note, s.by_id) for s in stops] == [
            ("anggaran", "Biaya langganan tidak masuk DPA", project.owner_id)]


def test_a_usage_report_shows_on_the_page_offline_and_the_last_one_of_a_month_counts(
        context, live_server, district):
    page = open_offline_ready(context, live_server, "peserta01", "/projects")
    project = owner_project(district)
    this_month = local_date(datetime.now(UTC), "Asia/Jakarta").strftime("%Y-%m")
    context.set_offline(True)
    card = project_card(page, project.title)
    for count in ("17", "21"):
        card.get_by_test_id("report-usage").click()
        page.fill("#period", this_month)
        page.fill("#usage", count)
        page.get_by_test_id("send-usage").click()
        expect(page.locator("[data-usage-card]")).to_be_hidden()
    month = card.locator(f"[data-period='{this_month}']")
    expect(month).to_contain_text("21")
    expect(month).to_contain_text("menunggu kirim")
    page.reload()
    wait_for_app(page)
    expect(month).to_contain_text("21")
    back_online(context, page)
    expect(month.locator(".badge.pending")).to_have_count(0)
    expect(month).to_contain_text("21")
    with district.app_context():
        counts = db.session.scalars(db.select(ProjectReport.usage).filter_by(
            project_id=project.id, period=this_month).order_by(ProjectReport.id)).all()
        assert counts == [17, 21]


def test_home_shows_the_due_usage_report_and_a_returned_milestone(
        context, live_server, district, tmp_path):
    project = owner_project(district, "peserta02")  # its medium-term milestone was returned
    with district.app_context():
        reports = db.select(ProjectReport).filter(
            ProjectReport.project_id == project.id, ProjectReport.period.is_not(None))
        last = max(r.period for r in db.session.scalars(reports))
        for report in db.session.scalars(reports.filter_by(period=last)):
            db.session.delete(report)
        db.session.commit()
    page = open_offline_ready(context, live_server, "peserta02", "/")
    due = page.get_by_test_id("projects-due")
    month = datetime.strptime(last, "%Y-%m")
    month_name = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                  "September", "Oktober", "November", "Desember"][month.month - 1]
    expect(due).to_contain_text(f"Laporan pemakaian {month_name}")
    expect(due).to_contain_text("belum diisi")
    expect(due).to_contain_text("dikembalikan mentor: Lampirkan foto layanan berjalan")
    page.screenshot(path=str(screens_dir(tmp_path) / "home-projects-due-360.png"),
                    full_page=True)


def test_the_owner_page_online_shows_milestones_by_stage_and_the_mentors_comment(
        context, live_server, district, tmp_path):
    page = open_offline_ready(context, live_server, "peserta02", "/projects")
    card = page.get_by_test_id("project").first
    expect(card.locator("h4")).to_have_text(["Jangka pendek", "Jangka menengah",
                                             "Jangka panjang"])
    note = card.locator(".verdict-dikembalikan")
    expect(note).to_contain_text("Mentor: Lampirkan foto layanan berjalan")
    expect(note).to_contain_text("Anggaran: Belum ada pos anggaran untuk perluasan.")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways: {width} px"
    page.screenshot(path=str(screens_dir(tmp_path) / "project-owner-360.png"), full_page=True)


def test_the_owners_page_opens_offline_before_its_first_visit_once_home_was_open(
        context, live_server, district):
    page = open_offline_ready(context, live_server, "peserta01", "/")
    page.wait_for_selector("[data-projects-due][data-offline-ready]", state="attached")
    context.set_offline(True)
    page.get_by_test_id("open-projects").click()
    wait_for_app(page)
    expect(project_card(page, owner_project(district).title)).to_be_visible()


def test_a_refused_claim_stays_under_its_milestone_and_in_the_panel_until_discarded(
        context, live_server, district):
    page = open_offline_ready(context, live_server, "peserta01", "/projects")
    project = owner_project(district)
    with district.app_context():
        accepted = db.session.scalars(db.select(ProjectMilestone).filter_by(
            project_id=project.id, state="diterima")).first()
    with page.expect_response(synced):
        enqueue(page, "project_report", {
            "project_id": project.id, "milestone_id": accepted.id, "done": True,
            "period": None, "usage": None, "note": "Sekali lagi", "photo_id": None})
    milestone = page.locator(f"[data-milestone-id='{accepted.id}']")
    refused = page.get_by_test_id("rejected-list").locator(":scope > li")
    for _ in range(2):
        expect(milestone.get_by_test_id("refused")).to_contain_text("sudah diterima mentor")
        expect(refused).to_contain_text("Laporan kemajuan proyek")
        expect(refused).to_contain_text("sudah diterima mentor")
        page.reload()
        wait_for_app(page)
    refused.get_by_role("button", name="Buang").click()
    page.get_by_test_id("confirm-discard").click()
    expect(refused).to_have_count(0)
    expect(milestone.get_by_test_id("refused")).to_have_count(0)
    expect(milestone).to_contain_text("Diterima")


def test_a_refused_usage_report_is_fixed_from_the_panel_and_stored_once(
        context, live_server, district):
    page = open_offline_ready(context, live_server, "peserta01", "/projects")
    project = owner_project(district)
    this_month = local_date(datetime.now(UTC), "Asia/Jakarta").strftime("%Y-%m")
    with page.expect_response(synced):
        enqueue(page, "project_report", {
            "project_id": project.id, "milestone_id": None, "done": False,
            "period": "2020-01", "usage": 9, "note": "", "photo_id": None})
    card = project_card(page, project.title)
    expect(card.get_by_test_id("refused")).to_contain_text(
        "Pemakaian Januari 2020 ditolak server: Bulan ini sebelum peluncuran proyek.")
    page.get_by_test_id("rejected-list").get_by_role("button", name="Perbaiki").click()
    expect(page.locator("#period")).to_have_value("2020-01")
    page.fill("#period", this_month)
    page.fill("#usage", "33")
    with page.expect_response(synced):
        page.get_by_test_id("send-usage").click()
    expect(page.get_by_test_id("rejected-list").locator(":scope > li")).to_have_count(0)
    expect(page.get_by_test_id("outbox-count")).to_have_text("0", timeout=20000)
    expect(card.get_by_test_id("refused")).to_have_count(0)
    expect(card.locator(f"[data-period='{this_month}']")).to_contain_text("33")
    with district.app_context():
        counts = db.session.scalars(db.select(ProjectReport.usage).filter_by(
            project_id=project.id, period=this_month)).all()
        assert counts == [33]


def test_a_refused_new_plan_is_fixed_in_the_plan_form_and_keeps_its_id(
        context, live_server, district):
    page = open_offline_ready(context, live_server, "peserta01", "/projects")
    project_id = "0b8a3c9e-5d1f-4c2a-9e7b-3f6d2a1c4e55"
    with page.expect_response(synced):
        enqueue(page, "project", {"project_id": project_id, "title": "Arsip Digital Nagari",
                                  "unit_id": 999999, "milestones": []})
    card = project_card(page, "Arsip Digital Nagari")
    expect(card.get_by_test_id("refused")).to_contain_text("Unit kerja tidak dikenal.")
    page.get_by_test_id("rejected-list").get_by_role("button", name="Perbaiki").click()
    expect(page.locator("#title")).to_have_value("Arsip Digital Nagari")
    with page.expect_response(synced):
        page.get_by_test_id("save-project").click()
    expect(page.get_by_test_id("outbox-count")).to_have_text("0", timeout=20000)
    expect(page.get_by_test_id("rejected-list").locator(":scope > li")).to_have_count(0)
    expect(card.get_by_test_id("refused")).to_have_count(0)
    with district.app_context():
        stored = db.session.get(Project, project_id)
        owner = db.session.scalar(db.select(User).filter_by(username="peserta01"))
        assert (stored.title, stored.unit_id) == ("Arsip Digital Nagari", owner.unit_id)


@pytest.mark.one_backend
@pytest.mark.parametrize(("username", "linked"), [("peserta01", True), ("peserta20", False)],
                         ids=["owns-a-project", "no-project-no-leadership-training"])
def test_the_top_bar_links_the_projects_page_only_with_a_project_and_fits_360px(
        context, live_server, district, username, linked):
    page = open_offline_ready(context, live_server, username, "/")
    projects = page.locator("header.topbar a.nav-projects")
    expect(projects).to_have_count(1 if linked else 0)
    if not linked:
        return
    expect(projects).to_have_text("Proyek")
    # The bar does not overflow at 360 px, and every target in it stays 44 px tall (the name
    # 44 px wide too).
    assert page.evaluate("""() => {
        const bar = document.querySelector('header.topbar');
        return bar.scrollWidth <= bar.clientWidth && document.documentElement.scrollWidth <= 360;
    }""")
    for target in page.locator("header.topbar a, header.topbar button").all():
        box = target.bounding_box()
        assert box["height"] >= 44 and box["x"] + box["width"] <= 360, target
    assert page.locator("header.topbar a.who").bounding_box()["width"] >= 44
    projects.click()
    wait_for_app(page)
    expect(page).to_have_url(f"{live_server}/projects")
