"""`data` of the coaching-clinic outbox kinds (self_attend, mark, session_log), and the
records the sync answers with."""

import marshmallow as ma
from marshmallow import validate

from webapp.models.program import ATTENDANCE_STATUSES
from webapp.schemas.base import IdSchema
from webapp.services.session_codes import DIGITS

ID = validate.Range(1, 2**31 - 1, error="ID tidak sah.")


class SelfAttendDataSchema(IdSchema):
    session_id = ma.fields.Integer(required=True, strict=True, validate=ID)
    code = ma.fields.String(required=True, validate=validate.Regexp(
        rf"^[0-9]{{{DIGITS}}}$", error=f"Kode harus {DIGITS} angka."))

    @ma.pre_load
    def strip_code(self, data, **kwargs):
        # People type "123 456" as shown, or paste with spaces around it.
        if isinstance(data, dict) and isinstance(data.get("code"), str):
            data = {**data, "code": data["code"].replace(" ", "").strip()}
        return data


class MarkDataSchema(IdSchema):
    session_id = ma.fields.Integer(required=True, strict=True, validate=ID)
    user_id = ma.fields.Integer(required=True, strict=True, validate=ID)
    status = ma.fields.String(required=True, validate=validate.OneOf(
        ATTENDANCE_STATUSES, error="Status harus hadir, terlambat, izin, sakit, dinas_luar, "
                                   "atau alpa."))
    note = ma.fields.String(load_default="", validate=validate.Length(max=500))


class SessionLogDataSchema(IdSchema):
    session_id = ma.fields.Integer(required=True, strict=True, validate=ID)
    topic = ma.fields.String(load_default="", validate=validate.Length(max=300))
    notes = ma.fields.String(load_default="", validate=validate.Length(max=5000))
    # {participant id: [skill names from the programme's checklist]}; JSON keys are strings.
    skills = ma.fields.Dict(
        keys=ma.fields.Integer(validate=ID, error_messages={"invalid": "ID peserta tidak sah."}),
        values=ma.fields.List(ma.fields.String(validate=validate.Length(max=100)),
                              validate=validate.Length(max=100)),
        load_default=dict, validate=validate.Length(max=1000))


class AttendanceRecordSchema(ma.Schema):
    """One participant's attendance at a session, as the server now holds it."""

    kind = ma.fields.String()
    id = ma.fields.String()
    session_id = ma.fields.Integer()
    user_id = ma.fields.Integer()
    status = ma.fields.String(allow_none=True)
    source = ma.fields.String(allow_none=True)
    marked_at = ma.fields.AwareDateTime(allow_none=True)
    self_attended_at = ma.fields.AwareDateTime(allow_none=True)
    needs_review = ma.fields.Boolean()
    review_reason = ma.fields.String()
    applied = ma.fields.Boolean()
    flags = ma.fields.List(ma.fields.String())


class SessionLogRecordSchema(ma.Schema):
    kind = ma.fields.String()
    id = ma.fields.String()
    session_id = ma.fields.Integer()
    status = ma.fields.String()
    topic = ma.fields.String()
    notes = ma.fields.String()
    logged_at = ma.fields.AwareDateTime(allow_none=True)
    applied = ma.fields.Boolean()
