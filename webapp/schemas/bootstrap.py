import marshmallow as ma

from webapp.schemas.auth import UnitSchema, UserSchema
from webapp.schemas.projects import ProjectRecordSchema
from webapp.schemas.sync import CheckinRecordSchema


class ProgramSchema(ma.Schema):
    id = ma.fields.Integer(attribute="program.id")
    name = ma.fields.String(attribute="program.name")
    kind = ma.fields.String(attribute="program.kind")
    start_date = ma.fields.Date(attribute="program.start_date")
    end_date = ma.fields.Date(attribute="program.end_date")
    target_sessions = ma.fields.Integer(attribute="program.target_sessions")
    zone_green_pct = ma.fields.Float(attribute="program.zone_green_pct")
    zone_yellow_pct = ma.fields.Float(attribute="program.zone_yellow_pct")
    skills = ma.fields.List(ma.fields.String(), attribute="program.skills")
    role = ma.fields.String()


class SessionSchema(ma.Schema):
    id = ma.fields.Integer(attribute="session.id")
    program_id = ma.fields.Integer(attribute="session.program_id")
    starts_at = ma.fields.AwareDateTime(attribute="session.starts_at")
    ends_at = ma.fields.AwareDateTime(attribute="session.ends_at")
    place = ma.fields.String(attribute="session.place")
    topic = ma.fields.String(attribute="session.topic")
    notes = ma.fields.String(attribute="session.notes")
    status = ma.fields.String(attribute="session.status")
    coach_id = ma.fields.Integer(attribute="session.coach_id", allow_none=True)
    # Only coaches of the programme receive the secret behind the rotating code.
    secret = ma.fields.String(allow_none=True)


class RosterMemberSchema(ma.Schema):
    id = ma.fields.Integer()
    full_name = ma.fields.String()
    jabatan = ma.fields.String()
    eselon = ma.fields.String(allow_none=True)
    unit = ma.fields.String(attribute="unit.name", allow_none=True)


class AttendanceSchema(ma.Schema):
    session_id = ma.fields.Integer()
    user_id = ma.fields.Integer()
    status = ma.fields.String()
    source = ma.fields.String()
    skills = ma.fields.List(ma.fields.String())
    needs_review = ma.fields.Boolean()


class BootstrapSchema(ma.Schema):
    server_time = ma.fields.AwareDateTime(required=True)
    user = ma.fields.Nested(UserSchema, required=True)
    unit = ma.fields.Nested(UnitSchema, allow_none=True)
    programs = ma.fields.List(ma.fields.Nested(ProgramSchema))
    sessions = ma.fields.List(ma.fields.Nested(SessionSchema))
    roster = ma.fields.Dict(keys=ma.fields.String(),
                            values=ma.fields.List(ma.fields.Nested(RosterMemberSchema)))
    attendance = ma.fields.List(ma.fields.Nested(AttendanceSchema))
    checkins = ma.fields.List(ma.fields.Nested(CheckinRecordSchema))
    projects = ma.fields.List(ma.fields.Nested(ProjectRecordSchema))
