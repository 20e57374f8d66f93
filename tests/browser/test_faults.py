"""The phone's outbox through server trouble and a wrong clock, with the real sync client.

(A single lost reply and an expired session: test_sync_protocol.py.)
"""

from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import outbox_entries
from webapp.extensions import db
from webapp.models import CheckIn

NO_POSITION = {"lat": None, "lon": None, "accuracy_m": None, "photo_id": None}
QUEUED = 450  # three batches of at most 200


def _enqueue_many(page, count: int) -> list[str]:
    return page.evaluate("""async ([count, data]) => {
        const outbox = await import('/static/js/outbox.js');
        const made = Array.from({ length: count }, () => outbox.enqueue('checkin', data));
        return (await Promise.all(made)).map((entry) => entry.id);
    }""", [count, {"type": "in", **NO_POSITION}])


def _stored(app, ids: list[str]) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(db.select(CheckIn.entry_id)
                                       .where(CheckIn.entry_id.in_(ids))))


def test_lost_reply_and_503_mid_outbox_still_deliver_every_entry_once(context, logged_in_page,
                                                                     app):
    page = logged_in_page("peserta01")
    context.set_offline(True)
    ids = _enqueue_many(page, QUEUED)
    expect(page.get_by_test_id("outbox-count")).to_have_text(str(QUEUED))
    calls, statuses = [], []

    def troubled_server(route):
        calls.append(route.request.url)
        if len(calls) == 2:  # the server stores the second batch, then the reply is lost
            route.fetch()
            route.abort("connectionreset")
        elif len(calls) == 3:  # restarting: the proxy answers 503
            route.fulfill(status=503, content_type="text/html", body="<h1>503</h1>")
        else:
            response = route.fetch()
            statuses.extend(r["status"] for r in response.json()["results"])
            route.fulfill(response=response)

    page.route("**/api/v1/sync", troubled_server)
    context.set_offline(False)  # the client retries on its own, with backoff
    # Two backoff waits (about 2 s and 4 s) and three full batches.
    expect(page.get_by_test_id("outbox-count")).to_have_text("0", timeout=60_000)
    assert len(calls) == 5  # batch 1, lost batch 2, the 503, then batches 2 and 3 again
    stored = _stored(app, ids)
    assert len(stored) == QUEUED and set(stored) == set(ids)
    assert statuses.count("created") == QUEUED - 200  # the lost batch came back `duplicate`
    assert statuses.count("duplicate") == 200


def test_a_phone_clock_a_day_ahead_is_corrected_and_flagged_not_rejected(context,
                                                                        logged_in_page, app):
    page = logged_in_page("peserta01")
    context.set_offline(True)
    truth = datetime.now(UTC)
    page.clock.set_system_time(truth + timedelta(days=1))
    [entry_id] = _enqueue_many(page, 1)
    expect(page.get_by_test_id("outbox-count")).to_have_text("1")
    context.set_offline(False)
    expect(page.get_by_test_id("outbox-count")).to_have_text("0")
    with app.app_context():
        checkin = db.session.scalar(db.select(CheckIn).filter_by(entry_id=entry_id))
        assert "clock_skew" in checkin.flags and checkin.review_state == "needs_review"
        assert abs((checkin.corrected_at - truth).total_seconds()) < 120
        assert checkin.captured_at - truth > timedelta(hours=23)  # what the phone said, kept


def test_entries_the_server_keeps_failing_on_are_held_visible_and_the_rest_is_sent(
        context, logged_in_page, app):
    page = logged_in_page("peserta01")
    context.set_offline(True)
    ids = _enqueue_many(page, 6)
    poisoned = {ids[1], ids[4]}
    failed = []

    def server_failing_on_two_entries(route):
        sent = {entry["id"] for entry in route.request.post_data_json["entries"]}
        if sent & poisoned:
            failed.append(sent)
            route.fulfill(status=500, content_type="application/json",
                          body='{"error": {"code": "server_error", "message": "", "fields": {}}}')
        else:
            route.continue_()

    page.route("**/api/v1/sync", server_failing_on_two_entries)
    context.set_offline(False)
    listed = page.get_by_test_id("rejected-list").locator(":scope > li")
    expect(listed).to_have_count(2, timeout=30_000)
    expect(listed.first).to_contain_text("Server gagal memproses entri ini")
    expect(page.locator("[data-rejected-heading]")).to_have_text("Gagal diproses server")
    # The whole batch failed twice before it was split; the other four are stored.
    assert failed[:2] == [set(ids), set(ids)]
    assert sorted(_stored(app, ids)) == sorted(set(ids) - poisoned)
    kept = outbox_entries(page)
    assert {e["id"] for e in kept} == poisoned
    assert all(e["state"] == "queued" and e["held_until"] for e in kept)
    expect(page.get_by_test_id("outbox-count")).to_have_text("2")

    # A held entry offers only "Buang": it was not refused, there is nothing to fix.
    first = page.get_by_test_id("rejected-list").locator(f"li[data-entry-id='{ids[1]}']")
    expect(first.get_by_role("button")).to_have_text(["Buang"])
    first.get_by_role("button", name="Buang").click()
    page.get_by_test_id("confirm-discard").click()
    expect(listed).to_have_count(1)

    # Later the server copes again: the other held entry, once due, goes alone and is stored.
    page.unroute("**/api/v1/sync")
    with page.expect_request("**/api/v1/sync") as resent:
        page.evaluate("""async (id) => {
            const outbox = await import('/static/js/outbox.js');
            await outbox.hold(id, 'due', Date.now());
            (await import('/static/js/sync.js')).syncNow();
        }""", ids[4])
    assert [e["id"] for e in resent.value.post_data_json["entries"]] == [ids[4]]
    expect(page.get_by_test_id("outbox-count")).to_have_text("0")
    expect(listed).to_have_count(0)
    assert sorted(_stored(app, ids)) == sorted(set(ids) - {ids[1]})
