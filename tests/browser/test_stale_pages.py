"""A page served from the phone's cache never shows (or sends) older truth than the phone
already knows (issue 13.1): it renders bootstrap or the page's data, then the records the sync
returned since, then the outbox; edits carry what the coach saw, and a conflict the server kept
is shown to the coach, who settles it with one tap."""

from datetime import UTC, datetime

from playwright.sync_api import expect

from tests.api.clinic_helpers import SKILLS, attendance, make_clinic, session_row
from tests.browser.conftest import CONTEXT_ARGS, enqueue, wait_for_app
from tests.browser.test_clinic_session import open_offline_ready
from webapp.extensions import db
from webapp.models import CheckIn, EditConflict, SessionAttendance


def row_of(page, clinic, username):
    return page.locator(f"[data-testid=roster-row][data-user-id='{clinic.users[username]}']")


def synced(page):
    expect(page.get_by_test_id("outbox-count")).to_have_text("0", timeout=15000)


def sent(page, action) -> None:
    """Do `action`, then wait until the sync has sent what it queued and nothing waits."""
    with page.expect_response(lambda r: r.url.endswith("/api/v1/sync")
                              and r.request.method == "POST", timeout=15000):
        action()
    synced(page)


def open_conflicts(app, clinic) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(EditConflict).filter_by(
            session_id=clinic.session_id, resolved_at=None))


def test_a_synced_mark_is_stored_on_the_phone_under_its_participant(logged_in_page):
    page = logged_in_page("pelatih1")
    records = page.evaluate("""async () => {
        const outbox = await import('/static/js/outbox.js');
        const entry = await outbox.enqueue('mark', {session_id: 1, user_id: 42, status: 'alpa'});
        await outbox.applyResults({settled: [{id: entry.id, record: {
            kind: 'mark', id: entry.id, session_id: 1, user_id: 42, status: 'alpa'}}]});
        return outbox.records(entry.user_id);
    }""")
    [record] = records
    assert record["user_id"] == 42 and record["owner_id"] != 42


def test_an_offline_reload_shows_synced_marks_and_log_and_sends_only_what_changed(
        browser, live_server, seeded):
    clinic = make_clinic(seeded)
    context = browser.new_context(**CONTEXT_ARGS)
    try:
        coach = open_offline_ready(context, live_server, "pelatih1",
                                   f"/coaching/sessions/{clinic.session_id}")
        # Online: alpa and izin, a topic and one participant's skill, all synced.
        sent(coach, row_of(coach, clinic, "peserta01").locator("[data-mark=alpa]").click)
        sent(coach, row_of(coach, clinic, "peserta02").locator("[data-mark=izin]").click)
        first = row_of(coach, clinic, "peserta01")
        first.locator("summary").click()
        first.locator(f"[data-skill='{SKILLS[0]}']").check()
        coach.fill("input[name=topic]", "TTE")
        sent(coach, coach.get_by_test_id("save-log").click)

        # Signal lost; the reload comes from the cache, made before any of that.
        context.set_offline(True)
        coach.reload()
        coach.wait_for_selector("body[data-app-ready]", state="attached")
        expect(row_of(coach, clinic, "peserta01")).to_have_attribute("data-status", "alpa")
        expect(row_of(coach, clinic, "peserta02")).to_have_attribute("data-status", "izin")
        expect(coach.locator("input[name=topic]")).to_have_value("TTE")
        expect(row_of(coach, clinic, "peserta01").locator(
            f"[data-skill='{SKILLS[0]}']")).to_be_checked()
        expect(coach.locator("[data-tally]")).to_contain_text("Belum 1")
        expect(coach.locator("[data-session-state]")).to_contain_text("Terlaksana")

        # "Semua hadir" marks only the one without a status; the log sends only the notes.
        coach.get_by_test_id("all-present").click()
        expect(row_of(coach, clinic, "peserta03")).to_have_attribute("data-status", "hadir")
        coach.fill("textarea[name=notes]", "Dua peserta tidak hadir")
        coach.get_by_test_id("save-log").click()
        expect(coach.get_by_test_id("outbox-count")).to_have_text("2")

        context.set_offline(False)
        synced(coach)
        statuses = {name: attendance(seeded, clinic, name).status
                    for name in ("peserta01", "peserta02", "peserta03")}
        assert statuses == {"peserta01": "alpa", "peserta02": "izin", "peserta03": "hadir"}
        session = session_row(seeded, clinic.session_id)
        assert (session.topic, session.notes) == ("TTE", "Dua peserta tidak hadir")
        assert attendance(seeded, clinic, "peserta01").skills == [SKILLS[0]]
        assert open_conflicts(seeded, clinic) == 0
    finally:
        context.close()


