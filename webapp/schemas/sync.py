"""Sync request and response. Entries are validated one by one in the service, so one bad
entry never fails the batch; the request schema checks only the envelope of the batch."""

import marshmallow as ma
from marshmallow import validate

from webapp.schemas.base import SANE_TIME, IdSchema
from webapp.vocabulary import CHECKIN_TYPES

MAX_ENTRIES = 200
RESULT_STATUSES = ("created", "duplicate", "conflict", "rejected", "error")


class SyncRequestSchema(IdSchema):
    device_id = ma.fields.String(required=True, validate=validate.Length(min=1, max=64))
    # Whose outbox this is, as the phone believes: a page can be older than the session (a
    # cached page after another user logged in). Refused whole when it is not the session's.
    user_id = ma.fields.Integer(load_default=None, allow_none=True, strict=True)
    sent_at = ma.fields.AwareDateTime(required=True, validate=SANE_TIME)
    # Entries stay raw here (even null); each is checked on its own by its kind's schema.
    entries = ma.fields.List(ma.fields.Raw(allow_none=True), required=True)


class EntrySchema(IdSchema):
    id = ma.fields.UUID(required=True)
    kind = ma.fields.String(required=True)
    captured_at = ma.fields.AwareDateTime(required=True, validate=SANE_TIME)
    data = ma.fields.Dict(required=True)


class SyncResultSchema(ma.Schema):
    id = ma.fields.String(required=True, allow_none=True)
    status = ma.fields.String(required=True, validate=validate.OneOf(RESULT_STATUSES), metadata={
        "description": "created: stored now. duplicate: this id was stored before with the same "
        "content. conflict: this id was stored before with other content, or the entry was "
        "stored but a value it edits changed after its `base` (the stored value stays, the "
        "edit's is kept aside; `record.conflicts` lists them). rejected: invalid, see errors. "
        "error: a server fault; retry."})
    errors = ma.fields.Dict()
    record = ma.fields.Dict()


class SyncResponseSchema(ma.Schema):
    server_time = ma.fields.AwareDateTime(required=True)
    results = ma.fields.List(ma.fields.Nested(SyncResultSchema), required=True)


class CheckinDataSchema(IdSchema):
    type = ma.fields.String(required=True, validate=validate.OneOf(
        CHECKIN_TYPES.values, error="Jenis harus 'in' (masuk) atau 'out' (pulang)."))
    lat = ma.fields.Float(load_default=None, allow_none=True, allow_nan=False,
                          validate=validate.Range(-90, 90, error="Lintang di luar -90..90."))
    lon = ma.fields.Float(load_default=None, allow_none=True, allow_nan=False,
                          validate=validate.Range(-180, 180, error="Bujur di luar -180..180."))
    accuracy_m = ma.fields.Float(load_default=None, allow_none=True, allow_nan=False,
                                 validate=validate.Range(0, 100_000,
                                                         error="Akurasi harus 0–100000 m."))
    photo_id = ma.fields.UUID(load_default=None, allow_none=True)

    @ma.validates_schema
    def coordinates_in_pairs(self, data, **kwargs):
        if (data.get("lat") is None) != (data.get("lon") is None):
            raise ma.ValidationError("Lintang dan bujur harus diisi berdua.", "lat")


class CheckinRecordSchema(ma.Schema):
    kind = ma.fields.String()
    id = ma.fields.String()
    type = ma.fields.String()
    captured_at = ma.fields.AwareDateTime()
    corrected_at = ma.fields.AwareDateTime()
    received_at = ma.fields.AwareDateTime()
    local_date = ma.fields.Date()
    local_time = ma.fields.String()
    late_minutes = ma.fields.Integer()
    lat = ma.fields.Float(allow_none=True)
    lon = ma.fields.Float(allow_none=True)
    accuracy_m = ma.fields.Float(allow_none=True)
    distance_m = ma.fields.Float(allow_none=True)
    flags = ma.fields.List(ma.fields.String())
    review_state = ma.fields.String()
    photo_id = ma.fields.String(allow_none=True)
    photo_received = ma.fields.Boolean()
