"""SQLite busy past its busy_timeout (another process holds the write lock) is 503 with
Retry-After on every route that writes, never a 500: the phone and the forms try again.

The lock is held by a second sqlite3 connection, as a backup or a second worker would hold it.
Each request waits the busy timeout before it gives up: a tenth of a second here, as the answer
does not depend on how long (5 s by default, SQLITE_BUSY_TIMEOUT_SECONDS).
"""

import sqlite3
import uuid
from contextlib import contextmanager

import pytest

from tests.api.sync_helpers import checkin_entry, sync_body
from tests.api.test_photos import jpeg_bytes
from webapp.extensions import db
from webapp.models import CheckIn, LeaveRequest, SyncEntry


@pytest.fixture(autouse=True)
def sqlite_only(backend):
    if backend != "sqlite":
        pytest.skip("SQLite's database-wide write lock; PostgreSQL locks rows")


@pytest.fixture
def app_config():
    return {"SQLITE_BUSY_TIMEOUT_SECONDS": 0.1}


def test_a_write_waits_the_configured_busy_timeout_for_the_lock(app):
    with app.app_context():
        engine = db.engine
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 100


@contextmanager
def write_lock(app):
    with app.app_context():
        path = db.engine.url.database
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def _assert_busy(response):
    assert response.status_code == 503, response.get_data(as_text=True)
    # At least our 5 s; Flask-Limiter raises it to the end of the rate window on limited routes.
    assert int(response.headers["Retry-After"]) >= 5
    assert response.get_json()["error"]["code"] == "database_busy"


def _pending(app, model, **where):
    with app.app_context():
        return db.session.scalars(db.select(model.id).filter_by(**where)).first()


def test_writes_while_another_connection_holds_the_lock_are_503_with_retry_after(
        seeded_history, login_as):
    reviewer, coach, peserta = login_as("bkpsdm"), login_as("pelatih1"), login_as("peserta01")
    leave_id = _pending(seeded_history, LeaveRequest, state="pending")
    checkin_id = _pending(seeded_history, CheckIn, review_state="needs_review")
    assert leave_id and checkin_id
    with write_lock(seeded_history):
        _assert_busy(peserta.put(f"/api/v1/photos/{uuid.uuid4()}", data=jpeg_bytes(),
                                 headers={"Content-Type": "image/jpeg"}))
        _assert_busy(reviewer.post(f"/api/v1/leave/{leave_id}/decision",
                                   json={"decision": "approved", "note": ""}))
        _assert_busy(reviewer.post(f"/api/v1/checkins/{checkin_id}/review",
                                   json={"decision": "approved"}))
        _assert_busy(coach.post("/api/v1/programs", json={
            "name": "Klinik Baru", "start_date": "2026-01-05", "end_date": "2026-03-27",
            "target_sessions": 12}))
    # Once the lock is gone the same requests go through.
    assert reviewer.post(f"/api/v1/checkins/{checkin_id}/review",
                         json={"decision": "approved"}).status_code == 200


def test_a_sync_batch_while_the_database_is_locked_is_503_and_stores_nothing(seeded, login_as):
    peserta = login_as("peserta01")
    entries = [checkin_entry(), checkin_entry(type_="out")]
    with write_lock(seeded):
        _assert_busy(peserta.post("/api/v1/sync", json=sync_body(entries)))
    with seeded.app_context():
        assert db.session.scalar(db.select(db.func.count(SyncEntry.id))) == 0
    response = peserta.post("/api/v1/sync", json=sync_body(entries))
    assert [r["status"] for r in response.get_json()["results"]] == ["created", "created"]


def test_a_page_form_while_the_database_is_locked_is_503(seeded_history, login_as):
    reviewer = login_as("bkpsdm")
    checkin_id = _pending(seeded_history, CheckIn, review_state="needs_review")
    with write_lock(seeded_history):
        response = reviewer.client.post(f"/review/checkins/{checkin_id}/decision",
                                        data={"csrf_token": reviewer.csrf,
                                              "decision": "approved"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
