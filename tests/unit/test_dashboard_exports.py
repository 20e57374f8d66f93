"""XLSX and CSV exports from the dashboard and daily objects: types, formats, frozen headers."""

import csv
import io
from datetime import UTC, date, datetime, time

from openpyxl import load_workbook

from tests.unit.dashboard_helpers import PROGRAM, build_dashboard, marks, person, sessions
from webapp.services.daily_attendance import DayCheckin, Official, UnitInfo, build_daily
from webapp.services.exports import daily_csv, daily_workbook, program_csv, program_workbook

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
    assert rows[1][2] == NIP


def test_daily_exports_have_times_as_times():
    unit = UnitInfo(1, "PUPR", "Dinas PUPR", "Asia/Jakarta", time(7, 30))
    ani = Official(1, "u1", "Ani", NIP, "Kabid")
    day = date(2026, 7, 7)
    checkin = DayCheckin(1, "in", datetime(2026, 7, 7, 0, 41, tzinfo=UTC), 11, "needs_review")
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
