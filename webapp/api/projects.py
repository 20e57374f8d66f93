from flask_login import current_user
from flask_smorest import Blueprint

from webapp.models.types import utcnow
from webapp.schemas.projects import ProjectListQuerySchema, ProjectListSchema
from webapp.security import roles_required
from webapp.services import projects

blp = Blueprint("projects", __name__, url_prefix="/api/v1",
                description="Change projects (proyek perubahan / aksi perubahan)")


@blp.get("/projects")
@roles_required()
@blp.arguments(ProjectListQuerySchema, location="query")
@blp.response(200, ProjectListSchema)
def list_projects(query):
    """Own projects; a supervisor also gets the ones they mentor; a reviewer all of them.
    `unit` (unit code), `program` (id) and `state` (life state) narrow the list."""
    return {"items": projects.visible(current_user, utcnow(), query["unit"], query["program"],
                                      query["state"])}
