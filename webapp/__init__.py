"""Hadir: offline-first attendance and coaching-clinic records for district officials."""

import logging
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp.config import load_settings
from webapp.errors import register_error_handlers
from webapp.extensions import csrf, db, limiter, login_manager, migrate, rest_api
from webapp.headers import register_security_headers
from webapp.input_guard import register_input_guard
from webapp.openapi import register_openapi


def create_app(config_overrides: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(load_settings(Path(app.instance_path), config_overrides or {}))
    logging.basicConfig(level=logging.INFO)

    if app.config["PROXY_HOPS"]:
        # Behind nginx or a load balancer: trust its X-Forwarded-* for scheme and client address.
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent.parent / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    rest_api.init_app(app)
    register_openapi(app, rest_api)
    register_input_guard(app)

    from webapp import models, security, vocabulary  # noqa: F401  (registers tables, user loader)
    from webapp.api import register_api
    from webapp.cli import register_cli
    from webapp.module_graph import register_module_graph
    from webapp.pages import bp as pages_bp
    from webapp.services import projects
    from webapp.static_files import register_static_files

    app.session_interface = security.LoginSessionCookie()
    register_api(rest_api)
    app.register_blueprint(pages_bp)
    register_error_handlers(app, rest_api)
    register_security_headers(app)
    register_static_files(app)
    register_module_graph(app)
    register_cli(app)
    # Every template, macros included, reads the domain's words from the one vocabulary.
    app.jinja_env.globals["vocab"] = vocabulary
    app.jinja_env.globals["has_projects_page"] = projects.has_projects_page
    # `tojson` keeps key order (Jinja sorts by default): the vocabulary's order is the order
    # users read stages, statuses and states in.
    app.jinja_env.policies["json.dumps_kwargs"] = {"sort_keys": False}
    return app


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """SQLite enforces foreign keys only when asked; WAL lets readers work during a sync. (Its
    busy timeout is the driver's `timeout`, SQLITE_BUSY_TIMEOUT_SECONDS in webapp/config.py.)"""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
