"""A check-in made with no network is kept on the phone through reloads, new tabs and a browser
restart, and reaches the server exactly once, with the time it was made, when the network is
back."""

from datetime import datetime

from playwright.sync_api import expect

from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    CONTEXT_ARGS,
    login,
    outbox_entries,
    wait_for_app,
    wait_for_service_worker,
)
from webapp.extensions import db
from webapp.models import CheckIn

NEAR_SANGIR = {"latitude": -1.4801, "longitude": 101.2421, "accuracy": 15}


def stored_checkins(app, entry_id: str) -> list[dict]:
    with app.app_context():
        rows = db.session.scalars(db.select(CheckIn).where(CheckIn.entry_id == entry_id))
        return [{"captured_at": row.captured_at, "username": row.user.username, "type": row.type}
                for row in rows]


def check_in_offline(context, page) -> dict:
    wait_for_service_worker(page)
    context.set_offline(True)
    expect(page.get_by_test_id("sync-status")).to_have_attribute("data-state", "offline")
    page.get_by_test_id("checkin-in").click()
    expect(page.get_by_test_id("outbox-count")).to_have_text("1")
    [entry] = outbox_entries(page)
    return entry


def test_offline_checkin_survives_reload_and_new_tab_then_syncs_exactly_once(
        context, logged_in_page, live_server, app):
    context.grant_permissions(["geolocation"])
    context.set_geolocation(NEAR_SANGIR)
    page = logged_in_page("peserta01")
    expect(page.get_by_test_id("outbox-count")).to_have_text("0")

    entry = check_in_offline(context, page)
    assert entry["kind"] == "checkin" and entry["data"]["type"] == "in"
    assert entry["data"]["lat"] == NEAR_SANGIR["latitude"]
    assert entry["data"]["accuracy_m"] == NEAR_SANGIR["accuracy"]
    assert datetime.fromisoformat(entry["captured_at"]).utcoffset() is not None

    page.reload()
    wait_for_app(page)
    expect(page.get_by_test_id("outbox-count")).to_have_text("1")
    expect(page.locator(f"[data-history] li[data-id='{entry['id']}']")).to_contain_text(
        "menunggu kirim")
    page.close()

    again = context.new_page()
    again.goto(f"{live_server}/")
    wait_for_app(again)
    expect(again.get_by_test_id("outbox-count")).to_have_text("1")
    assert stored_checkins(app, entry["id"]) == []

    context.set_offline(False)
    expect(again.get_by_test_id("outbox-count")).to_have_text("0")
    expect(again.get_by_test_id("sync-status")).to_contain_text("terakhir sinkron")
    [stored] = stored_checkins(app, entry["id"])
    captured = datetime.fromisoformat(entry["captured_at"])
    assert abs((stored["captured_at"] - captured).total_seconds()) < 1
    assert stored["username"] == "peserta01" and stored["type"] == "in"
    expect(again.locator(f"[data-history] li[data-id='{entry['id']}']")).not_to_contain_text(
        "menunggu kirim")


def test_offline_checkin_survives_a_browser_restart(playwright, live_server, seeded, tmp_path):
    def open_browser():
        return playwright.chromium.launch_persistent_context(
            tmp_path / "profile", executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
            permissions=["geolocation"], geolocation=NEAR_SANGIR, **CONTEXT_ARGS)

    browser = open_browser()
    page = browser.new_page()
    login(page, live_server, "peserta01")
    wait_for_app(page)
    entry = check_in_offline(browser, page)
    browser.close()

    browser = open_browser()
    try:
        browser.set_offline(True)
        page = browser.new_page()
        page.goto(f"{live_server}/")
        wait_for_app(page)
        expect(page.get_by_test_id("outbox-count")).to_have_text("1")
        assert [e["id"] for e in outbox_entries(page)] == [entry["id"]]
        assert stored_checkins(seeded, entry["id"]) == []

        browser.set_offline(False)
        expect(page.get_by_test_id("outbox-count")).to_have_text("0")
        assert len(stored_checkins(seeded, entry["id"])) == 1
    finally:
        browser.close()
