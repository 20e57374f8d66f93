"""The JSON API, /api/v1; each area is a flask-smorest blueprint of its own."""

from webapp.api import auth, bootstrap, checkins, photos, sync


def register_api(api) -> None:
    for module in (auth, bootstrap, sync, photos, checkins):
        api.register_blueprint(module.blp)
