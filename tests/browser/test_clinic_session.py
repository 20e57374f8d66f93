"""A coaching-clinic session with no network on either phone: the coach's rotating code keeps
turning offline, a participant enters it offline, and once both are back online the participant
is hadir exactly once and the coach's roster shows it. Also: the browser's code generator agrees
with the server's (webapp/services/session_codes.py)."""

import base64
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.api.clinic_helpers import attendance, attendance_count, make_clinic, self_attend
from tests.api.sync_helpers import send
from tests.browser.conftest import CONTEXT_ARGS, login, wait_for_app, wait_for_service_worker
from webapp.extensions import db
from webapp.models import LeaveRequest, Photo, Program, SyncEntry
from webapp.services.session_codes import code_at, hotp, new_secret

# Screenshots go to tmp_path; set HADIR_SCREENS_DIR=docs/screens to refresh the committed ones.
SCREENS_DIR = os.environ.get("HADIR_SCREENS_DIR")
RFC_SECRET = base64.b32encode(b"12345678901234567890").decode().rstrip("=")
CODE_CHANGE = "(old) => document.querySelector('[data-code-digits]').dataset.code !== old"


def shown_code(page) -> str:
    return page.locator("[data-code-digits]").get_attribute("data-code")


def open_offline_ready(context, base: str, username: str, path: str):
    """Log in, open `path` online and wait until the service worker holds it for offline use."""
    page = context.new_page()
    login(page, base, username)
    page.goto(f"{base}{path}")
    wait_for_app(page)
    wait_for_service_worker(page)
    page.wait_for_selector("body[data-offline-ready]", state="attached")
    return page


def screens_dir(tmp_path) -> Path:
    target = Path(SCREENS_DIR) if SCREENS_DIR else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    return target


def test_offline_code_and_offline_self_attend_count_once_when_both_are_back(
        browser, live_server, seeded, tmp_path):
    clinic = make_clinic(seeded, starts_at=datetime.now(UTC).replace(microsecond=0)
                         - timedelta(minutes=5))
    coach_context = browser.new_context(**CONTEXT_ARGS)
    participant_context = browser.new_context(**CONTEXT_ARGS)
    # The coach's phone runs on Playwright's clock, from the true time on, so the test can move
    # it past the next 30 s code step instead of waiting for it.
    coach_context.clock.install()
    try:
        coach = open_offline_ready(coach_context, live_server, "pelatih1",
                                   f"/coaching/sessions/{clinic.session_id}")
        assert shown_code(coach) == code_at(clinic.secret, datetime.now(UTC)) or \
            shown_code(coach) == code_at(clinic.secret, datetime.now(UTC) - timedelta(seconds=2))
        coach.screenshot(path=str(screens_dir(tmp_path) / "coach-session.png"))

        # The coach's phone loses its signal, even reloads the page: the code keeps turning.
        coach_context.set_offline(True)
        coach.reload()
        wait_for_app(coach)
        before = shown_code(coach)
        coach_context.clock.fast_forward(30_000)
        coach.wait_for_function(CODE_CHANGE, arg=before)
        # The code of the phone's (moved) time, redrawn every second.
        phone_now = datetime.fromtimestamp(coach.evaluate("Date.now()") / 1000, UTC)
        assert shown_code(coach) in {code_at(clinic.secret, phone_now + timedelta(seconds=s))
                                     for s in (-2, 0, 2)}

        participant = open_offline_ready(participant_context, live_server, "peserta01",
                                         f"/sessions/{clinic.session_id}")
        participant_context.set_offline(True)
        participant.reload()
        wait_for_app(participant)
        participant.fill("input[name=code]", shown_code(coach))
        participant.get_by_test_id("self-attend").click()
        expect(participant.get_by_test_id("outbox-count")).to_have_text("1")
        expect(participant.locator("[data-my-status]")).to_contain_text("menunggu kirim")
        assert attendance(seeded, clinic, "peserta01") is None

        participant_context.set_offline(False)
        expect(participant.get_by_test_id("outbox-count")).to_have_text("0", timeout=15000)
        expect(participant.locator("[data-my-status]")).to_contain_text("Hadir")
        coach_context.set_offline(False)
        row = coach.locator(f"[data-testid=roster-row][data-user-id='{clinic.users['peserta01']}']")
        expect(row).to_have_attribute("data-status", "hadir", timeout=15000)
        expect(row).to_contain_text("Hadir")

        # A second press of "sync" changes nothing: one attendance, one receipt.
        participant.get_by_test_id("sync-now").click()
        expect(participant.get_by_test_id("sync-status")).to_contain_text("terakhir sinkron")
        stored = attendance(seeded, clinic, "peserta01")
        assert (stored.status, stored.source) == ("hadir", "self_code")
        assert attendance_count(seeded, clinic) == 1
        with seeded.app_context():
            assert db.session.scalar(db.select(db.func.count()).select_from(SyncEntry).filter_by(
                kind="self_attend")) == 1
    finally:
        coach_context.close()
        participant_context.close()


