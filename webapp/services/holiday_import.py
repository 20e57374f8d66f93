"""Validate a CSV of holidays before anything is written: all rows good, or nothing imported.

Columns `tanggal` (YYYY-MM-DD), `jenis` (libur_nasional, cuti_bersama, libur_daerah),
`nama`, and optionally `unit` (a unit code: a regional holiday of that unit only). A row
whose day, name and unit are already stored is skipped, so a year's file can be imported
again after it was corrected.
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from webapp.extensions import db
from webapp.models import Holiday
from webapp.services import audit
from webapp.services.work_calendar import HOLIDAY_KINDS

REQUIRED = ("tanggal", "jenis", "nama")


@dataclass(frozen=True)
class HolidayRow:
    day: date
    kind: str
    name: str
    unit: str | None


@dataclass
class HolidayReport:
    rows: list[HolidayRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse_holidays_csv(lines: Iterable[str], known_units: set[str]) -> HolidayReport:
    report = HolidayReport()
    reader = csv.DictReader(lines)
    header = [(h or "").strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        report.errors.append(f"baris 1: kolom wajib tidak ada: {', '.join(missing)}")
        return report
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        problems = []
        try:
            day = date.fromisoformat(row["tanggal"])
        except ValueError:
            problems.append("tanggal harus TTTT-BB-HH")
        if row["jenis"] not in HOLIDAY_KINDS:
            problems.append(f"jenis harus salah satu dari {', '.join(HOLIDAY_KINDS)}")
        if not row["nama"] or len(row["nama"]) > 200:
            problems.append("nama 1–200 karakter")
        unit = row.get("unit") or None
        if unit is not None and unit not in known_units:
            problems.append(f"unit {unit} tidak dikenal")
        if unit is not None and row["jenis"] != "libur_daerah":
            problems.append("hanya libur_daerah yang boleh untuk satu unit")
        if problems:
            report.errors.append(f"baris {line}: {'; '.join(problems)}")
        else:
            report.rows.append(HolidayRow(day, row["jenis"], row["nama"], unit))
    if not report.rows and not report.errors:
        report.errors.append("berkas tidak berisi hari libur")
    return report


def store_holidays(rows: list[HolidayRow], unit_ids: dict[str, int], actor_id: int | None,
                   via: str) -> int:
    """Add the rows not stored yet (same day, name and unit); returns how many were added.
    One audit event for the import, naming the file or command."""
    stored = set(db.session.execute(db.select(Holiday.day, Holiday.name, Holiday.unit_id)))
    added = []
    for row in rows:
        key = (row.day, row.name, unit_ids.get(row.unit) if row.unit else None)
        if key not in stored:
            stored.add(key)
            added.append(Holiday(day=row.day, kind=row.kind, name=row.name, unit_id=key[2]))
    db.session.add_all(added)
    db.session.flush()
    audit.record(actor_id, "holiday.import", "holiday", "csv",
                 after={"via": via, "rows": len(rows), "added": len(added)})
    return len(added)
