"""/admin/holidays: BKPSDM and admins keep the year's holidays, by hand or from a CSV file,
and the calendar follows at once."""

import io
import re
from datetime import date

from tests.api.test_admin_units import _day
from tests.api.test_admin_users import _ids, _post
from webapp.extensions import db
from webapp.models import AuditEvent, Holiday

DAY = date(2027, 3, 3)  # a Wednesday


def _listed(api, year: int) -> list[str]:
    html = api.get("/admin/holidays", query_string={"year": year}).get_data(as_text=True)
    return re.findall(r'data-holiday="([^"]+)"', html)


def _upload(api, text: str, name: str = "libur.csv"):
    return api.client.post("/admin/holidays/import", data={
        "csrf_token": api.csrf, "file": (io.BytesIO(text.encode()), name)},
        content_type="multipart/form-data")


def test_bkpsdm_adds_edits_and_deletes_a_holiday_and_the_calendar_follows(seeded, login_as):
    bkpsdm = login_as("bkpsdm")
    assert _day(seeded, "PUPR", DAY).is_work_day
    added = _post(bkpsdm, "/admin/holidays", day=DAY.isoformat(), kind="libur_daerah",
                  name="Hari Jadi Contoh", unit_id="")
    assert added.status_code == 302
    assert _day(seeded, "PUPR", DAY).holiday.name == "Hari Jadi Contoh"
    assert DAY.isoformat() in _listed(bkpsdm, 2027)
    with seeded.app_context():
        holiday_id = db.session.scalar(db.select(Holiday.id).filter_by(name="Hari Jadi Contoh"))
    [pupr] = _ids(seeded, "PUPR")
    edited = _post(bkpsdm, f"/admin/holidays/{holiday_id}", day=DAY.isoformat(),
                   kind="libur_daerah", name="Hari Jadi Contoh", unit_id=str(pupr))
    assert edited.status_code == 302
    assert not _day(seeded, "PUPR", DAY).is_work_day
    assert _day(seeded, "DINKES", DAY).is_work_day  # a regional holiday of PUPR only
    assert _post(bkpsdm, f"/admin/holidays/{holiday_id}/delete").status_code == 302
    assert _day(seeded, "PUPR", DAY).is_work_day
    with seeded.app_context():
        actions = list(db.session.scalars(db.select(AuditEvent.action).filter_by(
            entity_type="holiday", entity_id=str(holiday_id)).order_by(AuditEvent.id)))
    assert actions == ["holiday.create", "holiday.update", "holiday.delete"]


def test_a_national_holiday_for_one_unit_or_a_bad_date_is_a_form_error(seeded, login_as):
    admin = login_as("admin")
    [pupr] = _ids(seeded, "PUPR")
    one_unit = _post(admin, "/admin/holidays", day=DAY.isoformat(), kind="libur_nasional",
                     name="Salah", unit_id=str(pupr))
    assert one_unit.status_code == 422
    assert "Hanya libur daerah" in one_unit.get_data(as_text=True)
    for bad, message in (({"day": "2027-02-30"}, "Tanggal tidak sah."),
                         ({"day": ""}, "Wajib diisi."), ({"kind": "libur_bebas"}, None),
                         ({"name": ""}, "Wajib diisi.")):
        response = _post(admin, "/admin/holidays", **{"day": DAY.isoformat(),
                                                      "kind": "libur_nasional", "name": "X",
                                                      "unit_id": "", **bad})
        assert response.status_code == 422, bad
        assert message is None or message in response.get_data(as_text=True), bad
    assert _day(seeded, "PUPR", DAY).is_work_day


def test_a_csv_imported_through_the_page_adds_each_holiday_once(seeded, login_as):
    bkpsdm = login_as("bkpsdm")
    text = ("tanggal,jenis,nama,unit\n"
            "2027-03-03,libur_nasional,Hari Contoh,\n"
            "2027-03-04,libur_daerah,Hari Jadi Kecamatan,KEC-SANGIR\n")
    response = _upload(bkpsdm, text)
    assert response.status_code == 302
    assert _listed(bkpsdm, 2027).count("2027-03-03") == 1
    assert not _day(seeded, "KEC-SANGIR", date(2027, 3, 4)).is_work_day
    assert _day(seeded, "PUPR", date(2027, 3, 4)).is_work_day
    again = bkpsdm.client.get(_upload(bkpsdm, text).headers["Location"])
    assert "0 hari libur diimpor; 2 sudah ada" in again.get_data(as_text=True)
    with seeded.app_context():
        assert db.session.scalar(db.select(db.func.count(Holiday.id)).where(
            Holiday.day.between(date(2027, 3, 1), date(2027, 3, 31)))) == 2


def test_a_bad_csv_imports_nothing_and_says_which_rows(seeded, login_as):
    admin = login_as("admin")
    text = ("tanggal,jenis,nama\n"
            "2027-03-03,libur_nasional,Baik\n"
            "2027-02-30,libur_bebas,\n")
    response = _upload(admin, text)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "baris 3:" in html and "Tidak ada yang diimpor" in html
    assert _day(seeded, "PUPR", DAY).is_work_day
    assert _upload(admin, "\xff\xfe", name="biner.csv").status_code == 422
    binary = admin.client.post("/admin/holidays/import", data={
        "csrf_token": admin.csrf, "file": (io.BytesIO(b"\xff\xfe\x00"), "x.csv")},
        content_type="multipart/form-data")
    assert binary.status_code == 422 and "UTF-8" in binary.get_data(as_text=True)
    no_file = _post(admin, "/admin/holidays/import")
    assert no_file.status_code == 422


def test_supervisors_and_officials_cannot_change_holidays(seeded, login_as):
    for username in ("atasan1", "peserta01", "pelatih1"):
        api = login_as(username)
        assert api.get("/admin/holidays").status_code == 403
        assert _post(api, "/admin/holidays", day=DAY.isoformat(), kind="libur_nasional",
                     name="Tidak boleh", unit_id="").status_code == 403
    assert _day(seeded, "PUPR", DAY).is_work_day
