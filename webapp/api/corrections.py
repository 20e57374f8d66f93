from flask_login import current_user
from flask_smorest import Blueprint

from webapp.extensions import db
from webapp.models.types import utcnow
from webapp.schemas.correction import (
    CorrectionDecisionSchema,
    CorrectionListQuerySchema,
    CorrectionListSchema,
    CorrectionRecordSchema,
)
from webapp.security import roles_required
from webapp.services import corrections

blp = Blueprint("corrections", __name__, url_prefix="/api/v1",
                description="Corrections of forgotten check-ins (koreksi absen)")


@blp.get("/corrections")
@roles_required()
@blp.arguments(CorrectionListQuerySchema, location="query")
@blp.response(200, CorrectionListSchema)
def list_corrections(query):
    """Own corrections; a supervisor also gets their direct staff's, a reviewer everyone's.
    Pending ones first."""
    return {"items": corrections.visible(current_user, query["state"])}


@blp.post("/corrections/<int:correction_id>/decision")
@roles_required("supervisor", "reviewer")
@blp.arguments(CorrectionDecisionSchema)
@blp.response(200, CorrectionRecordSchema)
@blp.alt_response(409, description="The correction was already decided")
def decide_correction(body, correction_id):
    """Approve or reject a pending correction, once: the official's direct supervisor or a
    reviewer. Anyone else gets 404, as for a correction that does not exist. A rejection
    needs a reason."""
    correction = corrections.decide(current_user, correction_id, body["decision"],
                                    body["reason"], utcnow())
    db.session.commit()
    return correction
