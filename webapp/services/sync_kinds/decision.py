"""`correction_decision` and `leave_decision` entries: a supervisor (or a reviewer) approves
or rejects a pending request from the phone, offline too.

One handler for both: what differs is the request's model, who may decide it and what an
approval does (`check_decider` and `settle` of `webapp.services.corrections` and `.leave`).

- A request the user may not decide, or that does not exist, is `rejected` on its id field.
- A request is decided once: a decision on one decided already (by anyone, or earlier in
  the same batch) is stored (its receipt keeps what it said) but changes nothing, and is
  answered `conflict` with the standing decision in its record.

Record: `kind`, `id` (the entry id), the request's id field, `decision` (what this entry
asked), `applied` (whether it is the standing decision) and the request as it now stands
under `correction` or `leave`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import marshmallow as ma

from webapp.extensions import db
from webapp.models import Correction, LeaveRequest, SyncEntry
from webapp.schemas.correction import CorrectionDecisionDataSchema, CorrectionRecordSchema
from webapp.schemas.leave import LeaveDecisionDataSchema, LeaveRecordSchema
from webapp.services import corrections, leave
from webapp.services.refused import Refused
from webapp.services.sync_kinds import Conflicted, Entry, Rejected, SyncContext, register


@dataclass(frozen=True)
class DecisionHandler:
    kind: str
    schema: ma.Schema
    model: type
    id_field: str  # in the entry's data: the request decided
    key: str  # of the request in the record
    check_decider: Callable  # (actor, request | None) -> None, raises Refused
    settle: Callable  # (actor, request, decision, note, now) -> None when decided already
    dump: Callable[[object], dict]

    def _requests(self, ids) -> dict[int, object]:
        ids = set(ids)
        if not ids:
            return {}
        return {row.id: row for row in db.session.scalars(
            db.select(self.model).where(self.model.id.in_(ids)))}

    def judge(self, ctx: SyncContext, entries: list[Entry]) -> list:
        requests = self._requests(e.data[self.id_field] for e in entries)
        verdicts = []
        for entry in entries:
            request = requests.get(entry.data[self.id_field])
            try:
                self.check_decider(ctx.user, request)
            except Refused as refused:
                verdicts.append(Rejected({self.id_field: [refused.message]}))
            else:
                verdicts.append(request)
        return verdicts

    def _record(self, entry_id: str, data: dict, request, applied: bool) -> dict:
        return {"kind": self.kind, "id": entry_id, self.id_field: request.id,
                "decision": data["decision"], "applied": applied, self.key: self.dump(request)}

    def write(self, ctx: SyncContext, planned: list[tuple[Entry, object]]) -> list[dict]:
        records = []
        for entry, request in planned:
            # Entries are written in order, so a second decision of one request in the same
            # batch finds it decided, as one from a later batch would.
            outcome = self.settle(ctx.user, request, entry.data["decision"],
                                  entry.data["reason"], entry.corrected_at)
            record = self._record(entry.id, entry.data, request, outcome is not None)
            records.append(record if outcome is not None else Conflicted(record))
        return records

    def records(self, ctx: SyncContext, entry_ids: list[str]) -> dict[str, dict]:
        datas = {receipt.id: receipt.payload["data"] for receipt in db.session.scalars(
            db.select(SyncEntry).where(SyncEntry.id.in_(entry_ids)))}
        requests = self._requests(data[self.id_field] for data in datas.values())
        result = {}
        for entry_id, data in datas.items():
            request = requests[data[self.id_field]]
            # Whether this entry's decision stands, as far as the request tells.
            applied = request.decided_by_id == ctx.user.id and request.state == data["decision"]
            result[entry_id] = self._record(entry_id, data, request, applied)
        return result


register(DecisionHandler(
    "correction_decision", CorrectionDecisionDataSchema(), Correction, "correction_id",
    "correction", corrections.check_decider, corrections.settle,
    CorrectionRecordSchema().dump))
register(DecisionHandler(
    "leave_decision", LeaveDecisionDataSchema(), LeaveRequest, "leave_id", "leave",
    leave.check_decider, leave.settle, LeaveRecordSchema().dump))
