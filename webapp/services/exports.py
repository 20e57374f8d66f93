"""XLSX (openpyxl) and CSV exports of the programme recap and of daily attendance.

Built from the same objects the pages show (Dashboard, DailyView), so an export can never
disagree with the screen. In the workbooks numbers are numbers, percentages are fractions with a
percent format, dates are dates and times are times; NIPs are text (18 digits would lose
precision as numbers). Each sheet has a bold, frozen header row, an autofilter and set widths.
Workbooks are written in openpyxl's write-only mode (rows stream out as XML, through lxml), which
keeps a 10,000-participant export fast.
CSV is UTF-8 with a byte-order mark so Excel opens it as UTF-8; decimals use a dot.

No export can run code in a spreadsheet (CSV/formula injection): a name, jabatan or programme
name starting with "=" is user text, not a formula. Workbooks write every text value as a
string cell (`_cell`), never a formula; CSV gives text that starts like a formula a leading
apostrophe, as OWASP advises (`csv_field`). Numbers, dates and times are untouched.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from webapp.services.daily_attendance import DailyView
from webapp.services.daily_status import RECAP_COLUMNS
from webapp.services.dashboard import Dashboard, ParticipantRow
from webapp.services.localtime import local_date
from webapp.services.monthly_recap import MonthlyRecap
from webapp.services.project_review import (
    MILESTONE_COLUMNS,
    UNCLASSIFIED_LABEL,
    ProjectsReview,
    project_zone_label,
)
from webapp.vocabulary import (
    CLASSIFICATIONS,
    LATE,
    LIFE_STATES,
    MILESTONE_STATES,
    SHORT_MONTHS,
    STAGES,
    STOP_REASONS,
    WEEKDAYS,
    ZONES,
)

PERCENT = "0.00%"
DATE = "DD-MM-YYYY"
TIME = "HH:MM"
TEXT = "@"
# Excel, LibreOffice and Google Sheets run a CSV field starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E3F2EE")
HEADER_ALIGNMENT = Alignment(vertical="top", wrap_text=True)
LEFT = Alignment(horizontal="left")
MAX_WIDTH = 60


@dataclass(frozen=True)
class Column:
    title: str
    number_format: str | None = None
    width: int | None = None  # None: fitted to the content


def _fraction(percent: float | None) -> float | None:
    return None if percent is None else round(percent / 100, 6)


def _sheet(wb: Workbook, title: str, columns: Sequence[Column], rows: Sequence[Sequence]) -> None:
    ws = _start_sheet(wb, title, columns, rows)
    # A cell object per value is what makes big exports slow (openpyxl builds each one, then
    # formats an exception's message before taking it): plain numbers and text go in as they
    # are, and a formatted column copies one prepared style instead of setting its format on
    # every cell.
    styles = [_style(ws, c.number_format) if c.number_format else None for c in columns]
    for row in rows:
        ws.append([value if style is None and not _needs_text_cell(value)
                   else _cell(ws, value, None) if style is None
                   else _styled_cell(ws, value, style)
                   for value, style in zip(row, styles, strict=True)])


def _start_sheet(wb: Workbook, title: str, columns: Sequence[Column],
                 rows: Sequence[Sequence]) -> WriteOnlyWorksheet:
    """A sheet with its header row written; the data rows are appended next.

    A write-only sheet streams its XML as rows arrive, so widths, the frozen pane and the
    filter must be set before the first row.
    """
    ws = wb.create_sheet(title)
    for index, column in enumerate(columns):
        ws.column_dimensions[get_column_letter(index + 1)].width = _width(column, rows, index)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    ws.append([_header_cell(ws, column.title) for column in columns])
    return ws


def _width(column: Column, rows: Sequence[Sequence], index: int) -> float:
    if column.width:
        return column.width
    longest = max((len(_shown(row[index])) for row in rows), default=0)
    return min(MAX_WIDTH, max(longest, len(column.title) * 0.8, 6) + 2)


def _header_cell(ws: WriteOnlyWorksheet, title: str) -> Cell:
    cell = _cell(ws, title, None)
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.alignment = HEADER_ALIGNMENT
    return cell


def _cell(ws: WriteOnlyWorksheet, value, number_format: str | None,
          alignment: Alignment | None = None) -> Cell:
    """A cell with its style (in a write-only sheet a style can only come with the cell). Text
    is always a string cell: openpyxl would make "=…" a formula."""
    cell = WriteOnlyCell(ws, value)
    if isinstance(value, str):
        cell.data_type = "s"
    if number_format:
        cell.number_format = number_format
    if alignment:
        cell.alignment = alignment
    return cell


def _needs_text_cell(value) -> bool:
    """Text openpyxl would not store as text: "=…" (a formula) or "#N/A" and the like (an
    error value). Every other string is a string cell as it is."""
    return isinstance(value, str) and value[:1] in ("=", "#")


def _style(ws: WriteOnlyWorksheet, number_format: str) -> StyleArray:
    """The style of a cell with `number_format`, registered with the workbook once."""
    template = WriteOnlyCell(ws)
    template.number_format = number_format
    return template._style


def _styled_cell(ws: WriteOnlyWorksheet, value, style: StyleArray) -> Cell:
    """A cell with a prepared style (copied by openpyxl); text stays a string cell."""
    cell = Cell(ws, row=1, column=1, value=value, style_array=style)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _info_sheet(wb: Workbook, title: str, info: Sequence[tuple[str, object, str | None]],
                value_width: int) -> None:
    """A two-column sheet of (label, value, number format or None)."""
    ws = _start_sheet(wb, title,
                      [Column("Keterangan", width=24), Column("Nilai", width=value_width)], info)
    for label, value, number_format in info:
        ws.append([label, _cell(ws, value, number_format, LEFT)])


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return "00-00-0000"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- programme recap -----------------------------------------------------------------------

PARTICIPANT_COLUMNS = [
    Column("No"), Column("Nama"), Column("NIP", TEXT, 21), Column("Jabatan"), Column("Eselon"),
    Column("OPD"), Column("Sesi diadakan"), Column("Hadir"), Column("Izin/sakit/dinas luar"),
    Column("Alpa"), Column("Dihitung"), Column("Kehadiran", PERCENT, 12), Column("Zona"),
    Column("Target sesi"), Column("Masih perlu"), Column("Sesi tersisa"),
    Column("Status target"), Column("Alpa beruntun saat ini"),
]
UNIT_COLUMNS = [
    Column("No"), Column("Kode OPD"), Column("OPD"), Column("Peserta"), Column("Hadir"),
    Column("Dihitung"), Column("Kehadiran", PERCENT, 12), Column("Zona"),
    *(Column(ZONES.label(z)) for z in ZONES),
]
WEEK_COLUMNS = [Column("Minggu mulai", DATE, 14), Column("Sesi diadakan"), Column("Hadir"),
                Column("Dihitung"), Column("Kehadiran", PERCENT, 12)]


def participant_values(number: int, row: ParticipantRow) -> list:
    p, c = row.participant, row.completion
    return [number, p.full_name, p.nip or "", p.jabatan, p.eselon or "", p.unit_name, c.held,
            c.attended, c.excused, c.missed, c.counted, _fraction(c.percent),
            ZONES.labels[c.zone], c.target, c.needed, c.remaining, row.reachability_text,
            c.current_streak_missed]


def program_workbook(dashboard: Dashboard, generated_at: datetime) -> bytes:
    program = dashboard.program
    wb = Workbook(write_only=True)  # rows stream to XML: no cell kept per value, much faster
    _sheet(wb, "Rekap peserta", PARTICIPANT_COLUMNS,
           [participant_values(i, row) for i, row in enumerate(dashboard.rows, start=1)])
    _sheet(wb, "Rekap OPD", UNIT_COLUMNS, [
        [i, u.code, u.name, u.participants, u.attended, u.counted, _fraction(u.percent),
         ZONES.labels[u.zone], *(u.zone_counts[z] for z in ZONES)]
        for i, u in enumerate(dashboard.units, start=1)])
    _sheet(wb, "Tren mingguan", WEEK_COLUMNS, [
        [w.week_start, w.sessions, w.attended, w.counted, _fraction(w.percent)]
        for w in dashboard.weekly])
    counts = dashboard.session_counts
    info = [
        ("Program", program.name, None), ("Penyelenggara", program.unit_name, None),
        ("Mulai", program.start_date, DATE), ("Selesai", program.end_date, DATE),
        ("Target sesi dihadiri", program.target, None),
        ("Ambang zona hijau", program.thresholds.green / 100, PERCENT),
        ("Ambang zona kuning", program.thresholds.yellow / 100, PERCENT),
        ("Sesi diadakan", counts["held"], None), ("Sesi direncanakan", counts["planned"], None),
        ("Sesi dibatalkan", counts["cancelled"], None),
        ("Jumlah peserta", len(dashboard.rows), None),
        ("Diekspor pada", generated_at.replace(tzinfo=None), "DD-MM-YYYY HH:MM"),
    ]
    _info_sheet(wb, "Program", info, 60)
    return _bytes(wb)


def csv_field(value, digits_as_text: bool = False):
    """`value` as a CSV field no spreadsheet runs: text starting like a formula gets a leading
    apostrophe. With `digits_as_text`, digits get a leading tab so Excel keeps them as text
    (an 18-digit NIP read as a number loses its last three digits). Numbers pass unchanged."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    if digits_as_text and value.isdigit():
        return "\t" + value
    return value