def test_coach_marks_offline_with_all_present_then_an_exception(browser, live_server, seeded):
    clinic = make_clinic(seeded)
    context = browser.new_context(**CONTEXT_ARGS)
    try:
        coach = open_offline_ready(context, live_server, "pelatih1",
                                   f"/coaching/sessions/{clinic.session_id}")
        context.set_offline(True)
        coach.get_by_test_id("all-present").click()
        absent = coach.locator(f"[data-user-id='{clinic.users['peserta03']}']")
        absent.locator("[data-mark=alpa]").click()
        expect(absent).to_have_attribute("data-status", "alpa")
        expect(coach.get_by_test_id("outbox-count")).to_have_text("4")
        context.set_offline(False)
        expect(coach.get_by_test_id("outbox-count")).to_have_text("0", timeout=15000)
        statuses = {name: attendance(seeded, clinic, name).status
                    for name in ("peserta01", "peserta02", "peserta03")}
        assert statuses == {"peserta01": "hadir", "peserta02": "hadir", "peserta03": "alpa"}
    finally:
        context.close()


def test_participant_asks_for_leave_offline_with_a_photo_and_it_arrives_pending(
        browser, live_server, seeded, tmp_path):
    context = browser.new_context(**CONTEXT_ARGS)
    try:
        page = open_offline_ready(context, live_server, "peserta01", "/leave")
        context.set_offline(True)
        page.reload()
        wait_for_app(page)
        page.get_by_label("Sakit").check()
        page.fill("textarea[name=reason]", "Demam, ada surat dokter")
        page.set_input_files("input[name=photo]", files=[{
            "name": "surat.png", "mimeType": "image/png", "buffer": Path(
                "webapp/static/icons/icon-192.png").read_bytes()}])
        page.get_by_test_id("send-leave").click()
        expect(page.get_by_test_id("outbox-count")).to_have_text("1")
        expect(page.get_by_test_id("queued-leave")).to_contain_text("Menunggu kirim")
        page.screenshot(path=str(tmp_path / "leave-offline.png"))
        context.set_offline(False)
        expect(page.get_by_test_id("outbox-count")).to_have_text("0", timeout=15000)
        expect(page.get_by_test_id("queued-leave")).to_have_count(0)
        with seeded.app_context():
            [request] = db.session.scalars(db.select(LeaveRequest).filter_by(
                reason="Demam, ada surat dokter")).all()
            assert (request.type, request.state) == ("sakit", "pending")
            assert request.photo_id is not None
            assert db.session.get(Photo, request.photo_id) is not None
    finally:
        context.close()


@pytest.fixture
def any_page(browser, live_server, seeded):
    context = browser.new_context(**CONTEXT_ARGS)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    yield page
    context.close()


