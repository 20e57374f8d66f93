"""`correction` entries: an official asks to correct a forgotten or failed check-in or
check-out (rules in `webapp.services.corrections`). Stored pending, decided later."""

from datetime import datetime

from webapp.extensions import db
from webapp.models import Correction
from webapp.schemas.correction import CorrectionDataSchema, CorrectionRecordSchema
from webapp.services import audit, corrections
from webapp.services.localtime import get_zone, local_datetime, to_utc
from webapp.services.sync_kinds import Entry, Rejected, SyncContext, register
from webapp.vocabulary import DEFAULT_TIMEZONE

_record_schema = CorrectionRecordSchema()


class CorrectionHandler:
    kind = "correction"
    schema = CorrectionDataSchema()

    def judge(self, ctx: SyncContext, entries: list[Entry]) -> list:
        user_id, unit = ctx.user.id, ctx.user.unit
        tz_name = unit.timezone if unit else DEFAULT_TIMEZONE
        taken = corrections.open_requests(user_id, [e.data["date"] for e in entries])
        limit = corrections.per_month(ctx.config)
        plans = []
        for entry in entries:
            data = entry.data
            problems = corrections.request_problems(
                data["date"], data["type"], data["time"],
                local_datetime(entry.corrected_at, tz_name), taken, limit)
            if problems:
                plans.append(Rejected(problems))
                continue
            taken.append((data["date"], data["type"]))
            at = to_utc(datetime.combine(data["date"], data["time"], get_zone(tz_name)))
            plans.append({"day": data["date"], "type": data["type"], "local_time": data["time"],
                          "at": at, "reason": data["reason"].strip(),
                          "photo_id": str(data["photo_id"]) if data["photo_id"] else None})
        return plans

    def write(self, ctx: SyncContext, planned: list[tuple[Entry, dict]]) -> list[dict]:
        rows = [Correction(entry_id=entry.id, user_id=ctx.user.id, state="pending",
                           decision_note="", created_at=ctx.received_at, **plan)
                for entry, plan in planned]
        db.session.add_all(rows)
        db.session.flush()
        for row in rows:
            audit.record(ctx.user.id, "correction.request", "correction", row.id, None,
                         {**corrections.snapshot(row), "entry_id": row.entry_id,
                          "reason": row.reason})
        return [_record_schema.dump(row) for row in rows]

    def records(self, ctx: SyncContext, entry_ids: list[str]) -> dict[str, dict]:
        return {row.entry_id: _record_schema.dump(row) for row in db.session.scalars(
            db.select(Correction).where(Correction.entry_id.in_(entry_ids)))}


register(CorrectionHandler())