def _csv(header: Sequence[str], rows: Sequence[Sequence]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_field(title) for title in header])
    as_text = [title == "NIP" for title in header]
    writer.writerows([csv_field(value, text) for value, text in zip(row, as_text, strict=True)]
                     for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def program_csv(dashboard: Dashboard) -> bytes:
    """The participant recap; the percentage as a plain number (85.71), not a fraction."""
    rows = []
    for i, row in enumerate(dashboard.rows, start=1):
        values = participant_values(i, row)
        percent = row.completion.percent
        values[11] = "" if percent is None else Decimal(f"{percent:.2f}")  # a number, two places
        rows.append(values)
    header = [c.title for c in PARTICIPANT_COLUMNS]
    header[11] = "Kehadiran (%)"
    return _csv(header, rows)


# --- daily attendance ----------------------------------------------------------------------

DAY_COLUMNS = [
    Column("No"), Column("Nama"), Column("NIP", TEXT, 21), Column("Jabatan"), Column("Status"),
    Column("Jam masuk", TIME, 11), Column("Jam pulang", TIME, 11), Column("Terlambat (menit)"),
    Column("Perlu ditinjau"),
]


def _day_values(view: DailyView) -> list[list]:
    rows = []
    for i, row in enumerate(view.rows, start=1):
        s, o = row.status, row.official
        rows.append([i, o.full_name, o.nip or "", o.jabatan, s.label,
                     s.time_in.time().replace(tzinfo=None) if s.time_in else None,
                     s.time_out.time().replace(tzinfo=None) if s.time_out else None,
                     s.late_minutes if s.code == LATE else 0,
                     "Ya" if s.needs_review else "Tidak"])
    return rows


def daily_workbook(view: DailyView) -> bytes:
    wb = Workbook(write_only=True)  # rows stream to XML: no cell kept per value, much faster
    _sheet(wb, "Harian", DAY_COLUMNS, _day_values(view))
    week_columns = [Column("Nama"), Column("NIP", TEXT, 21)] + [
        Column(f"{WEEKDAYS[d.weekday()]} {d:%d-%m}", width=16) for d in view.week_days]
    _sheet(wb, "Mingguan", week_columns, [
        [row.official.full_name, row.official.nip or "", *(s.label for s in row.week)]
        for row in view.rows])
    hours = view.work.hours
    info = [("Unit", view.unit.name, None), ("Kode unit", view.unit.code, None),
            ("Tanggal", view.day, DATE), ("Zona waktu", view.unit.zone_label, None),
            ("Hari", view.day_kind, None),
            *([("Jam masuk kerja", hours.start, TIME), ("Jam pulang kerja", hours.end, TIME)]
              if hours else [])]
    _info_sheet(wb, "Info", info, 44)
    return _bytes(wb)


def daily_csv(view: DailyView) -> bytes:
    rows = [[*values[:5], f"{values[5]:%H:%M}" if values[5] else "",
             f"{values[6]:%H:%M}" if values[6] else "", *values[7:]]
            for values in _day_values(view)]
    return _csv([c.title for c in DAY_COLUMNS], rows)


# --- monthly recap -------------------------------------------------------------------------

# A month has at most 31 days, so a count column is as wide as its title: no need to measure
# 4,000 rows of it.
MONTH_COLUMNS = [Column("No"), Column("Nama"), Column("NIP", TEXT, 21), Column("Jabatan"),
                 *(Column(title, width=round(max(len(title) * 0.8, 6)) + 2)
                   for title in RECAP_COLUMNS.values())]


def _month_values(recap: MonthlyRecap) -> list[list]:
    return [[i, r.official.full_name, r.official.nip or "", r.official.jabatan,
             *(r.counts[column] for column in RECAP_COLUMNS)]
            for i, r in enumerate(recap.rows, start=1)]


def monthly_workbook(recap: MonthlyRecap, generated_at: datetime) -> bytes:
    wb = Workbook(write_only=True)
    _sheet(wb, "Rekap bulanan", MONTH_COLUMNS, _month_values(recap))
    holidays = [d for d in recap.days if d.holiday is not None]
    info = [("Unit", recap.unit.name, None), ("Kode unit", recap.unit.code, None),
            ("Bulan", recap.month, "MM-YYYY"), ("Zona waktu", recap.unit.zone_label, None),
            ("Hari kerja", sum(d.is_work_day for d in recap.days), None),
            *((f"Libur {d.day:%d-%m}", d.holiday.name, None) for d in holidays),
            ("Diekspor pada", generated_at.replace(tzinfo=None), "DD-MM-YYYY HH:MM")]
    _info_sheet(wb, "Info", info, 44)
    return _bytes(wb)


def monthly_csv(recap: MonthlyRecap) -> bytes:
    return _csv([c.title for c in MONTH_COLUMNS], _month_values(recap))


# --- change projects -----------------------------------------------------------------------

PROJECT_COLUMNS = [
    Column("No"), Column("Proyek"), Column("Pemilik"), Column("NIP", TEXT, 21), Column("OPD"),
    Column("Program"), Column("Diluncurkan", DATE, 13), Column("Status"),
    Column("Klasifikasi"), Column("Tahapan diterima"), Column("Tahapan"),
    Column("Tahapan terlambat"), Column("Berhenti", DATE, 13), Column("Alasan berhenti"),
]
OVERDUE_COLUMNS = [
    Column("No"), Column("Pemilik"), Column("Proyek"), Column("OPD"), Column("Jangka"),
    Column("Tahapan"), Column("Tenggat", DATE, 13), Column("Hari terlambat"),
    Column("Keadaan"),
]
SURVIVAL_COLUMNS = [Column("Program"), Column("Bulan ke-"), Column("Proyek dihitung"),
                    Column("Masih dipakai"), Column("Bagian", PERCENT, 12)]
UNIT_ZONE_COLUMNS = [Column("Program"), Column("Kode OPD"), Column("OPD"), Column("Proyek"),
                     Column("Diluncurkan"), Column("Masih hidup"), Column("Bagian", PERCENT, 12),
                     Column("Zona")]


def projects_workbook(review: ProjectsReview, program: str, unit: str,
                      generated_at: datetime) -> bytes:
    """A sheet per view of the projects page; `program` and `unit` name the filters."""
    names = {v.cohort.id: v.cohort.name for v in review.cohorts}
    wb = Workbook(write_only=True)
    _sheet(wb, "Proyek", PROJECT_COLUMNS, [
        [i, p.title, p.owner_name, p.owner_nip or "", p.unit_name, names.get(p.program_id, ""),
         p.launched_on, LIFE_STATES.labels[r.state],
         CLASSIFICATIONS.labels.get(p.classification, ""), r.milestones_done, r.milestones,
         r.overdue, local_date(p.stopped_at, p.timezone) if p.stopped_at else None,
         STOP_REASONS.labels.get(p.stop_reason, "")]
        for i, r in enumerate(review.rows, start=1) for p in (r.info,)])
    _sheet(wb, "Status", [Column("Status"), Column("Proyek")],
           [[LIFE_STATES.labels[s], n] for s, n in review.states.items()])
    _sheet(wb, "Tahapan", [Column("Jangka"), *(Column(t) for t in MILESTONE_COLUMNS.values()),
                           Column("Jumlah")],
           [[STAGES.labels[s], *counts.values(), sum(counts.values())]
            for s, counts in review.stages.items()])
    _sheet(wb, "Terlambat", OVERDUE_COLUMNS, [
        [i, o.owner_name, o.title, o.unit_name, STAGES.labels[o.stage], o.milestone,
         o.due_date, o.days, MILESTONE_STATES.labels[o.state]]
        for i, o in enumerate(review.overdue, start=1)])
    _sheet(wb, "Klasifikasi", [Column("Klasifikasi"), Column("Proyek")],
           [[CLASSIFICATIONS.labels.get(c, UNCLASSIFIED_LABEL), n]
            for c, n in review.classifications.items()])
    _sheet(wb, "Ketahanan", SURVIVAL_COLUMNS, [
        [v.cohort.name, s.month, s.at_risk, s.alive, s.share]
        for v in review.cohorts for s in v.survival])
    _sheet(wb, "Alasan berhenti", [Column("Alasan"), Column("Proyek")],
           [[STOP_REASONS.labels[reason], n] for reason, n in review.stop_reasons.items()])
    _sheet(wb, "Zona OPD", UNIT_ZONE_COLUMNS, [
        [v.cohort.name, u.code, u.name, u.projects, u.launched, u.alive, _fraction(u.percent),
         project_zone_label(u.zone)]
        for v in review.cohorts for u in v.units])
    months = review.months
    _sheet(wb, "Pemakaian bulanan",
           [Column("Proyek"), Column("Pemilik"), Column("OPD"),
            *(Column(f"{SHORT_MONTHS[m - 1]} {y}", width=10) for y, m in months)],
           [[r.info.title, r.info.owner_name, r.info.unit_name,
             *(r.usage.get(m) for m in months)] for r in review.rows])
    info = [("Program", program, None), ("OPD", unit, None),
            ("Jumlah proyek", len(review.rows), None),
            ("Diekspor pada", generated_at.replace(tzinfo=None), "DD-MM-YYYY HH:MM")]
    _info_sheet(wb, "Info", info, 60)
    return _bytes(wb)
