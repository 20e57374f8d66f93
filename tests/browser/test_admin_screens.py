"""The admin pages in a real browser at 360 px: each fits the phone without sideways scrolling
and does its job through its form. Screenshots go to HADIR_SCREENS_DIR (docs/screens)."""

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import CONTEXT_ARGS, PHONE, login, wait_for_app
from tests.browser.test_review_screens import page_width, screens_dir
from webapp.extensions import db
from webapp.models import Unit


def _phone_page(browser, live_server, username: str):
    context = browser.new_context(**{**CONTEXT_ARGS, "viewport": PHONE})
    page = context.new_page()
    login(page, live_server, username)
    return context, page


def _fits_and_shoot(page, tmp_path, name: str) -> None:
    assert page_width(page) <= PHONE["width"], name
    page.screenshot(path=str(screens_dir(tmp_path) / name), full_page=True)


def test_admin_user_and_unit_pages_fit_a_phone(browser, live_server, seeded_history, tmp_path):
    with seeded_history.app_context():
        unit_id = db.session.scalar(db.select(Unit.id).filter_by(code="KEC-SANGIR"))
    context, page = _phone_page(browser, live_server, "admin")
    try:
        page.get_by_role("link", name="Admin", exact=True).click()
        expect(page.get_by_test_id("user-list").locator("li")).to_have_count(33)
        page.fill("input[name=q]", "camat")
        page.get_by_role("button", name="Tampilkan").click()
        expect(page.get_by_test_id("user-list").locator("li")).to_have_count(7)
        _fits_and_shoot(page, tmp_path, "admin-users-360.png")

        page.goto(f"{live_server}/admin/units/{unit_id}")
        expect(page.get_by_test_id("geofence")).to_be_visible()
        week = page.get_by_test_id("week-form")
        week.get_by_label("Unit ini punya jadwal sendiri").check()
        week.get_by_label("Senin–Sabtu").check()
        week.get_by_label("Sabtu masuk").fill("08:00")
        week.get_by_label("Sabtu pulang").fill("12:00")
        week.get_by_role("button", name="Simpan jadwal").click()
        expect(page.locator(".flash")).to_contain_text("Jadwal kerja disimpan")
        _fits_and_shoot(page, tmp_path, "admin-unit-360.png")
    finally:
        context.close()


def test_holidays_and_settings_pages_fit_a_phone(browser, live_server, seeded_history,
                                                tmp_path):
    context, page = _phone_page(browser, live_server, "admin")
    try:
        page.goto(f"{live_server}/admin/holidays")
        wait_for_app(page)
        expect(page.get_by_test_id("holiday-list").locator("li").first).to_be_visible()
        csv_file = tmp_path / "libur.csv"
        csv_file.write_text("tanggal,jenis,nama\n2031-06-02,libur_nasional,Hari Contoh\n")
        page.set_input_files("input[name=file]", str(csv_file))
        page.get_by_role("button", name="Impor").click()
        expect(page.locator(".flash")).to_contain_text("1 hari libur diimpor")
        expect(page.get_by_test_id("holiday-list")).to_contain_text("Hari Contoh")
        page.goto(f"{live_server}/admin/holidays?year=2031")
        wait_for_app(page)  # the confirm dialog is the page module's
        row = page.locator('[data-holiday="2031-06-02"]')
        row.get_by_role("button", name="Hapus").click()
        page.get_by_role("button", name="Batal").click()
        expect(page.locator("#ask-dialog")).not_to_be_visible()
        expect(row).to_have_count(1)
        row.get_by_role("button", name="Hapus").click()
        page.get_by_test_id("confirm-yes").click()
        expect(page.locator(".flash")).to_contain_text("Hari Contoh dihapus")
        expect(row).to_have_count(0)
        page.goto(f"{live_server}/admin/holidays")
        _fits_and_shoot(page, tmp_path, "admin-holidays-360.png")

        page.get_by_role("link", name="Pengaturan").click()
        expect(page.get_by_test_id("kop-preview")).to_contain_text("PEMERINTAH KABUPATEN")
        page.fill("input[name=seat]", "Padang Aro")
        page.get_by_role("button", name="Simpan pengaturan").click()
        expect(page.locator(".flash")).to_contain_text("Pengaturan disimpan")
        _fits_and_shoot(page, tmp_path, "admin-settings-360.png")
    finally:
        context.close()


