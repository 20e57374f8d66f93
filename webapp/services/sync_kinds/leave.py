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
from webapp.services.localtime import local_date
from webapp.services.sync_kinds import Entry, Rejected, SyncContext, register
from webapp.services.sync_kinds.checkin import DEFAULT_TIMEZONE

_record_schema = LeaveRecordSchema()


class LeaveHandler:
    kind = "leave"
    schema = LeaveDataSchema()

    def judge(self, ctx: SyncContext, entries: list[Entry]) -> list:
        # Judged against the day the phone wrote it, so a request queued offline for days is
        # not refused for the wait.
        tz_name = ctx.user.unit.timezone if ctx.user.unit else DEFAULT_TIMEZONE
        verdicts = []
        for entry in entries:
            problems = leave_service.date_problems(entry.data["date_from"], entry.data["date_to"],
                                                   local_date(entry.corrected_at, tz_name))
            verdicts.append(Rejected(problems) if problems else entry.data)
        return verdicts

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
