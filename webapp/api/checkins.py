from flask_login import current_user

from webapp.api.blueprint import Blueprint
from webapp.errors import error_response
from webapp.extensions import db
from webapp.models import CheckIn, Unit, User
from webapp.schemas.checkins import CheckinListSchema, CheckinQuerySchema
from webapp.security import roles_required
from webapp.services.sync_kinds.checkin import records_of

blp = Blueprint("checkins", __name__, url_prefix="/api/v1", description="Check-in history")
REVIEWER_FILTERS = ("unit", "user", "flag", "review_state")


@blp.get("/checkins")
@roles_required()
@blp.arguments(CheckinQuerySchema, location="query")
@blp.response(200, CheckinListSchema)
@blp.alt_response(403, description="Filters by unit, user, flag or state are for reviewers")
def list_checkins(query):
    """Own check-ins, newest first; reviewers filtering by unit, user, flag or state see
    everyone's."""
    statement = db.select(CheckIn).order_by(CheckIn.corrected_at.desc(), CheckIn.id.desc())
    if not any(name in query for name in REVIEWER_FILTERS):
        statement = statement.where(CheckIn.user_id == current_user.id)
    elif not current_user.has_role("reviewer"):
        return error_response(403, "Filter ini hanya untuk peninjau BKPSDM.")
    if "user" in query:
        statement = statement.join(User, CheckIn.user_id == User.id).where(
            User.username == query["user"])
    if "unit" in query:
        statement = statement.join(Unit, CheckIn.unit_id == Unit.id).where(
            Unit.code == query["unit"])
    if "flag" in query:
        statement = statement.where(db.cast(CheckIn.flags, db.String).like(f'%"{query["flag"]}"%'))
    if "review_state" in query:
        statement = statement.where(CheckIn.review_state == query["review_state"])
    if "date_from" in query:
        statement = statement.where(CheckIn.local_date >= query["date_from"])
    if "date_to" in query:
        statement = statement.where(CheckIn.local_date <= query["date_to"])
    checkins = list(db.session.scalars(statement.limit(query["limit"])))
    items = records_of(checkins)
    for item, checkin in zip(items, checkins, strict=True):
        item["user"] = checkin.user
        item["unit_code"] = checkin.unit.code if checkin.unit else None
    return {"items": items}
