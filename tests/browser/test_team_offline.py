"""The OPD's day, offline on both phones: an official files a correction (with an evidence
photo) with no network, their supervisor approves it with no network, and once both phones
are back the monthly recap counts the corrected check-in, each entry stored once."""

from datetime import UTC, datetime, time
from pathlib import Path

from playwright.sync_api import expect

from tests.api.recap_helpers import official_month
from tests.api.test_corrections import _past_workday
from tests.browser.conftest import CONTEXT_ARGS, wait_for_app
from tests.browser.test_clinic_session import open_offline_ready
from tests.browser.test_review_screens import page_width, screens_dir
from webapp.extensions import db
from webapp.models import AuditEvent, Correction, Photo, SyncEntry
from webapp.services.daily_status import band
from webapp.services.monthly_recap import load_monthly
from webapp.vocabulary import APPROVED

LATE_AT = time(7, 47)  # after the demo units' 07:30 start: a late band, not on time


def _file_correction_offline(context, base, day, tmp_path):
    page = open_offline_ready(context, base, "peserta01", "/corrections")
    context.set_offline(True)
    page.reload()
    wait_for_app(page)
    page.fill("input[name=date]", day.isoformat())
    page.fill("input[name=time]", LATE_AT.strftime("%H:%M"))
    page.fill("textarea[name=reason]", "Lupa absen, langsung rapat di kantor bupati")
    page.set_input_files("input[name=photo]", files=[{
        "name": "daftar-hadir-rapat.png", "mimeType": "image/png",
        "buffer": Path("webapp/static/icons/icon-192.png").read_bytes()}])
    page.get_by_test_id("send-correction").click()
    expect(page.get_by_test_id("queued-correction")).to_contain_text("Menunggu kirim")
    expect(page.get_by_test_id("outbox-count")).to_have_text("1")
    page.screenshot(path=str(screens_dir(tmp_path) / "correction-offline-360.png"),
                    full_page=True)
    return page


def test_a_correction_filed_and_approved_offline_counts_in_the_recap_once_both_sync(
        browser, live_server, seeded, tmp_path):
    with seeded.app_context():
        day = _past_workday()
    official = browser.new_context(**CONTEXT_ARGS)
    supervisor = browser.new_context(**CONTEXT_ARGS)
    try:
        mine = _file_correction_offline(official, live_server, day, tmp_path)
        official.set_offline(False)
        expect(mine.get_by_test_id("outbox-count")).to_have_text("0", timeout=15000)

        boss = open_offline_ready(supervisor, live_server, "atasan1", "/team")
        item = boss.locator('[data-decide="correction_decision"]')
        expect(item).to_have_count(1)
        expect(item).to_contain_text("Lupa absen, langsung rapat di kantor bupati")
        expect(item.get_by_test_id("evidence-photo")).to_be_visible()
        assert page_width(boss) <= CONTEXT_ARGS["viewport"]["width"]
        boss.screenshot(path=str(screens_dir(tmp_path) / "team-pending-360.png"),
                        full_page=True)

        supervisor.set_offline(True)
        boss.reload()
        wait_for_app(boss)
        # A rejection needs a reason, checked on the phone before anything is queued.
        item.get_by_role("button", name="Tolak").click()
        expect(item.locator("[data-decision-state]")).to_have_text("Tuliskan alasan penolakan.")
        item.get_by_role("button", name="Setujui").click()
        expect(item.locator("[data-decision-state]")).to_contain_text("menunggu dikirim")
        expect(boss.get_by_test_id("outbox-count")).to_have_text("1")
        # Decided but not sent: a reload with no network still says so, and offers no form.
        boss.reload()
        wait_for_app(boss)
        expect(item.locator("[data-decision-state]")).to_contain_text("Disetujui")
        expect(item.locator("[data-decision-state]")).to_contain_text("menunggu dikirim")
        expect(item.locator("[data-decision-form]")).to_be_hidden()
        boss.screenshot(path=str(screens_dir(tmp_path) / "team-offline-360.png"),
                        full_page=True)

        supervisor.set_offline(False)
        expect(boss.get_by_test_id("outbox-count")).to_have_text("0", timeout=15000)
        expect(item.locator("[data-decision-state]")).to_contain_text("terkirim")

        with seeded.app_context():
            recap = load_monthly("KEC-SANGIR", day.year, day.month, datetime.now(UTC))
            [work] = [w for w in recap.days if w.day == day]
            late = (datetime.combine(day, LATE_AT) - datetime.combine(day, work.hours.start))
            [counts] = [r.counts for r in recap.rows if r.official.username == "peserta01"]
            [status] = [d for d in official_month("KEC-SANGIR", "peserta01", day).days
                        if d.day == day]
            kinds = db.session.scalars(db.select(SyncEntry.kind)).all()
            [stored] = db.session.scalars(db.select(Correction)).all()
            decisions = db.session.scalars(db.select(AuditEvent.action).filter_by(
                action="correction.decide")).all()
        assert status.code == "hadir" and status.koreksi
        assert status.late_minutes == late.seconds // 60
        assert status.late_band == band(status.late_minutes, ("TL1", "TL2", "TL3", "TL4"))
        assert status.late_band is not None
        # Counted once in the unit's recap: that day is this official's only one.
        assert (counts["hadir"], counts[status.late_band], counts["koreksi"]) == (1, 1, 1)
        assert sorted(kinds) == ["correction", "correction_decision"]
        assert stored.state == APPROVED and decisions == ["correction.decide"]
        with seeded.app_context():
            assert db.session.get(Photo, stored.photo_id).user_id == stored.user_id

        mine.reload()
        expect(mine.get_by_test_id("my-corrections")).to_contain_text("Disetujui")
    finally:
        official.close()
        supervisor.close()
