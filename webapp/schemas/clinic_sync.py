"""`data` of the coaching-clinic outbox kinds (self_attend, mark, session_log), and the
records the sync answers with."""

import marshmallow as ma
from marshmallow import validate

from webapp.schemas.base import IdSchema
from webapp.services.session_codes import DIGITS
from webapp.vocabulary import ATTENDANCE

ID = validate.Range(1, 2**31 - 1, error="ID tidak sah.")
STATUS = validate.OneOf(ATTENDANCE.values, error=f"Status harus {ATTENDANCE.spoken()}.")


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


class MarkBaseSchema(IdSchema):
    status = ma.fields.String(required=True, allow_none=True, validate=STATUS)


class MarkDataSchema(IdSchema):
    session_id = ma.fields.Integer(required=True, strict=True, validate=ID)
    user_id = ma.fields.Integer(required=True, strict=True, validate=ID)
    status = ma.fields.String(required=True, validate=STATUS)
    note = ma.fields.String(load_default="", validate=validate.Length(max=500))
    # The status the coach saw when tapping (null: none yet). With a base, a status another
    # phone set meanwhile is not replaced: the sync answers `conflict`. Without one (older
    # phones), the latest mark wins as before.
    base = ma.fields.Nested(MarkBaseSchema, load_default=None)


def _topic():
    return ma.fields.String(validate=validate.Length(max=300))


def _notes():
    return ma.fields.String(validate=validate.Length(max=5000))


def _skills():
    # {participant id: [skill names from the programme's checklist]}; JSON keys are strings.
    return ma.fields.Dict(
        keys=ma.fields.Integer(validate=ID, error_messages={"invalid": "ID peserta tidak sah."}),
        values=ma.fields.List(ma.fields.String(validate=validate.Length(max=100)),
                              validate=validate.Length(max=100)),
        validate=validate.Length(max=1000))


class SessionLogBaseSchema(IdSchema):
    """The values the coach saw for the fields the log changes."""

    topic = _topic()
    notes = _notes()
    skills = _skills()


class SessionLogDataSchema(IdSchema):
    """Without `base` (older phones) a log sets topic, notes and the skills it lists, and the
    latest log wins. With `base` it carries only the fields the coach touched (topic, notes,
    some participants' skills), each with the value the coach saw in `base`."""

    session_id = ma.fields.Integer(required=True, strict=True, validate=ID)
    topic = _topic()
    notes = _notes()
    skills = _skills()
    base = ma.fields.Nested(SessionLogBaseSchema, load_default=None)

    @ma.validates_schema
    def base_covers_the_edit(self, data, **kwargs):
        base = data.get("base")
        if base is None:
            return
        missing = [name for name in ("topic", "notes") if name in data and name not in base]
        missing += [str(uid) for uid in data.get("skills", {})
                    if uid not in base.get("skills", {})]
        if missing:
            raise ma.ValidationError(
                f"Nilai awal (base) tidak ada untuk: {', '.join(missing)}.", "base")

    @ma.post_load
    def legacy_defaults(self, data, **kwargs):
        # An entry without base sets every field, as older phones meant it.
        if data.get("base") is None:
            data = {"topic": "", "notes": "", "skills": {}, **data}
        return data


class EditConflictSchema(ma.Schema):
    """An edit kept aside because the value it changes changed after the value its user saw;
    open until a coach picks one (`webapp.services.edit_conflicts`)."""

    id = ma.fields.Integer()
    field = ma.fields.String(metadata={"enum": ["status", "skills", "topic", "notes"]})
    user_id = ma.fields.Integer(allow_none=True, metadata={
        "description": "The participant (status, skills); null for topic and notes."})
    value = ma.fields.Raw(metadata={"description": "What the edit wanted."})
    stored = ma.fields.Raw(metadata={"description": "What the server held when it arrived."})
    sent_by = ma.fields.String()
    received_at = ma.fields.String()


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
    skills = ma.fields.List(ma.fields.String())
    applied = ma.fields.Boolean()
    flags = ma.fields.List(ma.fields.String())
    # Mark records only: the participant's open conflicts.
    conflicts = ma.fields.List(ma.fields.Nested(EditConflictSchema))


class SessionLogRecordSchema(ma.Schema):
    kind = ma.fields.String()
    id = ma.fields.String()
    session_id = ma.fields.Integer()
    status = ma.fields.String()
    topic = ma.fields.String()
    notes = ma.fields.String()
    logged_at = ma.fields.AwareDateTime(allow_none=True)
    applied = ma.fields.Boolean()
    # The skills now stored for the participants the log lists, and every open conflict of
    # the session.
    skills = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.List(ma.fields.String()))
    conflicts = ma.fields.List(ma.fields.Nested(EditConflictSchema))
