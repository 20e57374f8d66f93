from flask_login import current_user

from webapp.api.blueprint import Blueprint
from webapp.errors import error_response
from webapp.schemas.checkins import CheckinListSchema, CheckinQuerySchema
from webapp.security import roles_required
from webapp.services.checkins import REVIEWER_FILTERS, find_checkins, records_of

blp = Blueprint("checkins", __name__, url_prefix="/api/v1", description="Check-in history")


@blp.get("/checkins")
@roles_required()
@blp.arguments(CheckinQuerySchema, location="query")
@blp.response(200, CheckinListSchema)
@blp.alt_response(403, description="Filters by unit, user, flag or state are for reviewers")
def list_checkins(query):
    """Own check-ins, newest first; reviewers filtering by unit, user, flag or state see
    everyone's."""
    others = any(name in query for name in REVIEWER_FILTERS)
    if others and not current_user.has_role("reviewer"):
        return error_response(403, "Filter ini hanya untuk peninjau BKPSDM.")
    checkins = find_checkins(query, None if others else current_user.id)
    items = records_of(checkins)
    for item, checkin in zip(items, checkins, strict=True):
        item["user"] = checkin.user
        item["unit_code"] = checkin.unit.code if checkin.unit else None
    return {"items": items}
