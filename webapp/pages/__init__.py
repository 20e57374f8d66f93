"""Server-rendered pages; one module per area, all on the `pages` blueprint."""

from flask import Blueprint

bp = Blueprint("pages", __name__)

from webapp.pages import auth, home  # noqa: E402,F401  (routes register on import)
