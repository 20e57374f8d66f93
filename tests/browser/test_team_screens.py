"""/team in a real browser at 360 px: the supervisor's staff, a correction to decide."""

from playwright.sync_api import expect

from tests.api.sync_helpers import send
from tests.api.test_corrections import _past_workday, correction
from tests.browser.conftest import CONTEXT_ARGS, PHONE, login, wait_for_app
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
        pending = page.locator('[data-decide="correction_decision"]')
        expect(pending).to_have_count(1)
        expect(page.get_by_test_id("team-flagged")).to_contain_text("Di luar")
        assert page_width(page) <= PHONE["width"]
        page.screenshot(path=str(screens_dir(tmp_path) / "team-360.png"),
                        full_page=True)
        wait_for_app(page)
        pending.get_by_role("button", name="Setujui").click()
        expect(pending.locator("[data-decision-state]")).to_contain_text("terkirim")
        expect(pending.locator("[data-decision-form]")).to_be_hidden()
        page.reload()
        expect(pending).to_have_count(0)
    finally:
        context.close()
