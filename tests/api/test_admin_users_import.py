"""/admin/users/import: users from a CSV through the page, as `flask import-users` does: every
row checked and shown first, all rows or none, each initial password shown once."""

import html as html_module
import io
import re

from tests.api.test_admin_users import _post, _user
from webapp.extensions import db
from webapp.models import AuditEvent, User

GOOD_CSV = """nip,nama,jabatan,eselon,unit,peran
199001012015031001,Rina Marlina S.E.,Kepala Sub Bagian Umum,IV.a,PUPR,peserta
199202022016042002,Dedi Saputra S.T.,Analis Kebijakan,,KEC-SANGIR,peserta;atasan
"""


def _upload(api, text: str | bytes, name: str = "pegawai.csv"):
    data = text if isinstance(text, bytes) else text.encode()
    return api.client.post("/admin/users/import", data={
        "csrf_token": api.csrf, "file": (io.BytesIO(data), name)})


def _user_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(User.id)))


def _confirm_text(html: str) -> str:
    # The textarea the preview posts back, unescaped as the browser would send it.
    raw = re.search(r'<textarea[^>]*name="csv"[^>]*>\r?\n?(.*?)</textarea>', html, re.S).group(1)
    return html_module.unescape(raw)


def test_an_admin_previews_then_imports_and_sees_each_initial_password_once(seeded,
                                                                              login_as):
    admin = login_as("admin")
    before = _user_count(seeded)
    preview = _upload(admin, GOOD_CSV)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Siap diimpor: 2 pengguna" in html and "Rina Marlina S.E." in html
    assert _user_count(seeded) == before  # nothing is written by a preview
    imported = _post(admin, "/admin/users/import/confirm", csv=_confirm_text(html))
    assert imported.status_code == 200
    assert "no-store" in imported.headers["Cache-Control"]
    page = imported.get_data(as_text=True)
    passwords = dict(re.findall(r'<span class="muted small">([^<]+)</span> · kata sandi awal '
                                r'<code data-password>([^<]+)</code>', page))
    assert set(passwords) == {"199001012015031001", "199202022016042002"}
    dedi = _user(seeded, "199202022016042002")
    assert dedi.must_change_password and dedi.roles == ["participant", "supervisor"]
    with seeded.app_context():
        events = list(db.session.scalars(db.select(AuditEvent).filter_by(action="user.create")))
        assert {e.actor_id for e in events} == {_user(seeded, "admin").id}
        assert {e.after["via"] for e in events} == {"admin import"}
        assert not any(p in str(e.after) for e in events for p in passwords.values())
    first = login_as("199202022016042002", passwords["199202022016042002"])
    assert first.get("/").headers["Location"].endswith("/password")
    # The same file again (a reload of the import) imports nothing and shows no password.
    again = _post(admin, "/admin/users/import/confirm", csv=_confirm_text(html))
    assert again.status_code == 422 and "sudah terdaftar" in again.get_data(as_text=True)
    assert not any(p in again.get_data(as_text=True) for p in passwords.values())
    assert _user_count(seeded) == before + 2


def test_bad_rows_are_shown_with_their_row_numbers_and_nothing_is_imported(seeded, login_as):
    admin = login_as("admin")
    before = _user_count(seeded)
    text = (GOOD_CSV + "12345,Tanpa NIP Sah,Kabid,III.b,ANTAH,peserta\n"
            + "199303032017051001,Tanpa Peran,Staf,,PUPR,raja\n")
    response = _upload(admin, text)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "baris 4: NIP harus 18 digit" in html and "ANTAH" in html
    assert "baris 5: peran tidak dikenal: raja" in html
    assert 'data-testid="users-confirm"' not in html
    # Posting a bad file straight to the import, past the preview, imports nothing either.
    direct = _post(admin, "/admin/users/import/confirm", csv=text)
    assert direct.status_code == 422 and "baris 4" in direct.get_data(as_text=True)
    assert _user_count(seeded) == before


def test_csv_cells_shown_back_are_escaped(seeded, login_as):
    admin = login_as("admin")
    text = ("nip,nama,jabatan,eselon,unit,peran\n"
            "199001012015031001,<script>alert(1)</script>,<b>Kabid</b>,,PUPR,peserta\n"
            "199202022016042002,Budi,Staf,,<img src=x onerror=alert(2)>,peserta\n")
    html = _upload(admin, text).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "&lt;b&gt;Kabid&lt;/b&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html and "<img src=x" not in html


