"""POST /api/v1/checkins/<id>/review: a reviewer's decision on a flagged check-in."""

from flask_login import current_user

from webapp.api.blueprint import Blueprint
from webapp.errors import error_response
from webapp.extensions import db
from webapp.models import CheckIn
from webapp.models.types import utcnow
from webapp.schemas.review import ReviewDecisionSchema, ReviewedCheckinSchema
from webapp.security import roles_required
from webapp.services.checkin_review import decide_checkin
from webapp.services.checkins import records_of

blp = Blueprint("review", __name__, url_prefix="/api/v1",
                description="BKPSDM decisions on flagged check-ins")


@blp.post("/checkins/<int:checkin_id>/review")
@roles_required("reviewer")
@blp.arguments(ReviewDecisionSchema)
@blp.response(200, ReviewedCheckinSchema)
@blp.alt_response(409, description="The check-in was never flagged for review")
@blp.alt_response(422, description="Unknown decision, or a rejection without a reason")
def review_checkin(body, checkin_id):
    """Approve or reject a flagged check-in (a reason is required to reject); the decision is
    audited with the state before and after. A reviewer may correct an earlier decision."""
    checkin = db.session.get(CheckIn, checkin_id)
    if checkin is None:
        return error_response(404, "Absen tidak ditemukan.")
    decide_checkin(checkin, current_user.id, body["decision"], body["reason"], utcnow())
    db.session.commit()
    (record,) = records_of([checkin])
    return {**record, "user": checkin.user,
            "unit_code": checkin.unit.code if checkin.unit else None}
