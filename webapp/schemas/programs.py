"""Programme management API: what coaches send and what they get back."""

from datetime import timedelta

import marshmallow as ma
from marshmallow import validate

from webapp.schemas.base import SANE_DATE, IdSchema
from webapp.schemas.clinic_sync import EditConflictSchema
from webapp.services.localtime import local_datetime, zone_label

MAX_PROGRAM_DAYS = 366
MAX_SKILLS = 30
MAX_HOLIDAYS = 100
REASON = validate.Length(min=3, max=300, error="Alasan 3–300 karakter.")
PERCENT = validate.Range(0, 100, error="Harus 0–100.")


def _unique(values) -> None:
    if len(set(values)) != len(values):
        raise ma.ValidationError("Ada isian yang sama lebih dari sekali.")


class ProgramCreateSchema(IdSchema):
    name = ma.fields.String(required=True, validate=validate.Length(
        min=3, max=200, error="Nama 3–200 karakter."))
    unit_id = ma.fields.Integer(load_default=None, allow_none=True, strict=True,
                                validate=validate.Range(1, 2**31 - 1))
    start_date = ma.fields.Date(required=True, validate=SANE_DATE)
    end_date = ma.fields.Date(required=True, validate=SANE_DATE)
    target_sessions = ma.fields.Integer(required=True, strict=True, validate=validate.Range(
        1, 1000, error="Target 1–1000 sesi."))
    zone_green_pct = ma.fields.Float(load_default=80.0, allow_nan=False, validate=PERCENT)
    zone_yellow_pct = ma.fields.Float(load_default=50.0, allow_nan=False, validate=PERCENT)
    skills = ma.fields.List(
        ma.fields.String(validate=validate.Length(min=1, max=100,
                                                  error="Keterampilan 1–100 karakter.")),
        load_default=list, validate=[validate.Length(max=MAX_SKILLS,
                                                     error=f"Paling banyak {MAX_SKILLS}."),
                                     _unique])

    @ma.validates_schema(skip_on_field_errors=False)  # report every problem of a form at once
    def consistent(self, data, **kwargs):
        errors = {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            errors["end_date"] = ["Tanggal selesai sebelum tanggal mulai."]
        elif start and end and end - start > timedelta(days=MAX_PROGRAM_DAYS):
            errors["end_date"] = [f"Program paling lama {MAX_PROGRAM_DAYS} hari."]
        green, yellow = data.get("zone_green_pct"), data.get("zone_yellow_pct")
        if green is not None and yellow is not None and yellow > green:
            errors["zone_yellow_pct"] = ["Batas kuning tidak boleh di atas batas hijau."]
        if errors:
            raise ma.ValidationError(errors)

    @ma.pre_load
    def strip_skills(self, data, **kwargs):
        if isinstance(data, dict) and isinstance(data.get("skills"), list):
            data = {**data, "skills": [s.strip() if isinstance(s, str) else s
                                       for s in data["skills"]]}
        return data


class EnrolSchema(IdSchema):
    user_ids = ma.fields.List(ma.fields.Integer(strict=True, validate=validate.Range(
        1, 2**31 - 1)), load_default=list, validate=validate.Length(max=1000))
    unit_id = ma.fields.Integer(load_default=None, allow_none=True, strict=True,
                                validate=validate.Range(1, 2**31 - 1))

    @ma.validates_schema
    def someone(self, data, **kwargs):
        if not data.get("user_ids") and data.get("unit_id") is None:
            raise ma.ValidationError("Pilih peserta atau unit.", "user_ids")


class ScheduleSchema(IdSchema):
    weekdays = ma.fields.List(
        ma.fields.Integer(strict=True, validate=validate.Range(0, 6, error="Hari 0–6 (Senin–"
                                                                          "Minggu).")),
        required=True, validate=[validate.Length(min=1, max=7, error="Pilih 1–7 hari."),
                                 _unique])
    start_time = ma.fields.Time(required=True)
    end_time = ma.fields.Time(required=True)
    date_from = ma.fields.Date(load_default=None, allow_none=True, validate=SANE_DATE)
    date_to = ma.fields.Date(load_default=None, allow_none=True, validate=SANE_DATE)
    holidays = ma.fields.List(ma.fields.Date(validate=SANE_DATE), load_default=list,
                              validate=validate.Length(max=MAX_HOLIDAYS))
    place = ma.fields.String(load_default="", validate=validate.Length(max=200))
    coach_id = ma.fields.Integer(load_default=None, allow_none=True, strict=True,
                                 validate=validate.Range(1, 2**31 - 1))

    @ma.validates_schema
    def ends_after_start(self, data, **kwargs):
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            raise ma.ValidationError("Jam selesai harus setelah jam mulai.", "end_time")


class SessionUpdateSchema(IdSchema):
    place = ma.fields.String(validate=validate.Length(max=200))
    coach_id = ma.fields.Integer(allow_none=True, strict=True,
                                 validate=validate.Range(1, 2**31 - 1))
    topic = ma.fields.String(validate=validate.Length(max=300))
    notes = ma.fields.String(validate=validate.Length(max=5000))


class SessionCancelSchema(IdSchema):
    reason = ma.fields.String(required=True, validate=REASON)


class SessionMoveSchema(IdSchema):
    date = ma.fields.Date(required=True, validate=SANE_DATE)
    start_time = ma.fields.Time(required=True)
    end_time = ma.fields.Time(required=True)
    reason = ma.fields.String(required=True, validate=REASON)

    @ma.validates_schema
    def ends_after_start(self, data, **kwargs):
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            raise ma.ValidationError("Jam selesai harus setelah jam mulai.", "end_time")


class UnitRefSchema(ma.Schema):
    id = ma.fields.Integer()
    code = ma.fields.String()
    name = ma.fields.String()
    timezone = ma.fields.String()


class SessionOutSchema(ma.Schema):
    id = ma.fields.Integer()
    program_id = ma.fields.Integer()
    starts_at = ma.fields.AwareDateTime()
    ends_at = ma.fields.AwareDateTime()
    local_date = ma.fields.Method("_local_date")
    local_time = ma.fields.Method("_local_time")
    place = ma.fields.String()
    coach_id = ma.fields.Integer(allow_none=True)
    topic = ma.fields.String()
    notes = ma.fields.String()
    status = ma.fields.String()
    status_reason = ma.fields.String()

    @staticmethod
    def _local_date(session) -> str:
        return local_datetime(session.starts_at, session.program.unit.timezone).date().isoformat()

    @staticmethod
    def _local_time(session) -> str:
        """e.g. "09:00–11:00 WIB"."""
        tz_name = session.program.unit.timezone
        return (f"{local_datetime(session.starts_at, tz_name):%H:%M}–"
                f"{local_datetime(session.ends_at, tz_name):%H:%M} {zone_label(tz_name)}")


class ParticipantOutSchema(ma.Schema):
    id = ma.fields.Integer()
    username = ma.fields.String()
    full_name = ma.fields.String()
    jabatan = ma.fields.String()
    eselon = ma.fields.String(allow_none=True)
    unit = ma.fields.String(attribute="unit.name", allow_none=True)


class ProgramOutSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    unit = ma.fields.Nested(UnitRefSchema)
    start_date = ma.fields.Date()
    end_date = ma.fields.Date()
    target_sessions = ma.fields.Integer()
    zone_green_pct = ma.fields.Float()
    zone_yellow_pct = ma.fields.Float()
    skills = ma.fields.List(ma.fields.String())
    participant_count = ma.fields.Function(lambda p: len(p.participants))
    session_count = ma.fields.Function(lambda p: len(p.sessions))


class ProgramDetailSchema(ProgramOutSchema):
    participants = ma.fields.Function(
        lambda p: ParticipantOutSchema(many=True).dump(
            sorted((link.user for link in p.participants), key=lambda u: u.full_name)))
    sessions = ma.fields.List(ma.fields.Nested(SessionOutSchema))


class ProgramListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ProgramOutSchema))


