from flask_login import current_user

from webapp.api.blueprint import Blueprint
from webapp.extensions import db
from webapp.models.types import utcnow
from webapp.schemas.leave import LeaveDecisionResultSchema, LeaveDecisionSchema
from webapp.security import roles_required
from webapp.services.leave import decide

blp = Blueprint("leave", __name__, url_prefix="/api/v1",
                description="Deciding leave requests (coaches, supervisors, reviewers)")


@blp.post("/leave/<int:leave_id>/decision")
@roles_required("coach", "supervisor", "reviewer")
@blp.arguments(LeaveDecisionSchema)
@blp.response(200, LeaveDecisionResultSchema)
@blp.alt_response(409, description="The request was already decided")
def decide_leave(body, leave_id):
    """Approve or reject a pending leave request, once: a reviewer, the participant's direct
    supervisor, or their coach (for leave reaching only the coach's programmes). An approval
    turns the participant's sessions in its dates (in each programme unit's time zone) into
    izin/sakit/dinas_luar, except where they are already hadir or terlambat."""
    leave, changed = decide(current_user, leave_id, body["decision"], body["note"], utcnow())
    db.session.commit()
    return {"leave": leave, "sessions_changed": changed}
