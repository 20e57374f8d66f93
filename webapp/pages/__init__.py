"""Server-rendered pages; one module per area, all on the `pages` blueprint."""

from flask import Blueprint

bp = Blueprint("pages", __name__)

# Routes register on import.
from webapp.pages import (  # noqa: E402,F401
    admin,
    api_docs,
    auth,
    coaching,
    home,
    mentoring,
    programs,
    projects,
    review,
    team,
)
