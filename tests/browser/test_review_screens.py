"""BKPSDM's review pages in a real browser on the demo data with history: they fit a 360 px
phone without sideways scrolling, the dashboard reads on a desk screen, and the print views
print on A4 with their signature block; the change projects' overview and one project's record
(its evidence photo shown) fit a phone. Screenshots of the dashboards, records and print views
go to HADIR_SCREENS_DIR (docs/screens for the committed ones); the other pages' go to
tmp_path."""

import os
import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.api.test_photos import jpeg_bytes
from tests.browser.conftest import CONTEXT_ARGS, PHONE, login, wait_for_service_worker
from webapp.extensions import db
from webapp.models import Program, Project, ProjectReport, User
from webapp.services.photos import clean_photo, store_photo

# Run on SQLite only (tests/conftest.py): layout and print of the review pages; their figures are
# tested on both backends.
pytestmark = pytest.mark.one_backend

SCREENS_DIR = os.environ.get("HADIR_SCREENS_DIR")
DESK = {"width": 1366, "height": 768}
# A4 at 96 px per inch less review.css's @page margins (15 mm + 12 mm): 183 mm of 210 mm.
A4_PRINTABLE = {"width": 691, "height": 1123}
SHEET_ON_SCREEN = {"width": 900, "height": 1123}  # the A4 sheet (210 mm) with a grey margin


def screens_dir(tmp_path) -> Path:
    target = Path(SCREENS_DIR) if SCREENS_DIR else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    return target


@pytest.fixture
def program_ids(seeded_history) -> dict[str, int]:
    """{"running": id, "finished": id} of the demo programmes."""
    with seeded_history.app_context():
        programs = db.session.execute(
            db.select(Program.id, Program.end_date).order_by(Program.end_date)).all()
    return {"finished": programs[0].id, "running": programs[-1].id}


@pytest.fixture
def reviewer_page(browser, live_server, seeded_history):
    """reviewer_page(viewport) -> a page logged in as bkpsdm in a fresh context."""
    contexts = []

    def _open(viewport=PHONE):
        context = browser.new_context(**{**CONTEXT_ARGS, "viewport": viewport})
        contexts.append(context)
        page = context.new_page()
        login(page, live_server, "bkpsdm")
        return page

    yield _open
    for context in contexts:
        context.close()


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_dashboard_fits_a_phone_and_a_desk_screen(reviewer_page, live_server, program_ids,
                                                      tmp_path):
    url = f"{live_server}/review/programs/{program_ids['running']}"
    phone = reviewer_page(PHONE)
    phone.goto(url)
    expect(phone.get_by_test_id("absence-alerts")).to_be_visible()
    zones = phone.locator("[data-testid=participant-table] tr[data-zone]")
    assert {zones.nth(i).get_attribute("data-zone") for i in range(zones.count())} >= {
        "hijau", "kuning", "merah"}
    assert page_width(phone) <= PHONE["width"]
    phone.screenshot(path=str(screens_dir(tmp_path) / "review-dashboard-360.png"),
                     full_page=True)

    desk = reviewer_page(DESK)
    desk.goto(url)
    expect(desk.get_by_test_id("participant-table")).to_be_visible()
    assert page_width(desk) <= DESK["width"]
    desk.screenshot(path=str(screens_dir(tmp_path) / "review-dashboard-1366.png"))
    desk.screenshot(path=str(tmp_path / "review-dashboard-1366-full.png"), full_page=True)


def sticking_out(page) -> list[str]:
    """The print sheet's elements that stick out of the sheet, or whose content overflows
    their own box (a line of dots that cannot wrap, a header wider than its column)."""
    return page.evaluate("""() => {
        const sheet = document.querySelector('.sheet').getBoundingClientRect();
        return [...document.querySelectorAll('.sheet *')].filter(e => {
            const box = e.getBoundingClientRect();
            return box.left < sheet.left - 0.5 || box.right > sheet.right + 0.5
                || (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1);
        }).map(e => `${e.tagName}.${e.className}: ${e.textContent.trim().slice(0, 30)}`);
    }""")


def open_print_view(page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_role("button", name="Cetak")).to_be_visible()


def lay_out_for_paper(page) -> None:
    """Lay the print view out as Chromium prints it: print media, the width between the
    @page margins."""
    page.set_viewport_size(A4_PRINTABLE)
    page.emulate_media(media="print")
    expect(page.locator(".print-toolbar")).to_be_hidden()


