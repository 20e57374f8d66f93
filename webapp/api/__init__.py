"""The JSON API, /api/v1; each area is a flask-smorest blueprint of its own."""

from webapp.api import (
    auth,
    bootstrap,
    checkins,
    corrections,
    leave,
    photos,
    programs,
    projects,
    review,
    sync,
)


def register_api(api) -> None:
    for module in (auth, bootstrap, sync, photos, checkins, programs, leave, corrections,
                   projects, review):
        api.register_blueprint(module.blp)
