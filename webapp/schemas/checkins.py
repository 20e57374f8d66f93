import marshmallow as ma
from marshmallow import validate

from webapp.schemas.base import IdSchema
from webapp.schemas.sync import CheckinRecordSchema
from webapp.vocabulary import CHECKIN_FLAGS, REVIEW_STATES


class CheckinQuerySchema(IdSchema):
    date_from = ma.fields.Date()
    date_to = ma.fields.Date()
    limit = ma.fields.Integer(load_default=100, validate=validate.Range(1, 500))
    # Reviewers only; ignored filters would silently mislead, so others get 403 for them.
    unit = ma.fields.String(validate=validate.Length(max=40))
    user = ma.fields.String(validate=validate.Length(max=64))
    flag = ma.fields.String(validate=validate.OneOf(CHECKIN_FLAGS.values))
    review_state = ma.fields.String(validate=validate.OneOf(REVIEW_STATES.values))


class CheckinOwnerSchema(ma.Schema):
    id = ma.fields.Integer()
    username = ma.fields.String()
    full_name = ma.fields.String()


class CheckinListItemSchema(CheckinRecordSchema):
    user = ma.fields.Nested(CheckinOwnerSchema)
    unit_code = ma.fields.String(allow_none=True)


class CheckinListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(CheckinListItemSchema))
