"""Leave requests: the `leave` sync kind's data, decisions, and what the API returns."""

from datetime import timedelta

import marshmallow as ma
from marshmallow import validate

from webapp.schemas.base import SANE_DATE, IdSchema
from webapp.schemas.correction import CorrectionDecisionSchema
from webapp.vocabulary import DECISIONS, LEAVE_TYPES

MAX_LEAVE_DAYS = 90


class LeaveDataSchema(IdSchema):
    """`data` of a `leave` outbox entry."""

    type = ma.fields.String(required=True, validate=validate.OneOf(
        LEAVE_TYPES.values, error=f"Jenis harus {LEAVE_TYPES.spoken()}."))
    date_from = ma.fields.Date(required=True, validate=SANE_DATE)
    date_to = ma.fields.Date(required=True, validate=SANE_DATE)
    reason = ma.fields.String(required=True, validate=validate.Length(
        min=3, max=1000, error="Alasan 3–1000 karakter."))
    photo_id = ma.fields.UUID(load_default=None, allow_none=True)

    @ma.validates_schema
    def dates_ordered(self, data, **kwargs):
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            raise ma.ValidationError("Tanggal selesai sebelum tanggal mulai.", "date_to")
        if start and end and end - start >= timedelta(days=MAX_LEAVE_DAYS):
            raise ma.ValidationError(f"Paling lama {MAX_LEAVE_DAYS} hari sekali ajukan.",
                                     "date_to")


class LeaveDecisionSchema(IdSchema):
    decision = ma.fields.String(required=True, validate=validate.OneOf(
        DECISIONS.values, error="Keputusan harus 'approved' atau 'rejected'."))
    note = ma.fields.String(load_default="", validate=validate.Length(max=500))


class LeaveDecisionDataSchema(CorrectionDecisionSchema):
    """`data` of a `leave_decision` outbox entry: decided like a correction, so a rejection
    says why."""

    leave_id = ma.fields.Integer(required=True, strict=True, validate=validate.Range(min=1))


class LeaveRecordSchema(ma.Schema):
    """A leave request as its owner's phone and the deciders see it."""

    kind = ma.fields.Constant("leave")
    id = ma.fields.String(attribute="entry_id")
    leave_id = ma.fields.Integer(attribute="id")
    user_id = ma.fields.Integer()
    type = ma.fields.String()
    date_from = ma.fields.Date()
    date_to = ma.fields.Date()
    reason = ma.fields.String()
    photo_id = ma.fields.String(allow_none=True)
    state = ma.fields.String()
    decided_by_id = ma.fields.Integer(allow_none=True)
    decided_at = ma.fields.AwareDateTime(allow_none=True)
    decision_note = ma.fields.String()


class LeaveDecisionResultSchema(ma.Schema):
    leave = ma.fields.Nested(LeaveRecordSchema)
    sessions_changed = ma.fields.Integer()
