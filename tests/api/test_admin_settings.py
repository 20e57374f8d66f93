"""/admin/settings: the district's letterhead and signatory as data, shown on the prints."""

import io

from PIL import Image

from tests.api.admin_helpers import without_district_settings
from webapp.extensions import db
from webapp.models import AuditEvent, DistrictSettings

SETTINGS = {"district_name": "Kota Contoh", "seat": "Contoh Raya",
            "letterhead_lines": "Jalan Merdeka No. 1\nTelepon (0700) 123456",
            "bkpsdm_head_name": "Dr. Sari Wulandari, M.Si.",
            "bkpsdm_head_nip": "197803122003122002"}


def _png(size=(600, 400)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _save(api, logo: bytes | None = None, **overrides):
    data = {"csrf_token": api.csrf, **SETTINGS, **overrides}
    if logo is not None:
        data["logo"] = (io.BytesIO(logo), "logo.png")
    return api.client.post("/admin/settings", data=data, content_type="multipart/form-data")


def test_settings_saved_by_the_admin_show_on_the_monthly_print(seeded, login_as):
    without_district_settings(seeded)
    admin = login_as("admin")
    assert _save(admin, logo=_png()).status_code == 302
    html = login_as("atasan2").get("/review/monthly/print").get_data(as_text=True)
    for text in ("PEMERINTAH KOTA CONTOH", "Jalan Merdeka No. 1", "Telepon (0700) 123456",
                 "Contoh Raya, ", "Dr. Sari Wulandari, M.Si.", "NIP. 197803122003122002",
                 'src="data:image/png;base64,'):
        assert text in html, text
    with seeded.app_context():
        row = db.session.get(DistrictSettings, 1)
        assert max(Image.open(io.BytesIO(row.logo_png)).size) == 240  # re-encoded, small
        event = db.session.scalar(db.select(AuditEvent).filter_by(action="settings.update"))
        assert event.after["district_name"] == "Kota Contoh" and event.after["logo_sha256"]


def test_saving_without_a_new_logo_keeps_it_and_the_box_removes_it(seeded, login_as):
    admin = login_as("admin")
    with seeded.app_context():
        demo_logo = db.session.get(DistrictSettings, 1).logo_png
    assert _save(admin).status_code == 302
    with seeded.app_context():
        assert db.session.get(DistrictSettings, 1).logo_png == demo_logo
    assert _save(admin, remove_logo="y").status_code == 302
    with seeded.app_context():
        assert db.session.get(DistrictSettings, 1).logo_png is None


def test_bad_settings_are_form_errors_and_change_nothing(seeded, login_as):
    admin = login_as("admin")
    for response, message in [
            (_save(admin, logo=b"bukan gambar"), "Berkas bukan gambar"),
            (_save(admin, logo=b"\x89PNG" + b"0" * 600_000), "Logo lebih dari 512 KB"),
            (_save(admin, bkpsdm_head_nip="1978031220031220"), "NIP harus 18 digit"),
            (_save(admin, letterhead_lines="a\nb\nc\nd\ne"), "Maksimal 4 baris"),
            (_save(admin, district_name="x" * 121), "Maksimal 120 karakter")]:
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    with seeded.app_context():
        assert db.session.get(DistrictSettings, 1).district_name == "Kabupaten Solok Selatan"


def test_only_admins_change_the_settings(seeded, login_as):
    for username in ("bkpsdm", "atasan1", "peserta01"):
        api = login_as(username)
        assert api.get("/admin/settings").status_code == 403
        assert _save(api).status_code == 403
    no_token = login_as("admin").client.post("/admin/settings", data=SETTINGS)
    assert no_token.status_code == 400
    with seeded.app_context():
        assert db.session.get(DistrictSettings, 1).district_name == "Kabupaten Solok Selatan"


def test_the_settings_page_previews_the_letterhead(seeded, login_as):
    html = login_as("admin").get("/admin/settings").get_data(as_text=True)
    assert "PEMERINTAH KABUPATEN SOLOK SELATAN" in html and 'data-testid="kop-preview"' in html
    assert "Drs. Yulian Efi, M.M." in html  # the stored value fills the form
