import marshmallow as ma
from marshmallow import validate

from webapp.schemas.base import IdSchema


class LoginSchema(IdSchema):
    username = ma.fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = ma.fields.String(required=True, load_only=True,
                                validate=validate.Length(min=1, max=256))


class PasswordChangeSchema(IdSchema):
    current_password = ma.fields.String(required=True, load_only=True,
                                        validate=validate.Length(min=1, max=256))
    new_password = ma.fields.String(required=True, load_only=True,
                                    validate=validate.Length(min=1, max=256))


class CsrfSchema(ma.Schema):
    csrf_token = ma.fields.String(required=True)


class UnitSchema(ma.Schema):
    id = ma.fields.Integer()
    code = ma.fields.String()
    name = ma.fields.String()
    kind = ma.fields.String()
    timezone = ma.fields.String()
    latitude = ma.fields.Float(allow_none=True)
    longitude = ma.fields.Float(allow_none=True)
    geofence_radius_m = ma.fields.Float()
    work_start = ma.fields.Time(format="%H:%M")
    selfie_required = ma.fields.Boolean()


class UserSchema(ma.Schema):
    id = ma.fields.Integer()
    username = ma.fields.String()
    nip = ma.fields.String(allow_none=True)
    full_name = ma.fields.String()
    jabatan = ma.fields.String()
    eselon = ma.fields.String(allow_none=True)
    roles = ma.fields.List(ma.fields.String())
    unit = ma.fields.Nested(UnitSchema, allow_none=True)
    # True after an import or a reset: only /password (and sync) answer until it is changed.
    must_change_password = ma.fields.Boolean()


class LoginResultSchema(ma.Schema):
    user = ma.fields.Nested(UserSchema, required=True)
    csrf_token = ma.fields.String(required=True)
