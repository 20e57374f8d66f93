"""The page's sync client against the real server: lost replies, rejected entries, an expired
session and another user on the same phone."""

from datetime import datetime
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.browser.conftest import (
    enqueue,
    login,
    outbox_entries,
    wait_for_app,
    wait_for_service_worker,
)
from webapp.extensions import db
from webapp.models import CheckIn, User

NO_POSITION = {"lat": None, "lon": None, "accuracy_m": None, "photo_id": None}


def checkin_owners(app, entry_id: str) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(db.select(User.username).join(
            CheckIn, CheckIn.user_id == User.id).where(CheckIn.entry_id == entry_id)))


def test_reply_lost_after_commit_is_resent_and_answered_duplicate(logged_in_page, app):
    page = logged_in_page("peserta01")
    statuses = []

    def commit_then_lose_reply(route):
        route.fetch()  # the server stores the entry...
        route.abort("connectionreset")  # ...and the phone never hears back

    def record_reply(route):
        response = route.fetch()
        statuses.extend(result["status"] for result in response.json()["results"])
        route.fulfill(response=response)

    page.route("**/api/v1/sync", commit_then_lose_reply, times=1)
    entry = enqueue(page, "checkin", {"type": "in", **NO_POSITION})
    expect(page.get_by_test_id("sync-status")).to_have_attribute("data-state", "error")
    expect(page.get_by_test_id("outbox-count")).to_have_text("1")
    assert checkin_owners(app, entry["id"]) == ["peserta01"]

    page.route("**/api/v1/sync", record_reply)
    page.get_by_test_id("sync-now").click()
    expect(page.get_by_test_id("outbox-count")).to_have_text("0")
    assert statuses == ["duplicate"]
    assert checkin_owners(app, entry["id"]) == ["peserta01"]


def test_rejected_entry_stays_listed_with_its_reason_until_discarded(logged_in_page, app):
    page = logged_in_page("peserta01")
    entry = enqueue(page, "checkin", {"type": "istirahat", **NO_POSITION})
    rejected = page.get_by_test_id("rejected-list").locator(f"li[data-entry-id='{entry['id']}']")
    expect(rejected).to_contain_text("Jenis harus 'in' (masuk) atau 'out' (pulang).")
    expect(page.get_by_test_id("outbox-count")).to_have_text("0")

    page.reload()
    wait_for_app(page)
    expect(rejected).to_contain_text("Jenis harus")
    [kept] = outbox_entries(page)
    assert kept["state"] == "rejected" and "type" in kept["errors"]

    rejected.get_by_role("button", name="Buang").click()
    page.get_by_test_id("confirm-discard").click()
    expect(page.get_by_test_id("rejected-list").locator("li")).to_have_count(0)
    assert outbox_entries(page) == []
    assert checkin_owners(app, entry["id"]) == []


def test_fixed_rejected_entry_is_sent_as_a_new_record(logged_in_page, app):
    page = logged_in_page("peserta01")
    entry = enqueue(page, "checkin", {"type": "istirahat", **NO_POSITION})
    rejected = page.get_by_test_id("rejected-list").locator(f"li[data-entry-id='{entry['id']}']")
    rejected.get_by_role("button", name="Perbaiki").click()
    page.get_by_test_id("fix-out").click()
    expect(page.get_by_test_id("rejected-list").locator("li")).to_have_count(0)
    expect(page.get_by_test_id("outbox-count")).to_have_text("0")
    assert checkin_owners(app, entry["id"]) == []
    captured = datetime.fromisoformat(entry["captured_at"])
    with app.app_context():
        mine = db.session.scalars(db.select(CheckIn).join(User, CheckIn.user_id == User.id)
                                  .where(User.username == "peserta01"))
        same_moment = [c.type for c in mine if abs((c.captured_at - captured).total_seconds()) < 1]
    assert same_moment == ["out"]


