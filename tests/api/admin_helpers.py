"""Shared by the admin page tests and the print tests that read the district's settings."""

import re

from webapp.extensions import db
from webapp.models import DistrictSettings


def without_district_settings(app) -> None:
    """Forget the demo district's settings row, as on an installation nobody has set up yet."""
    with app.app_context():
        db.session.execute(db.delete(DistrictSettings))
        db.session.commit()


def form_token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