def test_a_conflict_the_server_kept_is_shown_and_settled_with_one_tap(
        browser, live_server, seeded):
    clinic = make_clinic(seeded)
    context = browser.new_context(**CONTEXT_ARGS)
    try:
        coach = open_offline_ready(context, live_server, "pelatih1",
                                   f"/coaching/sessions/{clinic.session_id}")
        row = row_of(coach, clinic, "peserta01")
        sent(coach, row.locator("[data-mark=alpa]").click)
        # What a stale page (or another phone) sends: hadir over a status it never saw.
        sent(coach, lambda: enqueue(coach, "mark", {
            "session_id": clinic.session_id, "user_id": clinic.users["peserta01"],
            "status": "hadir", "note": "", "base": {"status": None}}))
        conflict = row.get_by_test_id("conflict")
        expect(conflict).to_contain_text("tersimpan Alpa")
        expect(row).to_have_attribute("data-status", "alpa")
        assert attendance(seeded, clinic, "peserta01").status == "alpa"

        sent(coach, conflict.get_by_role("button", name="Ganti ke Hadir").click)
        expect(row.get_by_test_id("conflict")).to_have_count(0)
        expect(row).to_have_attribute("data-status", "hadir")
        assert attendance(seeded, clinic, "peserta01").status == "hadir"
        assert open_conflicts(seeded, clinic) == 0
    finally:
        context.close()


def test_a_topic_conflict_is_shown_under_the_log_and_settled_with_one_tap(
        browser, live_server, seeded):
    clinic = make_clinic(seeded)
    context = browser.new_context(**CONTEXT_ARGS)
    try:
        coach = open_offline_ready(context, live_server, "pelatih1",
                                   f"/coaching/sessions/{clinic.session_id}")
        coach.fill("input[name=topic]", "TTE")
        sent(coach, coach.get_by_test_id("save-log").click)
        sent(coach, lambda: enqueue(coach, "session_log", {
            "session_id": clinic.session_id, "topic": "SRIKANDI", "base": {"topic": ""}}))
        conflict = coach.locator("[data-log-conflicts]").get_by_test_id("conflict")
        expect(conflict).to_contain_text("tersimpan «TTE»")
        expect(conflict).to_contain_text("«SRIKANDI»")
        expect(coach.locator("input[name=topic]")).to_have_value("TTE")
        sent(coach, conflict.get_by_role("button", name="Pakai kiriman itu").click)
        expect(coach.locator("[data-log-conflicts] [data-testid=conflict]")).to_have_count(0)
        expect(coach.locator("input[name=topic]")).to_have_value("SRIKANDI")
        assert session_row(seeded, clinic.session_id).topic == "SRIKANDI"
        assert open_conflicts(seeded, clinic) == 0
    finally:
        context.close()


def test_a_leave_request_sent_online_is_still_listed_after_an_offline_reload(
        browser, live_server, seeded):
    context = browser.new_context(**CONTEXT_ARGS)
    try:
        page = open_offline_ready(context, live_server, "peserta01", "/leave")
        page.fill("textarea[name=reason]", "Rapat di provinsi")
        sent(page, page.get_by_test_id("send-leave").click)
        context.set_offline(True)
        page.reload()
        wait_for_app(page)
        expect(page.get_by_test_id("sent-leave")).to_contain_text("Rapat di provinsi")
        expect(page.get_by_test_id("sent-leave")).to_contain_text("Menunggu")
        expect(page.locator("[data-no-leaves]")).to_be_hidden()
    finally:
        context.close()


def test_home_shows_a_reviewers_later_decision_over_the_phones_older_sync_answer(
        logged_in_page, seeded):
    page = logged_in_page("peserta01")
    # No location: the check-in is flagged for review.
    entry = {}
    sent(page, lambda: entry.update(enqueue(page, "checkin", {
        "type": "in", "lat": None, "lon": None, "accuracy_m": None, "photo_id": None})))
    item = page.locator(f"[data-history] li[data-id='{entry['id']}']")
    expect(item).to_contain_text("ditinjau BKPSDM")
    with seeded.app_context():
        checkin = db.session.scalar(db.select(CheckIn).filter_by(entry_id=entry["id"]))
        checkin.review_state = "approved"
        db.session.commit()
    page.reload()
    wait_for_app(page)
    expect(item).to_contain_text("disetujui")


def test_the_participants_page_shows_a_coachs_later_mark_over_the_phones_older_answer(
        browser, live_server, seeded):
    clinic = make_clinic(seeded)
    context = browser.new_context(**CONTEXT_ARGS)
    try:
        page = open_offline_ready(context, live_server, "peserta01",
                                  f"/sessions/{clinic.session_id}")
        page.fill("input[name=code]", clinic.code(datetime.now(UTC)))
        sent(page, page.get_by_test_id("self-attend").click)
        # 20 minutes after the start.
        expect(page.locator("[data-my-status]")).to_contain_text("Terlambat")
        with seeded.app_context():
            row = db.session.scalar(db.select(SessionAttendance).filter_by(
                session_id=clinic.session_id, user_id=clinic.users["peserta01"]))
            row.status, row.source = "alpa", "coach"
            db.session.commit()
        page.reload()
        wait_for_app(page)
        expect(page.locator("[data-my-status]")).to_contain_text("Alpa")
    finally:
        context.close()