def test_expired_session_keeps_the_outbox_for_its_owner_only(context, logged_in_page, live_server,
                                                            app):
    page = logged_in_page("peserta01")
    # The worker's first-visit caching of the page and bootstrap must be over: a reply still in
    # flight would set the session cookie again after it is cleared.
    wait_for_service_worker(page)
    context.set_offline(True)
    # The session ends while offline, before the entry is recorded: Playwright's offline
    # emulation does not reach the service worker (playwright#2311), whose Background Sync
    # can get the entry sent in the "offline" window while the cookie is still there.
    context.clear_cookies()
    entry = enqueue(page, "checkin", {"type": "in", **NO_POSITION})
    assert context.cookies() == []
    context.set_offline(False)
    status = page.get_by_test_id("sync-status")
    expect(status).to_have_attribute("data-state", "expired")
    expect(status).to_contain_text("Sesi berakhir — masuk lagi untuk mengirim")
    expect(page.get_by_test_id("outbox-count")).to_have_text("1")

    login(page, live_server, "peserta02")
    wait_for_app(page)
    expect(page.get_by_test_id("sync-status")).to_have_attribute("data-state", "idle")
    expect(page.locator("[data-waiting-others]")).to_contain_text(
        "1 catatan menunggu login Drs. Afrizal Syamsuddin, M.Si.")
    expect(page.get_by_test_id("outbox-count")).to_have_text("1")
    assert checkin_owners(app, entry["id"]) == []

    page.get_by_role("button", name="Keluar").click()
    expect(page.locator("#ask-dialog")).to_contain_text("Masih ada 1 catatan belum terkirim")
    page.get_by_test_id("logout-anyway").click()
    page.wait_for_url("**/login")
    login(page, live_server, "peserta01")
    wait_for_app(page)
    expect(page.get_by_test_id("outbox-count")).to_have_text("0")
    assert checkin_owners(app, entry["id"]) == ["peserta01"]


def test_logout_with_unsent_entries_warns_and_lets_the_user_stay(context, logged_in_page,
                                                                 live_server):
    page = logged_in_page("peserta01")
    context.set_offline(True)
    enqueue(page, "checkin", {"type": "out", **NO_POSITION})
    # Before going online: the first thing the client sends is the sync itself.
    page.route("**/api/v1/sync", lambda route: route.abort("connectionrefused"))
    context.set_offline(False)
    page.get_by_role("button", name="Keluar").click()
    expect(page.locator("#ask-dialog")).to_contain_text("Masih ada 1 catatan belum terkirim")
    page.get_by_test_id("logout-stay").click()
    assert page.url == f"{live_server}/"
    expect(page.get_by_test_id("outbox-count")).to_have_text("1")

    page.get_by_role("button", name="Keluar").click()
    page.get_by_test_id("logout-anyway").click()
    page.wait_for_url("**/login")
    assert len(outbox_entries(page)) == 1  # kept for when its owner logs in again


def test_another_users_rejected_entry_waits_for_its_owner_without_fix_or_discard(
        logged_in_page, live_server):
    page = logged_in_page("peserta01")
    entry = enqueue(page, "checkin", {"type": "istirahat", **NO_POSITION})
    rejected = page.get_by_test_id("rejected-list").locator(f"li[data-entry-id='{entry['id']}']")
    expect(rejected.get_by_role("button")).to_have_text(["Perbaiki", "Buang"])
    heading = page.locator("[data-rejected-heading]")
    expect(heading).to_have_text("Ditolak server — perbaiki atau buang")
    # The worker's first-visit caching of / and bootstrap must be done: a reply of it arriving
    # after the next login would put back peserta01's ended session cookie (failed in CI once).
    wait_for_service_worker(page)

    page.get_by_role("button", name="Keluar").click()
    page.get_by_test_id("logout-anyway").click()
    page.wait_for_url("**/login")
    login(page, live_server, "peserta02")
    wait_for_app(page)
    expect(rejected).to_contain_text(
        "Menunggu Drs. Afrizal Syamsuddin, M.Si. masuk untuk memperbaiki atau membuangnya.")
    expect(rejected).to_contain_text("Jenis harus")
    expect(rejected.get_by_role("button")).to_have_count(0)
    expect(heading).to_have_text("Ditolak server")
    [kept] = outbox_entries(page)
    assert kept["id"] == entry["id"] and kept["state"] == "rejected"


