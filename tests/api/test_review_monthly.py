"""The monthly recap page and its exports: who sees which unit, and the same numbers
everywhere."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook

from tests.api.admin_helpers import without_district_settings
from tests.api.recap_helpers import add_officials
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


def test_the_page_lists_a_hundred_officials_at_a_time_and_totals_and_print_cover_all(
        seeded_history, login_as):
    add_officials(seeded_history, "PUPR", 150)
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


def test_an_officials_month_lists_each_day_with_the_counts_of_their_recap_row(
        seeded_history, login_as):
    month = _last_month()
    year, number = map(int, month.split("-"))
    with seeded_history.app_context():
        recap = load_monthly("KEC-SANGIR", year, number, datetime.now(UTC))
        [row] = [r for r in recap.rows if r.official.username == "peserta01"]
    recap_page = login_as("atasan1").get("/review/monthly",
                                         query_string={"unit": "KEC-SANGIR", "month": month})
    link = f"/review/monthly/official/peserta01?month={month}"
    assert link in recap_page.get_data(as_text=True)
    html = login_as("atasan1").get(link).get_data(as_text=True)
    shown = {key: int(n) for key, n in re.findall(r'data-col="(\w+)">(\d+)<', html)}
    assert shown == {key: n for key, n in row.counts.items() if n}
    assert len(re.findall(r"<tr data-day=", html)) == len(recap.days)
    assert html.count('data-code="TK"') == row.counts["TK"]
    assert html.count('data-code="hadir"') == row.counts["hadir"]


def test_an_officials_month_is_seen_only_within_the_units_one_may_see(seeded, login_as):
    path = "/review/monthly/official/{}"
    assert login_as("atasan1").get(path.format("peserta01")).status_code == 200
    assert login_as("atasan2").get(path.format("peserta01")).status_code == 404  # not theirs
    assert login_as("bkpsdm").get(path.format("peserta01")).status_code == 200
    assert login_as("bkpsdm").get(path.format("tidakada")).status_code == 404
    assert login_as("bkpsdm").get(path.format("atasan1")).status_code == 404  # not an official
    assert login_as("peserta02").get(path.format("peserta01")).status_code == 403
