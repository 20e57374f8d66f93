"""Holidays added, changed and removed on /admin/holidays (admins and BKPSDM), audited. A
regional holiday may be for one unit; national holidays and cuti bersama are district-wide."""

from datetime import date

from webapp.extensions import db
from webapp.models import Holiday, Unit
from webapp.services import audit
from webapp.services.refused import Refused

ONE_UNIT_ONLY = "Hanya libur daerah yang boleh untuk satu unit."


def _snapshot(holiday: Holiday) -> dict:
    return {"day": holiday.day.isoformat(), "kind": holiday.kind, "name": holiday.name,
            "unit_id": holiday.unit_id}


def save_holiday(actor_id: int, holiday: Holiday | None, day: date, kind: str, name: str,
                 unit_id: int | None) -> Holiday:
    if unit_id is not None and kind != "libur_daerah":
        raise Refused(422, ONE_UNIT_ONLY, {"unit_id": [ONE_UNIT_ONLY]})
    if unit_id is not None and db.session.get(Unit, unit_id) is None:
        raise Refused(422, "Unit tidak ditemukan.", {"unit_id": ["Unit tidak ditemukan."]})
    before = _snapshot(holiday) if holiday else None
    if holiday is None:
        holiday = Holiday()
        db.session.add(holiday)
    holiday.day, holiday.kind, holiday.name, holiday.unit_id = day, kind, name, unit_id
    db.session.flush()
    audit.record(actor_id, "holiday.update" if before else "holiday.create", "holiday",
                 holiday.id, before=before, after=_snapshot(holiday))
    return holiday


def delete_holiday(actor_id: int, holiday: Holiday) -> None:
    audit.record(actor_id, "holiday.delete", "holiday", holiday.id, before=_snapshot(holiday))
    db.session.delete(holiday)