def test_the_district_schedule_page_fits_a_phone(browser, live_server, seeded_history,
                                                 tmp_path):
    context, page = _phone_page(browser, live_server, "admin")
    try:
        page.goto(f"{live_server}/admin/units")
        page.get_by_test_id("district-link").click()
        week = page.get_by_test_id("week-form")
        expect(week.get_by_label("Kabupaten menetapkan jadwal kerjanya")).to_be_checked()
        week.get_by_label("Jumat pulang").fill("11:30")
        week.get_by_role("button", name="Simpan jadwal").click()
        expect(page.locator(".flash")).to_contain_text("Jadwal kerja disimpan")
        expect(week.get_by_label("Jumat pulang")).to_have_value("11:30")
        periods = page.get_by_test_id("period-form")
        periods.get_by_label("Nama periode").fill("Ramadan 1449 H")
        periods.get_by_label("Mulai").fill("2028-01-27")
        periods.get_by_label("Sampai").fill("2028-01-26")
        for day in ("Senin", "Selasa", "Rabu", "Kamis", "Jumat"):
            periods.get_by_label(f"{day} masuk").fill("08:00")
            periods.get_by_label(f"{day} pulang").fill("15:00")
        periods.get_by_role("button", name="Tambah periode").click()
        expect(page.locator(".field-error")).to_contain_text("sebelum tanggal mulai")
        page.get_by_test_id("period-form").get_by_label("Sampai").fill("2028-02-25")
        page.get_by_test_id("period-form").get_by_role("button", name="Tambah periode").click()
        expect(page.get_by_test_id("period-list")).to_contain_text("Ramadan 1449 H")
        page.goto(f"{live_server}/admin/units/district")
        _fits_and_shoot(page, tmp_path, "admin-district-week-360.png")
    finally:
        context.close()


def test_users_are_imported_from_a_csv_on_a_phone(browser, live_server, seeded_history,
                                                  tmp_path):
    context, page = _phone_page(browser, live_server, "admin")
    try:
        page.goto(f"{live_server}/admin/users")
        page.get_by_test_id("import-users").click()
        csv_file = tmp_path / "pegawai.csv"
        csv_file.write_text("nip,nama,jabatan,eselon,unit,peran,atasan\n"
                            "199001012015031001,Rina Marlina S.E.,Kasubbag Umum,IV.a,PUPR,"
                            "peserta;atasan,atasan2\n"
                            "199202022016042002,Dedi Saputra S.T.,Analis,,KEC-SANGIR,peserta,"
                            "199001012015031001\n"
                            "123,Salah Ketik,Staf,,PUPR,peserta,budi\n")
        page.set_input_files("input[name=file]", str(csv_file))
        page.get_by_role("button", name="Periksa berkas").click()
        errors = page.get_by_test_id("import-errors")
        expect(errors).to_contain_text("baris 4: NIP harus 18")
        expect(errors).to_contain_text("atasan budi tidak dikenal")
        expect(page.get_by_test_id("users-confirm")).to_have_count(0)
        _fits_and_shoot(page, tmp_path, "admin-users-import-errors-360.png")
        csv_file.write_text("\n".join(csv_file.read_text().splitlines()[:3]) + "\n")
        page.set_input_files("input[name=file]", str(csv_file))
        page.get_by_role("button", name="Periksa berkas").click()
        expect(page.get_by_test_id("import-rows").locator("li")).to_have_count(2)
        expect(page.get_by_test_id("import-rows")).to_contain_text("atasan 199001012015031001")
        _fits_and_shoot(page, tmp_path, "admin-users-import-360.png")
        page.get_by_role("button", name="Impor 2 pengguna").click()
        expect(page.get_by_test_id("imported-users").locator("[data-password]")).to_have_count(2)
        with page.expect_download() as download:
            page.get_by_test_id("passwords-download").click()
        lines = Path(download.value.path()).read_text().splitlines()
        assert lines[0] == "username,initial_password" and len(lines) == 3
        shown = page.get_by_test_id("imported-users").locator("[data-password]").all_inner_texts()
        assert sorted(line.split(",")[1] for line in lines[1:]) == sorted(shown)
        assert page_width(page) <= PHONE["width"]
    finally:
        context.close()
