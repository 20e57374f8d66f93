from flask import current_app
from flask_login import current_user

from webapp.api.blueprint import Blueprint
from webapp.errors import error_response
from webapp.extensions import db
from webapp.models.types import utcnow
from webapp.schemas.sync import MAX_ENTRIES, SyncRequestSchema, SyncResponseSchema
from webapp.security import roles_required, upload_rate_limit
from webapp.services.sync import ingest

blp = Blueprint("sync", __name__, url_prefix="/api/v1", description="Offline outbox upload")


@blp.post("/sync")
@upload_rate_limit
@roles_required(before_password_change=True)
@blp.arguments(SyncRequestSchema)
@blp.response(200, SyncResponseSchema)
@blp.alt_response(409, description="The batch is another user's (`user_id`), code wrong_user")
@blp.alt_response(413, description="More than 200 entries in one request")
def sync(body):
    """Store a batch of outbox entries; one result per entry, in order."""
    if body["user_id"] not in (None, current_user.id):
        return error_response(409, "Catatan ini milik pengguna lain; masuk sebagai pemiliknya "
                              "untuk mengirimnya.", "wrong_user")
    if len(body["entries"]) > MAX_ENTRIES:
        return error_response(413, f"Maksimal {MAX_ENTRIES} catatan per kiriman.",
                              "too_many_entries")
    received_at = utcnow()
    results = ingest(current_user, body["device_id"], body["sent_at"], body["entries"],
                     received_at, current_app.config)
    db.session.commit()
    return {"server_time": received_at, "results": results}
