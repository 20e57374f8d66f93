"""The app and its database for a benchmark: SQLite in a temporary file or a PostgreSQL
database on the benchmark's throwaway cluster, with the schema and the demo district."""

from webapp import create_app
from webapp.audit_guard import install_audit_guard
from webapp.demo import seed_demo
from webapp.extensions import db

BENCH_SECRET = "bench-secret-not-for-production"


def bench_app(url: str, **overrides):
    """The production app (not TESTING) on `url`; rate limits off so one bench user may send
    as much as a whole district."""
    config = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": BENCH_SECRET,
              "RATELIMIT_ENABLED": False}
    config.update(overrides)
    return create_app(config)


def prepare_database(app, dispose: bool = False) -> None:
    """Schema as `flask init-db` leaves it (tables and the audit guard), plus the demo data.
    `dispose` closes the app's connections afterwards (when another process will serve)."""
    with app.app_context():
        db.create_all()
        install_audit_guard(db.engine)
        seed_demo()
        if dispose:
            db.session.remove()
            db.engine.dispose()
