from flask_login import current_user

from webapp.api.blueprint import Blueprint
from webapp.models.types import utcnow
from webapp.schemas.bootstrap import BootstrapSchema
from webapp.security import roles_required
from webapp.services.bootstrap import bootstrap_for

blp = Blueprint("bootstrap", __name__, url_prefix="/api/v1", description="Offline start-up data")


@blp.get("/bootstrap")
@roles_required()
@blp.response(200, BootstrapSchema)
def bootstrap():
    """Everything the app needs offline; the service worker caches it per user."""
    return bootstrap_for(current_user, utcnow())