@pytest.mark.one_backend
def test_the_browser_code_generator_matches_the_server(any_page):
    secret = new_secret()
    cases = [(RFC_SECRET, t, 8) for t in (59, 1111111109, 1111111111, 1234567890, 2000000000,
                                         20000000000)]
    cases += [(secret, t, 6) for t in (0, 29.999, 30, 1_767_225_599.5, 1_767_225_600,
                                       datetime.now(UTC).timestamp())]
    cases.append((secret.lower()[:8] + " " + secret.lower()[8:], 1_800_000_000, 6))
    browser_codes = any_page.evaluate("""async (cases) => {
        const totp = await import('/static/js/totp.js');
        return Promise.all(cases.map(([secret, seconds, digits]) =>
            totp.codeAt(secret, seconds * 1000, 30, digits)));
    }""", cases)
    expected = [hotp(base64.b32decode(s.replace(" ", "").upper() + "=" * (-len(
        s.replace(" ", "")) % 8)), int(t // 30), d) for s, t, d in cases]
    assert browser_codes == expected
    assert expected[0] == "94287082"  # RFC 6238, T = 59 s


@pytest.mark.one_backend
def test_participant_progress_screenshot(browser, live_server, seeded, tmp_path):
    with seeded.app_context():
        program_id = db.session.scalar(db.select(Program.id).order_by(Program.id))
    context = browser.new_context(**CONTEXT_ARGS)
    try:
        page = context.new_page()
        login(page, live_server, "peserta03")
        page.goto(f"{live_server}/programs/{program_id}")
        wait_for_app(page)
        expect(page.get_by_test_id("program-progress")).to_be_visible()
        page.screenshot(path=str(screens_dir(tmp_path) / "participant-progress.png"))
    finally:
        context.close()


def test_coach_sees_refused_and_late_codes_and_accepts_the_late_one(
        browser, live_server, seeded, login_as, tmp_path):
    clinic = make_clinic(seeded)
    refused, late = clinic.users["peserta01"], clinic.users["peserta02"]
    at = clinic.at(5)
    near = {clinic.code(at + timedelta(seconds=30 * step)) for step in (-1, 0, 1)}
    wrong = [code for code in (f"{n:06d}" for n in range(20)) if code not in near][:10]
    send(login_as("peserta01"), [self_attend(clinic, at, code=code) for code in wrong])
    send(login_as("peserta02"), [self_attend(clinic, clinic.at(-16))])  # before the window
    context = browser.new_context(**CONTEXT_ARGS)
    try:
        coach = context.new_page()
        login(coach, live_server, "pelatih1")
        coach.goto(f"{live_server}/coaching/sessions/{clinic.session_id}")
        wait_for_app(coach)
        refused_row = coach.locator(f"[data-testid=roster-row][data-user-id='{refused}']")
        expect(refused_row.locator("[data-code-check]")).to_contain_text(
            "Terlalu banyak percobaan kode")
        late_row = coach.locator(f"[data-testid=roster-row][data-user-id='{late}']")
        expect(late_row.locator("[data-code-check]")).to_contain_text("di luar waktu sesi")
        coach.screenshot(path=str(screens_dir(tmp_path) / "coach-session-codes.png"),
                         full_page=True)
        late_row.locator("[data-accept-code]").click()
        expect(late_row).to_have_attribute("data-status", "hadir")
        expect(late_row.locator("[data-code-check]")).to_be_hidden()
        expect(coach.get_by_test_id("outbox-count")).to_have_text("0", timeout=15000)
        assert attendance(seeded, clinic, "peserta02").status == "hadir"
        assert attendance(seeded, clinic, "peserta01") is None
    finally:
        context.close()


def test_a_right_code_before_the_window_tells_the_participant_the_coach_decides(
        browser, live_server, seeded):
    clinic = make_clinic(seeded, starts_at=datetime.now(UTC).replace(microsecond=0)
                         + timedelta(minutes=30))
    context = browser.new_context(**CONTEXT_ARGS)
    try:
        page = context.new_page()
        login(page, live_server, "peserta01")
        page.goto(f"{live_server}/sessions/{clinic.session_id}")
        wait_for_app(page)
        page.fill("input[name=code]", code_at(clinic.secret, datetime.now(UTC)))
        page.get_by_test_id("self-attend").click()
        expect(page.locator("[data-my-status]")).to_contain_text("pelatih yang memutuskan",
                                                                 timeout=15000)
        assert attendance(seeded, clinic, "peserta01") is None
    finally:
        context.close()
