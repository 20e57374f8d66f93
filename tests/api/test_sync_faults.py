"""Faults inside the database during a sync: earlier entries kept, the failed one retried."""

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from tests.api.sync_helpers import checkin_entry, send
from webapp.extensions import db
from webapp.models import CheckIn, SyncEntry


@pytest.fixture
def poison(seeded):
    """Make any INSERT into checkin that carries `poisoned[0]` fail like a broken disk."""
    poisoned: list[str] = []

    def explode(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO CHECKIN") and poisoned \
                and poisoned[0] in repr(parameters):
            raise OperationalError(statement, parameters, Exception("disk I/O error"))

    with seeded.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", explode)
    yield poisoned
    event.remove(engine, "before_cursor_execute", explode)


def _stored_ids(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(db.select(CheckIn.entry_id)))


def test_a_failing_row_mid_batch_is_reported_alone_and_the_rest_kept(seeded, login_as, poison):
    peserta = login_as("peserta01")
    batch = [checkin_entry() for _ in range(5)]
    poison.append(batch[2]["id"])
    results = send(peserta, batch)
    assert [r["status"] for r in results] == ["created", "created", "error", "created", "created"]
    assert results[2]["errors"]["_server"]
    assert _stored_ids(seeded) == {e["id"] for i, e in enumerate(batch) if i != 2}
    with seeded.app_context():
        # No receipt for the failed entry, so the phone's retry is not mistaken for a duplicate.
        assert db.session.get(SyncEntry, batch[2]["id"]) is None

    poison.clear()
    retry = send(peserta, batch)
    assert [r["status"] for r in retry] == ["duplicate", "duplicate", "created", "duplicate",
                                            "duplicate"]
    assert _stored_ids(seeded) == {e["id"] for e in batch}
