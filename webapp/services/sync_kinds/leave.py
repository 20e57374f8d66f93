"""`leave` entries: a participant asks for izin, sakit or dinas luar over a range of dates.

The request is stored pending; a coach of one of their programmes or a BKPSDM reviewer decides
it (`webapp.services.leave`). The evidence photo, if any, is uploaded on its own
(`PUT /api/v1/photos/<uuid>`) and may arrive before or after the entry.
"""

from webapp.extensions import db
from webapp.models import LeaveRequest
from webapp.schemas.leave import LeaveDataSchema, LeaveRecordSchema
from webapp.services import audit
from webapp.services import leave as leave_service
from webapp.services.sync_kinds import Entry, SyncContext, register

_record_schema = LeaveRecordSchema()


class LeaveHandler:
    kind = "leave"
    schema = LeaveDataSchema()

    def judge(self, ctx: SyncContext, entries: list[Entry]) -> list:
        return [entry.data for entry in entries]

    def write(self, ctx: SyncContext, planned: list[tuple[Entry, dict]]) -> list[dict]:
        leaves = []
        for entry, data in planned:
            leave = LeaveRequest(entry_id=entry.id, user_id=ctx.user.id, type=data["type"],
                                 date_from=data["date_from"], date_to=data["date_to"],
                                 reason=data["reason"],
                                 photo_id=str(data["photo_id"]) if data["photo_id"] else None,
                                 state="pending", decision_note="")
            db.session.add(leave)
            leaves.append(leave)
        db.session.flush()
        for leave in leaves:
            audit.record(ctx.user.id, "leave.request", "leave_request", leave.id, None,
                         {**leave_service.leave_snapshot(leave), "entry_id": leave.entry_id})
        return [_record_schema.dump(leave) for leave in leaves]

    def records(self, ctx: SyncContext, entry_ids: list[str]) -> dict[str, dict]:
        return {leave.entry_id: _record_schema.dump(leave) for leave in db.session.scalars(
            db.select(LeaveRequest).where(LeaveRequest.entry_id.in_(entry_ids)))}


register(LeaveHandler())
