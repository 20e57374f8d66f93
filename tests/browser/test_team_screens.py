"""/team in a real browser at 360 px: the supervisor's staff, a correction to decide."""

from playwright.sync_api import expect

from tests.api.sync_helpers import send
from tests.api.test_corrections import _past_workday, correction
from tests.browser.conftest import CONTEXT_ARGS, PHONE, login
from tests.browser.test_review_screens import page_width, screens_dir


def test_team_fits_a_phone_and_decides_a_correction(browser, live_server, seeded_history,
                                                    login_as, tmp_path):
    with seeded_history.app_context():
        day = _past_workday()
    send(login_as("peserta01"), [correction(day, reason="Lupa absen, rapat di kantor bupati")])
    context = browser.new_context(**{**CONTEXT_ARGS, "viewport": PHONE})
    try:
        page = context.new_page()
        login(page, live_server, "atasan1")
        page.goto(f"{live_server}/team")
        expect(page.get_by_test_id("team-today").first).to_be_visible()
        pending = page.locator("form[data-correction]")
        expect(pending).to_have_count(1)
        expect(page.get_by_test_id("team-flagged")).to_contain_text("Di luar")
        assert page_width(page) <= PHONE["width"]
        page.screenshot(path=str(screens_dir(tmp_path) / "team-360.png"), full_page=True)
        pending.get_by_role("button", name="Setujui").click()
        expect(page.locator(".flash")).to_contain_text("Koreksi disetujui")
        expect(pending).to_have_count(0)
    finally:
        context.close()


def test_a_correction_filed_offline_and_approved_counts_in_the_monthly_recap(
        browser, live_server, seeded, tmp_path):
    from datetime import UTC, datetime

    from tests.browser.conftest import wait_for_app
    from tests.browser.test_clinic_session import open_offline_ready
    from webapp.services.monthly_recap import load_monthly

    with seeded.app_context():
        day = _past_workday()
    official = browser.new_context(**{**CONTEXT_ARGS, "viewport": PHONE})
    supervisor = browser.new_context(**{**CONTEXT_ARGS, "viewport": PHONE})
    try:
        page = open_offline_ready(official, live_server, "peserta01", "/corrections")
        official.set_offline(True)
        page.reload()
        wait_for_app(page)
        page.fill("input[name=date]", day.isoformat())
        page.fill("input[name=time]", "07:25")
        page.fill("textarea[name=reason]", "Lupa absen, langsung rapat di kantor bupati")
        page.get_by_test_id("send-correction").click()
        expect(page.get_by_test_id("queued-correction")).to_contain_text("Menunggu kirim")
        expect(page.get_by_test_id("queued-correction")).to_contain_text("Masuk",
                                                                          use_inner_text=True)
        expect(page.get_by_test_id("outbox-count")).to_have_text("1")
        page.screenshot(path=str(screens_dir(tmp_path) / "correction-offline-360.png"),
                        full_page=True)
        official.set_offline(False)
        expect(page.get_by_test_id("outbox-count")).to_have_text("0", timeout=15000)

        boss = supervisor.new_page()
        login(boss, live_server, "atasan1")
        boss.goto(f"{live_server}/team")
        boss.locator("form[data-correction]").get_by_role("button", name="Setujui").click()
        expect(boss.locator(".flash")).to_contain_text("Koreksi disetujui")

        with seeded.app_context():
            recap = load_monthly("KEC-SANGIR", day.year, day.month, datetime.now(UTC))
        [status] = [d for r in recap.rows if r.official.username == "peserta01"
                    for d in r.days if d.day == day]
        assert status.code == "hadir" and status.koreksi and status.late_band is None
        page.reload()
        expect(page.get_by_test_id("my-corrections")).to_contain_text("Disetujui")
    finally:
        official.close()
        supervisor.close()