def test_a_file_that_is_not_a_utf8_csv_or_has_no_token_is_refused(seeded, login_as):
    admin = login_as("admin")
    before = _user_count(seeded)
    response = _upload(admin, "nip,nama\n\xff\xfe".encode("latin-1"))
    assert response.status_code == 422 and "UTF-8" in response.get_data(as_text=True)
    missing = admin.client.post("/admin/users/import", data={"file": (io.BytesIO(b""), "")})
    assert missing.status_code in (400, 422)
    assert admin.client.post("/admin/users/import/confirm",
                             data={"csv": GOOD_CSV}).status_code == 400
    assert _user_count(seeded) == before
    for username in ("bkpsdm", "atasan1", "peserta01"):
        api = login_as(username)
        assert api.get("/admin/users/import").status_code == 403
        assert _upload(api, GOOD_CSV).status_code == 403


SUPERVISED_CSV = """username,nip,nama,jabatan,eselon,unit,peran,atasan
kabid.umum,199001012015031001,Rina Marlina S.E.,Kepala Bidang Umum,III.a,PUPR,peserta;atasan,atasan2
staf.umum,199202022016042002,Dedi Saputra S.T.,Analis Kebijakan,,PUPR,peserta,KABID.UMUM
"""


def test_the_atasan_column_sets_each_imported_officials_supervisor(seeded, login_as):
    admin = login_as("admin")
    assert "<code>atasan</code>" in admin.get("/admin/users/import").get_data(as_text=True)
    preview = _upload(admin, SUPERVISED_CSV)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Siap diimpor: 2 pengguna" in html
    assert "· atasan atasan2" in html and "· atasan kabid.umum" in html
    imported = _post(admin, "/admin/users/import/confirm", csv=_confirm_text(html))
    assert imported.status_code == 200
    head, official = _user(seeded, "kabid.umum"), _user(seeded, "staf.umum")
    assert head.supervisor_id == _user(seeded, "atasan2").id
    assert official.supervisor_id == head.id
    with seeded.app_context():
        event = db.session.scalar(db.select(AuditEvent).filter_by(
            action="user.create", entity_type="user", entity_id=str(official.id)))
        assert event.after["supervisor_id"] == head.id


def test_an_atasan_the_admin_form_would_refuse_is_a_row_error_and_nothing_is_imported(
        seeded, login_as):
    with seeded.app_context():
        db.session.scalar(db.select(User).filter_by(username="atasan1")).active = False
        db.session.commit()
    admin = login_as("admin")
    before = _user_count(seeded)
    text = (SUPERVISED_CSV
            + "199303032017051001,199303032017051001,Sari,Staf,,PUPR,peserta,siapa\n"
            + "kasi.umum,199404042018061002,Budi,Kasi,IV.a,PUPR,peserta;atasan,kasi.umum\n"
            + "staf.dua,,Ani,Staf,,PUPR,peserta,peserta01\n"
            + "staf.tiga,,Yon,Staf,,PUPR,peserta,atasan1\n"
            + "staf.empat,,Tia,Staf,,PUPR,peserta,staf.lima\n"
            + "staf.lima,,Eka,Staf,,PUPR,peserta;atasan,\n")
    response = _upload(admin, text)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'data-testid="users-confirm"' not in html
    for expected in (
            "baris 4: atasan siapa tidak dikenal: bukan pengguna terdaftar dan tidak ada di "
            "baris sebelumnya",
            "baris 5: atasan kasi.umum: seseorang tidak dapat menjadi atasan dirinya sendiri",
            "baris 6: atasan peserta01: atasan harus pengguna dengan peran atasan",
            "baris 7: atasan atasan1: atasan harus pengguna yang aktif",
            "baris 8: atasan staf.lima tidak dikenal"):
        assert expected in html, expected
    direct = _post(admin, "/admin/users/import/confirm", csv=text)
    assert direct.status_code == 422 and "baris 5: atasan kasi.umum" in direct.get_data(
        as_text=True)
    assert _user_count(seeded) == before