def test_the_print_view_prints_on_a4_with_the_signature_block(reviewer_page, live_server,
                                                              program_ids, tmp_path):
    page = reviewer_page(SHEET_ON_SCREEN)
    open_print_view(page, f"{live_server}/review/programs/{program_ids['running']}/print")
    page.screenshot(path=str(screens_dir(tmp_path) / "review-print.png"), full_page=True)

    # On paper: no toolbar, nothing wider than the page, the signature block is there.
    lay_out_for_paper(page)
    expect(page.get_by_text("Kepala BKPSDM")).to_be_visible()
    assert page_width(page) <= A4_PRINTABLE["width"]
    assert sticking_out(page) == []
    page.screenshot(path=str(tmp_path / "review-print-media.png"), full_page=True)

    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    (tmp_path / "review-print.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    # 24 participants, the letterhead and the signature: two A4 pages at most.
    assert 1 <= pages <= 2, pages
    # Every page is A4 portrait (595 x 842 points), as @page asks.
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes and all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1
                         for w, h in boxes), boxes


def test_the_print_sheet_fits_a4_in_wider_fonts(reviewer_page, live_server, program_ids):
    """A machine without Times New Roman or Liberation Serif falls back to a wider font; the
    sheet must still fit between the margins, the signature line included."""
    page = reviewer_page(SHEET_ON_SCREEN)
    open_print_view(page, f"{live_server}/review/programs/{program_ids['running']}/print")
    lay_out_for_paper(page)
    # The width of the note's text, not of its box: it grows with the font.
    note_width = """() => {
        const range = document.createRange();
        range.selectNodeContents(document.querySelector('.doc-note'));
        return range.getBoundingClientRect().width;
    }"""
    own_width = page.evaluate(note_width)
    for font in ("DejaVu Sans", "DejaVu Sans Mono"):
        page.evaluate("font => { document.querySelector('.sheet').style.fontFamily = font; }",
                      font)
        # Installed by bin/ensure-system-deps and really used: the note is wider.
        assert page.evaluate(note_width) > own_width, font
        assert page_width(page) <= A4_PRINTABLE["width"], font
        assert sticking_out(page) == [], font


@pytest.mark.parametrize("path", ["/review", "/review/daily?unit=PUPR", "/review/daily",
                                  "/review/checkins", "/review/programs/{finished}/sustained",
                                  "/review/signals"])
def test_every_review_page_fits_a_phone(reviewer_page, live_server, program_ids, tmp_path,
                                        path):
    page = reviewer_page(PHONE)
    response = page.goto(live_server + path.format(**program_ids))
    assert response.status == 200
    assert page_width(page) <= PHONE["width"], path
    name = re.sub(r"\W+", "-", path.format(**program_ids)).strip("-")
    page.screenshot(path=str(tmp_path / f"{name}-360.png"), full_page=True)


def test_the_monthly_recap_fits_a_phone_for_a_supervisor(browser, live_server, seeded_history,
                                                         tmp_path):
    context = browser.new_context(**{**CONTEXT_ARGS, "viewport": PHONE})
    try:
        page = context.new_page()
        login(page, live_server, "atasan1")
        page.goto(f"{live_server}/review/monthly?unit=KEC-SANGIR")
        table = page.get_by_test_id("monthly-table")
        expect(table).to_be_visible()
        expect(table.locator("tr[data-user=peserta01] td[data-col=hari_kerja]")).to_be_visible()
        assert page_width(page) <= PHONE["width"]
        page.screenshot(path=str(screens_dir(tmp_path) / "review-monthly-360.png"),
                        full_page=True)
        # A name opens that official's month, a day a line.
        page.locator("tr[data-user=peserta01] a.name").click()
        days = page.get_by_test_id("official-days")
        expect(days.locator("tr[data-day]").first).to_be_visible()
        assert page_width(page) <= PHONE["width"]
        page.screenshot(path=str(screens_dir(tmp_path) / "review-monthly-official-360.png"),
                        full_page=True)
    finally:
        context.close()


