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


def test_the_migrated_schema_accepts_every_role_and_sync_kind(empty_database_url):
    """compare_metadata does not compare CHECK constraints, so a role, sync kind or programme
    kind added to the model needs its own proof that the migrations let it in."""
    from datetime import date

    from webapp.models import Program, SyncEntry, Unit, User
    from webapp.models.program import PROGRAM_KINDS
    from webapp.models.sync import ENTRY_KINDS
    from webapp.models.types import utcnow
    from webapp.models.user import ROLES

    app = make_app(empty_database_url)
    with app.app_context():
        upgrade()
        user = User(username="semua-peran", full_name="Semua Peran", password_hash="x")
        user.set_roles(ROLES)
        db.session.add(user)
        db.session.commit()
        assert db.session.get(User, user.id).roles == sorted(ROLES)
        db.session.add_all(SyncEntry(id=f"00000000-0000-0000-0000-{n:012d}", user_id=user.id,
                                     device_id="d", kind=kind, payload_hash="0" * 64,
                                     payload={}, captured_at=utcnow())
                           for n, kind in enumerate(ENTRY_KINDS))
        unit = Unit(code="U", name="Unit", kind="dinas")
        db.session.add(unit)
        db.session.flush()
        db.session.add_all(Program(name=kind, kind=kind, unit_id=unit.id,
                                   start_date=date(2026, 1, 1), end_date=date(2026, 2, 1),
                                   target_sessions=1)
                           for kind in PROGRAM_KINDS)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