def test_a_check_in_sync_carries_no_client_hint_headers(logged_in_page):
    page = logged_in_page("peserta01")
    with page.expect_request("**/api/v1/sync") as sent:
        enqueue(page, "checkin", {"type": "in", **NO_POSITION})
    headers = sent.value.all_headers()
    assert "cookie" in headers and "user-agent" in headers  # the headers as sent on the wire
    assert [name for name in headers if name.startswith("sec-ch-")] == []


def test_logout_waits_for_the_sync_in_flight_so_its_reply_cannot_log_the_user_back_in(
        context, logged_in_page, live_server):
    page = logged_in_page("peserta01")
    wait_for_service_worker(page)
    held, events = [], []
    # The sync request reaches the server (which refreshes the session cookie) but its reply
    # is held back, as on a slow network.
    context.route("**/api/v1/sync", lambda route: held.append((route, route.fetch())))
    page.on("request", lambda request: events.append("logout")
            if request.url.endswith("/logout") else None)
    enqueue(page, "checkin", {"type": "in", **NO_POSITION})
    for _ in range(150):  # until the route handler has the server's reply in hand
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the sync never reached /api/v1/sync"
    page.get_by_role("button", name="Keluar").click()
    page.get_by_test_id("logout-anyway").click()
    # The logout is waiting for the sync's pass (the button says so), and has sent nothing.
    expect(page.locator("form[data-logout] button")).to_have_text("Mengirim…")
    assert events == []

    route, reply = held.pop(0)
    events.append("reply")
    route.fulfill(response=reply)
    page.wait_for_url("**/login")
    assert events == ["reply", "logout"]
    page.goto(f"{live_server}/")
    assert urlsplit(page.url).path == "/login"  # the session stayed ended


def test_a_logout_without_signal_keeps_the_user_in_and_sending(context, logged_in_page, app):
    page = logged_in_page("peserta01")
    context.route("**/logout", lambda route: route.abort("internetdisconnected"))
    page.get_by_role("button", name="Keluar").click()
    dialog = page.locator("#ask-dialog")
    expect(dialog).to_contain_text("Belum bisa keluar: tidak ada sinyal.")
    dialog.get_by_role("button", name="OK").click()
    entry = enqueue(page, "checkin", {"type": "in", **NO_POSITION})
    for _ in range(100):
        if not outbox_entries(page):
            break
        page.wait_for_timeout(100)
    assert checkin_owners(app, entry["id"]) == ["peserta01"]


def test_a_sync_pass_is_one_request_with_the_pages_token(context, logged_in_page, live_server,
                                                          app):
    page = logged_in_page("peserta01")
    wait_for_service_worker(page)
    api_calls = []
    context.on("request", lambda request: api_calls.append((request.method, request.url))
               if request.url.endswith(("/api/v1/sync", "/api/v1/me", "/auth/csrf")) else None)
    with page.expect_response("**/api/v1/sync"):
        entry = enqueue(page, "checkin", {"type": "in", **NO_POSITION})
    expect(page.get_by_test_id("outbox-count")).to_have_text("0")
    assert api_calls == [("POST", f"{live_server}/api/v1/sync")]
    assert checkin_owners(app, entry["id"]) == ["peserta01"]


def test_a_page_older_than_the_session_never_sends_its_users_entries_under_another(
        context, logged_in_page, live_server, app):
    page = logged_in_page("peserta01")
    wait_for_service_worker(page)
    # Another user logs in in a second tab: the first tab's page still says peserta01.
    context.clear_cookies()
    other = context.new_page()
    other.goto(f"{live_server}/login")
    login(other, live_server, "peserta02")
    wait_for_app(other)
    syncs = []
    context.on("response", lambda response: syncs.append(response.status)
            if response.url.endswith("/api/v1/sync") else None)
    with page.expect_response("**/api/v1/me") as asked:
        entry = enqueue(page, "checkin", {"type": "in", **NO_POSITION})
    assert asked.value.json()["username"] == "peserta02"
    expect(page.get_by_test_id("sync-status")).to_have_attribute("data-state", "idle")
    # The page's token was the old session's (400 csrf_failed, a new token); then the server
    # refused the batch: it is peserta01's.
    assert syncs == [400, 409]
    assert checkin_owners(app, entry["id"]) == []
    assert [e["state"] for e in outbox_entries(page)] == ["queued"]
