"""BKPSDM review: the check-in decision (JSON API) and the review pages' query parameters."""

from datetime import date

import marshmallow as ma
from marshmallow import validate

from webapp.schemas.base import IdSchema
from webapp.schemas.checkins import CheckinListItemSchema
from webapp.services.checkin_review import REASON_MAX, REJECT_REASON_MIN
from webapp.services.dashboard import SORTS
from webapp.vocabulary import CHECKIN_FLAGS, DECISIONS, LIFE_STATES, ZONES


class ReviewDecisionSchema(IdSchema):
    decision = ma.fields.String(required=True, validate=validate.OneOf(
        DECISIONS.values, error="Keputusan harus 'approved' atau 'rejected'."))
    reason = ma.fields.String(load_default="", validate=validate.Length(
        max=REASON_MAX, error=f"Paling banyak {REASON_MAX} karakter."))

    @ma.validates_schema
    def rejection_needs_a_reason(self, data, **kwargs):
        if data.get("decision") == "rejected" \
                and len(data.get("reason", "").strip()) < REJECT_REASON_MIN:
            raise ma.ValidationError("Alasan wajib diisi untuk penolakan.", "reason")


class ReviewedCheckinSchema(CheckinListItemSchema):
    review_note = ma.fields.String()
    reviewed_by_id = ma.fields.Integer(allow_none=True)
    reviewed_at = ma.fields.AwareDateTime(allow_none=True)


class _PageQuery(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE


class DashboardQuerySchema(_PageQuery):
    zone = ma.fields.String(validate=validate.OneOf(ZONES.values))
    unit = ma.fields.String(validate=validate.Length(max=40))
    eselon = ma.fields.String(validate=validate.Length(max=10))
    sort = ma.fields.String(load_default="name", validate=validate.OneOf(list(SORTS)))
    page = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    alerts = ma.fields.String(validate=validate.OneOf(["all"]))  # else only the first few


class DailyQuerySchema(_PageQuery):
    unit = ma.fields.String(validate=validate.Length(max=40))
    # Bounded so week and time-zone arithmetic can never leave datetime's range.
    date = ma.fields.Date(validate=validate.Range(date(2000, 1, 1), date(2099, 12, 31)))


class MonthlyQuerySchema(_PageQuery):
    unit = ma.fields.String(validate=validate.Length(max=40))
    month = ma.fields.String(validate=validate.Regexp(
        r"^20\d\d-(0[1-9]|1[0-2])$", error="Bulan harus berbentuk TTTT-BB."))
    page = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))


class QueueQuerySchema(_PageQuery):
    flag = ma.fields.String(validate=validate.OneOf(CHECKIN_FLAGS.values))


class ProjectsQuerySchema(_PageQuery):
    program = ma.fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    unit = ma.fields.String(validate=validate.Length(max=40))
    state = ma.fields.String(validate=validate.OneOf(LIFE_STATES.values))
    page = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    overdue = ma.fields.String(validate=validate.OneOf(["all"]))  # else only the first few
