"""Corrections (koreksi absen): the `correction` sync kind's data, decisions, the API's view."""

import marshmallow as ma
from marshmallow import validate

from webapp.models.correction import CORRECTION_STATES, CORRECTION_TYPES
from webapp.schemas.base import SANE_DATE, IdSchema
from webapp.vocabulary import DECISIONS, REJECTED


class CorrectionDataSchema(IdSchema):
    """`data` of a `correction` outbox entry; `time` is the unit's wall clock."""

    date = ma.fields.Date(required=True, validate=SANE_DATE)
    type = ma.fields.String(required=True, validate=validate.OneOf(
        CORRECTION_TYPES, error="Jenis harus 'in' (masuk) atau 'out' (pulang)."))
    time = ma.fields.Time(required=True, format="%H:%M",
                          error_messages={"invalid": "Jam harus berbentuk JJ:MM, mis. 07:25."})
    reason = ma.fields.String(required=True, validate=validate.Length(
        min=3, max=1000, error="Alasan 3–1000 karakter."))
    photo_id = ma.fields.UUID(load_default=None, allow_none=True)


class CorrectionDecisionSchema(IdSchema):
    """A decision on a request (a correction; by sync also a leave request): a rejection
    says why."""

    decision = ma.fields.String(required=True, validate=validate.OneOf(
        DECISIONS.values, error="Keputusan harus 'approved' atau 'rejected'."))
    reason = ma.fields.String(load_default="", validate=validate.Length(max=500))

    @ma.validates_schema
    def rejection_says_why(self, data, **kwargs):
        if data.get("decision") == REJECTED and not data.get("reason", "").strip():
            raise ma.ValidationError("Tuliskan alasan penolakan.", "reason")


class CorrectionDecisionDataSchema(CorrectionDecisionSchema):
    """`data` of a `correction_decision` outbox entry."""

    correction_id = ma.fields.Integer(required=True, strict=True,
                                      validate=validate.Range(min=1))


class CorrectionRecordSchema(ma.Schema):
    """A correction as its official's phone and the deciders see it."""

    kind = ma.fields.Constant("correction")
    id = ma.fields.String(attribute="entry_id")
    correction_id = ma.fields.Integer(attribute="id")
    user_id = ma.fields.Integer()
    date = ma.fields.Date(attribute="day")
    type = ma.fields.String()
    time = ma.fields.Time(attribute="local_time", format="%H:%M")
    at = ma.fields.AwareDateTime()
    reason = ma.fields.String()
    photo_id = ma.fields.String(allow_none=True)
    state = ma.fields.String(validate=validate.OneOf(CORRECTION_STATES))
    decided_by_id = ma.fields.Integer(allow_none=True)
    decided_at = ma.fields.AwareDateTime(allow_none=True)
    decision_note = ma.fields.String()


class CorrectionListQuerySchema(IdSchema):
    state = ma.fields.String(load_default=None, validate=validate.OneOf(CORRECTION_STATES))


class CorrectionListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(CorrectionRecordSchema), required=True)
