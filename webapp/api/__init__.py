"""The JSON API, /api/v1; each area is a flask-smorest blueprint of its own."""

from webapp.api import auth


def register_api(api) -> None:
    for module in (auth,):
        api.register_blueprint(module.blp)
