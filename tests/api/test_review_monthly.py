"""The monthly recap page and its exports: who sees which unit, and the same numbers
everywhere."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook
from sqlalchemy import insert

from tests.api.admin_helpers import without_district_settings
from webapp.extensions import db
from webapp.models import Unit, User, UserRole
from webapp.services.daily_status import RECAP_COLUMNS
from webapp.services.monthly_recap import load_monthly


def _last_month() -> str:
    today = datetime.now(UTC).date()
    return f"{today.replace(day=1) - timedelta(days=1):%Y-%m}"


def test_a_supervisor_sees_the_units_they_head_and_nothing_else(seeded, login_as):
    atasan2 = login_as("atasan2")  # heads PUPR only
    page = atasan2.get("/review/monthly")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Dinas Pekerjaan Umum" in html and "Kecamatan Sangir" not in html
    for path in ("/review/monthly", "/review/monthly/export.xlsx", "/review/monthly/export.csv"):
        assert atasan2.get(path, query_string={"unit": "KEC-SANGIR"}).status_code == 404
        assert atasan2.get(path, query_string={"unit": "PUPR"}).status_code == 200
    reviewer = login_as("bkpsdm")
    assert reviewer.get("/review/monthly", query_string={"unit": "KEC-SANGIR"}).status_code == 200


def test_page_xlsx_and_csv_show_the_same_counts(seeded_history, login_as):
    month = _last_month()
    params = {"unit": "KEC-SANGIR", "month": month}
    api = login_as("atasan1")
    with seeded_history.app_context():
        year, number = map(int, month.split("-"))
        recap = load_monthly("KEC-SANGIR", year, number, datetime.now(UTC))
    [row] = [r for r in recap.rows if r.official.username == "peserta01"]
    assert row.counts["hari_kerja"] > 15 and row.counts["hadir"] > 0

    html = api.get("/review/monthly", query_string=params).get_data(as_text=True)
    assert f'data-col="hari_kerja">{row.counts["hari_kerja"]}<' in html

    book = load_workbook(io.BytesIO(api.get("/review/monthly/export.xlsx",
                                            query_string=params).data))
    sheet = book["Rekap bulanan"]
    header = [c.value for c in sheet[1]]
    assert header[4:] == list(RECAP_COLUMNS.values())
    [xlsx_row] = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)
                  if r[1].value == row.official.full_name]
    assert xlsx_row[4:] == list(row.counts.values())
    assert isinstance(xlsx_row[2], str) and len(xlsx_row[2]) == 18  # NIP kept as text

    text = api.get("/review/monthly/export.csv", query_string=params).data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][4:] == list(RECAP_COLUMNS.values())
    [csv_row] = [r for r in rows[1:] if r[1] == row.official.full_name]
    assert csv_row[4:] == [str(v) for v in row.counts.values()]


def test_a_bad_month_or_unknown_unit_never_errors(seeded, login_as):
    api = login_as("bkpsdm")
    assert api.get("/review/monthly", query_string={"month": "2026-13"}).status_code == 200
    assert api.get("/review/monthly", query_string={"unit": "NOPE"}).status_code == 404
    assert api.get("/review/monthly/export.csv",
                   query_string={"unit": "PUPR", "month": "1999-01"}).status_code == 200


def test_the_print_names_the_district_from_settings_and_the_units_head(seeded, login_as):
    without_district_settings(seeded)  # the config is the fallback of unset settings
    seeded.config.update(DISTRICT_NAME="Kabupaten Contoh", DISTRICT_SEAT="Kota Contoh")
    html = login_as("atasan2").get("/review/monthly/print").get_data(as_text=True)
    assert "PEMERINTAH KABUPATEN CONTOH" in html and "Kota Contoh, " in html
    assert "Solok" not in html  # the demo district is data, never template text
    assert "Mengetahui," in html and "Kepala BKPSDM" in html
    assert "Ir. Dasman Putra, M.T." in html  # atasan2 heads PUPR and signs for it
    assert 'data-testid="print-table"' in html and "TL4" in html and "PSW4" in html


def test_the_print_reads_the_districts_settings_logo_and_bkpsdm_signatory(seeded, login_as):
    seeded.config.update(DISTRICT_NAME="Kabupaten Contoh", DISTRICT_SEAT="Kota Contoh")
    html = login_as("atasan2").get("/review/monthly/print").get_data(as_text=True)
    assert "PEMERINTAH KABUPATEN SOLOK SELATAN" in html and "Padang Aro, " in html
    assert "CONTOH" not in html  # stored settings win over the config
    assert "Jalan Lintas Sumatera" in html and 'src="data:image/png;base64,' in html
    assert "Drs. Yulian Efi, M.M." in html  # Kepala BKPSDM signs with name and NIP


def _add_officials(app, unit_code: str, count: int) -> None:
    with app.app_context():
        unit = db.session.scalar(db.select(Unit).filter_by(code=unit_code))
        now = datetime.now(UTC)
        db.session.execute(insert(User.__table__), [
            {"username": f"tambahan{i:03d}", "full_name": f"Pejabat Tambahan {i:03d}",
             "jabatan": "Kepala Seksi", "unit_id": unit.id, "password_hash": "-",
             "active": True, "created_at": now} for i in range(count)])
        ids = db.session.scalars(db.select(User.id).where(User.username.like("tambahan%")))
        db.session.execute(insert(UserRole.__table__),
                           [{"user_id": user_id, "role": "participant"} for user_id in ids])
        db.session.commit()


def test_the_page_lists_a_hundred_officials_at_a_time_and_totals_and_print_cover_all(
        seeded_history, login_as):
    _add_officials(seeded_history, "PUPR", 150)
    month = _last_month()
    with seeded_history.app_context():
        year, number = map(int, month.split("-"))
        recap = load_monthly("PUPR", year, number, datetime.now(UTC))
    everyone = [r.official.username for r in recap.rows]
    assert len(everyone) > 150
    api = login_as("bkpsdm")
    total = f'data-label="Hari kerja">{recap.totals["hari_kerja"]}<'

    shown = []
    for page in (1, 2):
        html = api.get("/review/monthly", query_string={"unit": "PUPR", "month": month,
                                                         "page": page}).get_data(as_text=True)
        shown.append(re.findall(r'<tr data-user="([^"]+)"', html))
        assert total in html  # the totals row counts every official on every page
        assert f"Halaman {page} dari 2" in html
    assert len(shown[0]) == 100 and shown[0] + shown[1] == everyone
    far = api.get("/review/monthly", query_string={"unit": "PUPR", "month": month,
                                                    "page": 99}).get_data(as_text=True)
    assert re.findall(r'<tr data-user="([^"]+)"', far) == shown[1]  # past the end: the last

    printed = api.get("/review/monthly/print", query_string={"unit": "PUPR", "month": month,
                                                              "page": 2}).get_data(as_text=True)
    assert all(r.official.full_name in printed for r in recap.rows)