def test_the_monthly_print_fits_a4_landscape(browser, live_server, seeded_history, tmp_path):
    # A4 landscape at 96 px per inch less the landscape @page margins (10 mm + 10 mm).
    printable = {"width": 1047, "height": 718}
    context = browser.new_context(**{**CONTEXT_ARGS, "viewport": printable})
    try:
        page = context.new_page()
        login(page, live_server, "atasan1")
        page.goto(f"{live_server}/review/monthly/print?unit=KEC-SANGIR")
        page.emulate_media(media="print")
        table = page.get_by_test_id("print-table")
        expect(table).to_be_visible()
        assert page_width(page) <= printable["width"]
        assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth")
        page.emulate_media(media="screen")
        page.set_viewport_size(PHONE)
        page.screenshot(path=str(screens_dir(tmp_path) / "review-monthly-print-360.png"))
        page.set_viewport_size({"width": 1200, "height": 850})
        page.screenshot(path=str(screens_dir(tmp_path) / "review-monthly-print.png"),
                        full_page=True)
    finally:
        context.close()


def test_the_projects_page_fits_a_phone(reviewer_page, live_server, tmp_path):
    page = reviewer_page(PHONE)
    page.goto(f"{live_server}/review/projects")
    expect(page.locator("svg.chart-survival polyline")).to_have_count(1)
    expect(page.get_by_test_id("project-table").locator("tr[data-project]")).to_have_count(16)
    assert page_width(page) <= PHONE["width"]
    page.screenshot(path=str(screens_dir(tmp_path) / "review-projects-360.png"), full_page=True)


def test_the_projects_page_seen_online_opens_offline(reviewer_page, live_server, tmp_path):
    """BKPSDM in the field: the overview last seen online opens with no network."""
    page = reviewer_page(PHONE)
    page.goto(f"{live_server}/review/projects")
    wait_for_service_worker(page)
    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_test_id("project-table").locator("tr[data-project]")).to_have_count(16)
    expect(page.locator("svg.chart-survival polyline")).to_have_count(1)
    assert page_width(page) <= PHONE["width"]
    page.screenshot(path=str(screens_dir(tmp_path) / "review-projects-offline-360.png"))


def test_a_projects_record_fits_a_phone_with_its_evidence_photo(reviewer_page, live_server,
                                                                seeded_history, tmp_path):
    with seeded_history.app_context():
        project = db.session.scalar(db.select(Project).filter_by(title="KTP Keliling ke Nagari"))
        owner = db.session.get(User, project.owner_id)
        photo_id = str(uuid.uuid4())
        store_photo(owner.id, photo_id, clean_photo(jpeg_bytes((480, 360)), "image/jpeg"))
        db.session.add(ProjectReport(
            project_id=project.id, milestone_id=project.milestones[-1].id, by_id=owner.id,
            note="KTP keliling sudah di enam nagari; foto pelayanan di Nagari Lubuk Gadang.",
            photo_id=photo_id, created_at=datetime.now(UTC) - timedelta(days=2)))
        db.session.commit()
        project_id = project.id
    page = reviewer_page(PHONE)
    page.goto(f"{live_server}/review/projects/{project_id}")
    photo = page.locator(f"img[src='/api/v1/photos/{photo_id}']")
    expect(photo).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=photo.element_handle())
    expect(page.get_by_test_id("project-state")).to_have_text("Hidup")
    assert page_width(page) <= PHONE["width"]
    page.screenshot(path=str(screens_dir(tmp_path) / "review-project-360.png"), full_page=True)


def test_the_sustainability_report_prints_on_a4_with_the_signature_block(reviewer_page,
                                                                         live_server, tmp_path):
    page = reviewer_page(SHEET_ON_SCREEN)
    open_print_view(page, f"{live_server}/review/projects/print")
    expect(page.get_by_role("heading", name="LAPORAN KEBERLANJUTAN INOVASI")).to_be_visible()
    page.screenshot(path=str(screens_dir(tmp_path) / "review-projects-print.png"),
                    full_page=True)

    lay_out_for_paper(page)
    expect(page.get_by_text("Kepala BKPSDM")).to_be_visible()
    assert page_width(page) <= A4_PRINTABLE["width"]
    assert sticking_out(page) == []
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 1 <= pages <= 3, pages  # 16 projects, 15 overdue milestones, the summaries
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes and all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1
                         for w, h in boxes), boxes

    # On a phone the sheet scrolls inside itself; the page does not.
    page.emulate_media(media="screen")
    page.set_viewport_size(PHONE)
    assert page_width(page) <= PHONE["width"]
