"""The database refuses to change or delete audit events even through raw SQL (both backends).

The ORM guard is tested in tests/unit/test_model_constraints.py; this is the layer below it.
"""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from webapp.audit_guard import install_audit_guard
from webapp.extensions import db
from webapp.services.audit import record


@pytest.fixture
def event_id(app):
    with app.app_context():
        event = record(None, "test.created", "thing", 1, after={"state": "new"})
        db.session.commit()
        return event.id


@pytest.mark.parametrize("statement", [
    "UPDATE audit_event SET action = 'rewritten' WHERE id = :id",
    "UPDATE audit_event SET after = NULL",
    "DELETE FROM audit_event WHERE id = :id",
    "DELETE FROM audit_event",
])
def test_raw_sql_cannot_change_or_delete_an_audit_event(app, event_id, statement):
    with app.app_context(), db.engine.connect() as connection:
        with pytest.raises(IntegrityError, match="append-only"):
            connection.execute(text(statement), {"id": event_id})
        connection.rollback()
        action = connection.scalar(text("SELECT action FROM audit_event WHERE id = :id"),
                                   {"id": event_id})
    assert action == "test.created"


def test_new_events_can_still_be_appended(app, event_id):
    with app.app_context():
        record(None, "test.second", "thing", 1)
        db.session.commit()
        assert db.session.scalar(text("SELECT count(*) FROM audit_event")) == 2


def test_installing_the_guard_twice_is_harmless(app, event_id):
    with app.app_context():
        install_audit_guard(db.engine)
        with db.engine.connect() as connection, pytest.raises(IntegrityError):
            connection.execute(text("DELETE FROM audit_event"))


def test_init_db_installs_the_guard(empty_database_url):
    """`flask init-db` (migrations, then the guard) leaves a database that refuses deletes."""
    from tests.conftest import make_app

    app = make_app(empty_database_url)
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(text("INSERT INTO audit_event (at, action, entity_type, "
                                    "entity_id) VALUES (CURRENT_TIMESTAMP, 'a', 't', '1')"))
        with db.engine.connect() as connection, pytest.raises(IntegrityError):
            connection.execute(text("DELETE FROM audit_event"))
        db.engine.dispose()
