"""Alembic migrations build exactly the schema the models describe, on either backend."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from tests.conftest import make_app
from webapp.extensions import db


def test_upgrade_on_an_empty_database_matches_the_models(empty_database_url):
    app = make_app(empty_database_url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        db.engine.dispose()
    assert diff == []


def test_the_migrated_schema_accepts_every_role(empty_database_url):
    """compare_metadata does not compare CHECK constraints, so a role added to the model
    needs its own proof that the migrations let it in."""
    from webapp.models import User
    from webapp.models.user import ROLES

    app = make_app(empty_database_url)
    with app.app_context():
        upgrade()
        user = User(username="semua-peran", full_name="Semua Peran", password_hash="x")
        user.set_roles(ROLES)
        db.session.add(user)
        db.session.commit()
        assert db.session.get(User, user.id).roles == sorted(ROLES)
        db.session.remove()
        db.engine.dispose()