class EnrolResultSchema(ma.Schema):
    added = ma.fields.List(ma.fields.Nested(ParticipantOutSchema))
    participant_count = ma.fields.Integer()


class ScheduleResultSchema(ma.Schema):
    created = ma.fields.List(ma.fields.Nested(SessionOutSchema))
    skipped = ma.fields.Integer()


class SessionAttendanceSchema(ma.Schema):
    user_id = ma.fields.Integer()
    status = ma.fields.String()
    source = ma.fields.String()
    needs_review = ma.fields.Boolean()
    review_reason = ma.fields.String()
    skills = ma.fields.List(ma.fields.String())
    self_attended_at = ma.fields.String(allow_none=True)


class LateCodeSchema(ma.Schema):
    at = ma.fields.String()
    status = ma.fields.String()
    reason = ma.fields.String()


class SessionCodesSchema(ma.Schema):
    """A participant's codes the coach should know of: wrong ones so far, whether their codes
    are refused now (too many wrong), and a right code kept as `late_sync` for the coach."""

    user_id = ma.fields.Integer()
    wrong = ma.fields.Integer()
    locked = ma.fields.Boolean()
    late = ma.fields.Nested(LateCodeSchema, allow_none=True)


class SessionRosterSchema(ma.Schema):
    """What the coach's session page refreshes while online."""

    server_time = ma.fields.AwareDateTime()
    session = ma.fields.Nested(SessionOutSchema)
    attendance = ma.fields.List(ma.fields.Nested(SessionAttendanceSchema))
    codes = ma.fields.List(ma.fields.Nested(SessionCodesSchema))
    conflicts = ma.fields.List(ma.fields.Nested(EditConflictSchema))
