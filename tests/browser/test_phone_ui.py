"""The phone UI where users look: leave dates bounded in the form, a second check-in asked
about, a code's answer next to the code field, the coach's roster at 360 px (badges inside the
card, 44 px targets, visible label = accessible name, contrast), the daily review's unit select
showing the whole unit name, and the "Pasang aplikasi" hint. Screenshots of these pages at
360x740 go to HADIR_SCREENS_DIR (docs/screens for the committed ones) or tmp_path."""

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.api.clinic_helpers import make_clinic
from tests.browser.conftest import CONTEXT_ARGS, login, outbox_entries, wait_for_app
from webapp.services.leave import PAST_DAYS, TOO_EARLY, TOO_LATE

# Run on SQLite only (tests/conftest.py): the phone UI's layout and messages; what it stores is
# tested on both backends.
pytestmark = pytest.mark.one_backend

SCREENS_DIR = os.environ.get("HADIR_SCREENS_DIR")
NEAR_SANGIR = {"latitude": -1.4801, "longitude": 101.2421, "accuracy": 15}
IPHONE_UA = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
             "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")


def screenshot(page, tmp_path, name: str) -> None:
    target = Path(SCREENS_DIR) if SCREENS_DIR else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / f"{name}.png"))


@pytest.fixture
def phone(browser, live_server, seeded):
    """phone(username, **context_args) -> a logged-in page in a fresh 360x740 context."""
    contexts = []

    def _open(username: str, **extra):
        context = browser.new_context(**{**CONTEXT_ARGS, **extra})
        contexts.append(context)
        page = context.new_page()
        login(page, live_server, username)
        return page

    yield _open
    for context in contexts:
        context.close()


def _queued(page) -> int:
    return sum(entry["state"] == "queued" for entry in outbox_entries(page))


@pytest.mark.parametrize(("date_from", "date_to", "message"), [
    ("2019-03-01", "2019-03-02", TOO_EARLY), ("2031-03-01", "2031-03-02", TOO_LATE)])
def test_leave_dates_far_from_today_are_refused_by_the_form(phone, live_server, tmp_path,
                                                              date_from, date_to, message):
    page = phone("peserta01")
    page.goto(f"{live_server}/leave")
    wait_for_app(page)
    # The form's day is the phone's (the context's zone, WIB), not the test machine's UTC day.
    today = datetime.now(ZoneInfo(CONTEXT_ARGS["timezone_id"])).date()
    assert page.locator("#date_from").get_attribute("min") == (
        today - timedelta(days=PAST_DAYS)).isoformat()
    page.fill("#date_from", date_from)
    page.fill("#date_to", date_to)
    page.fill("textarea[name=reason]", "Urusan keluarga")
    page.get_by_test_id("send-leave").click()
    expect(page.locator("[data-leave-message]")).to_have_text(message)
    assert _queued(page) == 0
    page.locator("[data-leave-message]").scroll_into_view_if_needed()
    screenshot(page, tmp_path, "leave-date-refused")


