"""`checkin` entries: a check-in or check-out judged against the official's unit.

Nothing here refuses a check-in for where or when it was taken: distance, accuracy and clock
problems become flags for a reviewer, so an official in a dead zone is never silently punished.
"""

from sqlalchemy import insert

from webapp.extensions import db
from webapp.models import CheckIn
from webapp.schemas.sync import CheckinDataSchema, CheckinRecordSchema
from webapp.services.calendar_records import load_calendar
from webapp.services.checkins import checkin_record, photos_present, records_of
from webapp.services.clock import time_flags
from webapp.services.geo import geofence_flags, haversine_m
from webapp.services.localtime import lateness_minutes, local_date
from webapp.services.sync_kinds import Entry, SyncContext, register
from webapp.services.work_calendar import Calendar, work_day
from webapp.vocabulary import DEFAULT_TIMEZONE

_record_schema = CheckinRecordSchema()


class CheckinHandler:
    kind = "checkin"
    schema = CheckinDataSchema()

    def judge(self, ctx: SyncContext, entries: list[Entry],
              calendar: Calendar | None = None) -> list[dict]:
        # Read the user once: ctx.user may be Flask-Login's proxy, costly per attribute.
        user_id, unit = ctx.user.id, ctx.user.unit
        tz_name = unit.timezone if unit else DEFAULT_TIMEZONE
        days = [local_date(e.corrected_at, tz_name) for e in entries if e.data["type"] == "in"]
        # Lateness against the working calendar (holidays, the weekday's hours, Ramadan), as
        # the daily and monthly views count it; read only for a batch with arrivals, unless
        # the caller holds it for these days already (the demo, judging its entries one by one).
        if not (days and unit):
            calendar = None
        elif calendar is None:
            calendar = load_calendar(min(days), max(days))
        return [self._row(ctx, user_id, unit, tz_name, calendar, entry) for entry in entries]

    @staticmethod
    def _row(ctx: SyncContext, user_id: int, unit, tz_name: str, calendar: Calendar | None,
             entry: Entry) -> dict:
        data = entry.data
        distance = None
        if unit and unit.latitude is not None and data["lat"] is not None:
            distance = round(haversine_m(data["lat"], data["lon"], unit.latitude,
                                         unit.longitude), 1)
        flags = time_flags(entry.corrected_at, ctx.received_at, ctx.offset)
        if unit is not None:
            flags += geofence_flags(distance, unit.geofence_radius_m, data["accuracy_m"])
            if unit.selfie_required and data["photo_id"] is None:
                flags.append("missing_photo")
        late = 0
        if data["type"] == "in" and calendar is not None:
            day = work_day(calendar, unit.id, unit.work_start,
                           local_date(entry.corrected_at, tz_name))
            if day.is_work_day:
                late = lateness_minutes(entry.corrected_at, tz_name, day.hours.start)
        return {
            "entry_id": entry.id, "user_id": user_id, "unit_id": unit.id if unit else None,
            "type": data["type"], "captured_at": entry.captured_at,
            "corrected_at": entry.corrected_at, "received_at": ctx.received_at,
            "clock_offset_s": ctx.offset.seconds,
            "local_date": local_date(entry.corrected_at, tz_name), "late_minutes": late,
            "lat": data["lat"], "lon": data["lon"], "accuracy_m": data["accuracy_m"],
            "distance_m": distance,
            "photo_id": str(data["photo_id"]) if data["photo_id"] else None,
            "flags": flags, "review_state": "needs_review" if flags else "ok",
        }

    def write(self, ctx: SyncContext, planned: list[tuple[Entry, dict]]) -> list[dict]:
        rows = [row for _, row in planned]
        # Core table, not the ORM entity: an executemany without the ORM's per-row bookkeeping.
        db.session.execute(insert(CheckIn.__table__), rows)
        received = photos_present(ctx.user.id, [r["photo_id"] for r in rows if r["photo_id"]])
        tz_name = ctx.user.unit.timezone if ctx.user.unit else DEFAULT_TIMEZONE
        return [_record_schema.dump(checkin_record(row, tz_name, row["photo_id"] in received))
                for row in rows]

    def records(self, ctx: SyncContext, entry_ids: list[str]) -> dict[str, dict]:
        checkins = db.session.scalars(db.select(CheckIn).where(CheckIn.entry_id.in_(entry_ids)))
        return {record["id"]: _record_schema.dump(record) for record in records_of(list(checkins))}


register(CheckinHandler())