def test_a_second_check_in_of_the_day_asks_first(phone, tmp_path):
    page = phone("peserta01", permissions=["geolocation"], geolocation=NEAR_SANGIR)
    wait_for_app(page)
    page.context.set_offline(True)
    page.get_by_test_id("checkin-in").click()
    expect(page.get_by_test_id("outbox-count")).to_have_text("1")

    page.get_by_test_id("checkin-in").click()
    dialog = page.locator("#ask-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("sudah absen masuk hari ini")
    screenshot(page, tmp_path, "home-second-checkin")
    page.get_by_test_id("again-cancel").click()
    expect(dialog).to_be_hidden()
    assert _queued(page) == 1

    page.get_by_test_id("checkin-in").click()
    page.get_by_test_id("again-confirm").click()
    expect(page.get_by_test_id("outbox-count")).to_have_text("2")

    page.get_by_test_id("checkin-out").click()  # the first departure is not asked about
    expect(page.get_by_test_id("outbox-count")).to_have_text("3")
    expect(dialog).to_be_hidden()


def test_a_wrong_code_says_so_where_the_code_was_typed(phone, live_server, seeded, tmp_path):
    clinic = make_clinic(seeded)
    page = phone("peserta01")
    page.goto(f"{live_server}/sessions/{clinic.session_id}")
    wait_for_app(page)
    wrong = "000000" if clinic.code(datetime.now(UTC)) != "000000" else "111111"
    page.fill("#code", wrong)
    page.get_by_test_id("self-attend").click()
    message = page.locator("[data-attend-message]")
    expect(message).to_contain_text(f"Kode {wrong} ditolak")
    expect(message).to_have_class("flash flash-error")
    screenshot(page, tmp_path, "participant-code-rejected")

    page.fill("#code", clinic.code(datetime.now(UTC)))
    page.get_by_test_id("self-attend").click()
    expect(message).to_contain_text("diterima. Status Anda:")


def _box(locator) -> dict:
    box = locator.bounding_box()
    assert box, locator
    return box


CONTRAST = """(button) => {
    const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const lum = (c) => {
        const [r, g, b] = rgb(c).map((v) => v / 255).map(
            (v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const style = getComputedStyle(button);
    const [a, b] = [lum(style.color), lum(style.backgroundColor)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
}"""


def test_the_roster_fits_360_px_with_44_px_targets_and_honest_labels(phone, live_server,
                                                                       seeded, tmp_path):
    clinic = make_clinic(seeded)
    page = phone("pelatih1")
    page.goto(f"{live_server}/coaching/sessions/{clinic.session_id}")
    wait_for_app(page)
    page.context.set_offline(True)  # the mark stays "menunggu kirim": two badges on the row
    row = page.get_by_test_id("roster-row").first
    late = row.get_by_role("button", name="Telat", exact=True)
    late.click()
    expect(late).to_have_attribute("aria-pressed", "true")
    expect(row.locator("[data-state-line] > *")).to_have_count(2)
    screenshot(page, tmp_path, "coach-roster-360")

    card = _box(page.locator(".roster-card"))
    for badge in row.locator("[data-state-line] > *").all():
        box = _box(badge)
        assert box["x"] + box["width"] <= card["x"] + card["width"], badge.inner_text()

    # Every status button is named by the text it shows (speech input says what it sees).
    for button in row.locator("[data-mark]").all():
        expect(button).to_have_accessible_name(button.inner_text().strip())
    assert page.evaluate(CONTRAST, late.element_handle()) >= 4.5

    row.locator("details.skills summary").click()
    targets = [row.locator("details.skills summary"), *row.locator("label.check").all(),
               *page.locator("header.topbar a, header.topbar button").all()]
    for target in targets:
        assert _box(target)["height"] >= 44, target


def test_the_daily_review_unit_select_shows_whole_unit_names(phone, live_server, tmp_path):
    page = phone("bkpsdm")
    page.goto(f"{live_server}/review/daily?unit=KEC-SBJ")
    cut = page.locator("#d-unit").evaluate("""(select) => {
        const style = getComputedStyle(select);
        const room = select.clientWidth - parseFloat(style.paddingLeft)
            - parseFloat(style.paddingRight) - 20;  // the arrow
        const probe = document.createElement('span');
        probe.style.font = style.font;
        probe.style.whiteSpace = 'nowrap';
        document.body.append(probe);
        const cut = [...select.options].map((option) => option.textContent).filter((name) => {
            probe.textContent = name;
            return probe.getBoundingClientRect().width > room;
        });
        probe.remove();
        return cut;
    }""")
    # The select spans the form; only names over 30 letters ("Dinas Pekerjaan Umum dan
    # Penataan Ruang") still lose their end on a 360 px phone.
    assert _box(page.locator("#d-unit"))["width"] >= 0.95 * _box(page.locator(".filters"))[
        "width"]
    assert cut and all(len(name) > 30 for name in cut), cut
    screenshot(page, tmp_path, "review-daily-unit-360")


INSTALL_OFFER = """() => {
    const event = new Event('beforeinstallprompt', { cancelable: true });
    event.prompt = () => { window.promptShown = true; };
    event.userChoice = Promise.resolve({ outcome: 'dismissed' });
    dispatchEvent(event);
    return event.defaultPrevented;
}"""


def test_the_install_hint_opens_the_browsers_prompt_and_stays_dismissed(phone, tmp_path):
    page = phone("peserta01")
    wait_for_app(page)
    hint = page.get_by_test_id("install-hint")
    expect(hint).to_be_hidden()
    assert page.evaluate(INSTALL_OFFER)
    expect(hint).to_be_visible()
    screenshot(page, tmp_path, "home-install-hint")
    hint.get_by_role("button", name="Pasang aplikasi").click()
    page.wait_for_function("window.promptShown === true")
    expect(hint).to_be_hidden()

    page.evaluate(INSTALL_OFFER)
    expect(hint).to_be_visible()
    hint.get_by_role("button", name="Nanti saja").click()
    expect(hint).to_be_hidden()
    page.reload()
    wait_for_app(page)
    assert not page.evaluate(INSTALL_OFFER)
    expect(hint).to_be_hidden()


def test_ios_safari_gets_the_install_steps(phone):
    page = phone("peserta01", user_agent=IPHONE_UA)
    wait_for_app(page)
    hint = page.get_by_test_id("install-hint")
    expect(hint).to_contain_text("ketuk Bagikan lalu Tambah ke Layar Utama")
    expect(hint.get_by_role("button", name="Pasang aplikasi")).to_be_hidden()
