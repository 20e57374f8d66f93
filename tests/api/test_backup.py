"""export-all / import-all: a consistent JSON Lines dump that restores into an empty database."""

import base64
import json
import uuid

import pytest

from tests.api.sync_helpers import checkin_entry, send, sync_body
from tests.api.test_photos import jpeg_bytes
from tests.conftest import create_database, make_app
from webapp.audit_guard import install_audit_guard
from webapp.backup import dump_lines
from webapp.extensions import db
from webapp.models import Photo, SyncEntry
from webapp.services.audit import record


@pytest.fixture
def restore_url(backend, tmp_path, request):
    """A second, empty database with the schema (as `flask init-db` leaves it)."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    else:
        url = create_database(request.getfixturevalue("postgres_server"), "hadir_restore")
    app = make_app(url)
    with app.app_context():
        db.create_all()
        install_audit_guard(db.engine)
    yield url
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def busy(seeded, login_as):
    """Demo data plus what phones add: check-ins, a photo, a conflict, an audit event."""
    peserta = login_as("peserta01")
    photo_id = str(uuid.uuid4())
    assert peserta.put(f"/api/v1/photos/{photo_id}", data=jpeg_bytes(),
                       headers={"Content-Type": "image/jpeg"}).status_code == 201
    entries = [checkin_entry(photo_id=photo_id), checkin_entry(type_="out", lat=None, lon=None,
                                                               accuracy_m=None)]
    send(peserta, entries)
    send(peserta, [{**entries[0], "data": {**entries[0]["data"], "type": "out"}}])  # conflict
    send(login_as("peserta02"), [checkin_entry(lat=-1.3, lon=101.0)])
    with seeded.app_context():
        record(None, "checkin.reviewed", "checkin", 1, before={"state": "needs_review"},
               after={"state": "approved"})
        db.session.commit()
    return seeded


def _export(app, path):
    result = app.test_cli_runner().invoke(args=["export-all", str(path)])
    assert result.exit_code == 0, result.output
    return path.read_text(encoding="utf-8").splitlines()


def test_round_trip_gives_identical_lines(busy, restore_url, tmp_path):
    first = _export(busy, tmp_path / "first.jsonl")
    restored = make_app(restore_url)
    result = restored.test_cli_runner().invoke(args=["import-all", str(tmp_path / "first.jsonl")])
    assert result.exit_code == 0, result.output
    second = _export(restored, tmp_path / "second.jsonl")
    assert second == first
    tables = {json.loads(line).get("table") for line in first[1:]}
    assert {"user", "unit", "program", "clinic_session", "session_attendance", "checkin",
            "sync_entry", "sync_conflict", "photo", "audit_event"} <= tables
    with restored.app_context():
        db.engine.dispose()


def test_photos_are_base64_and_decode_to_the_stored_jpeg(busy, tmp_path):
    lines = [json.loads(line) for line in _export(busy, tmp_path / "dump.jsonl")]
    [photo] = [line["row"] for line in lines if line.get("table") == "photo"]
    with busy.app_context():
        assert base64.b64decode(photo["data"]) == db.session.get(Photo, photo["id"]).data


def test_restored_database_takes_new_records_after_the_restored_ids(busy, restore_url, tmp_path,
                                                                    login_as):
    _export(busy, tmp_path / "dump.jsonl")
    restored = make_app(restore_url)
    assert restored.test_cli_runner().invoke(
        args=["import-all", str(tmp_path / "dump.jsonl")]).exit_code == 0
    from tests.conftest import ApiClient

    peserta = ApiClient(restored.test_client())
    assert peserta.login("peserta03").status_code == 200
    [result] = send(peserta, [checkin_entry()])
    assert result["status"] == "created"
    with restored.app_context():
        record(None, "after.restore", "thing", 1)
        db.session.commit()
        db.engine.dispose()


def test_import_refuses_a_database_that_is_not_empty(busy, tmp_path):
    _export(busy, tmp_path / "dump.jsonl")
    result = busy.test_cli_runner().invoke(args=["import-all", str(tmp_path / "dump.jsonl")])
    assert result.exit_code != 0
    assert "not empty" in result.output


def test_import_refuses_a_file_that_is_not_a_backup(restore_url, tmp_path):
    bogus = tmp_path / "bogus.jsonl"
    bogus.write_text('{"table": "user", "row": {}}\n')
    app = make_app(restore_url)
    result = app.test_cli_runner().invoke(args=["import-all", str(bogus)])
    assert result.exit_code != 0 and "not a Hadir backup" in result.output
    with app.app_context():
        db.engine.dispose()


def test_a_failed_import_leaves_the_database_empty(busy, restore_url, tmp_path):
    lines = _export(busy, tmp_path / "dump.jsonl")
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(lines[:-1] + ["{not json"]) + "\n")
    app = make_app(restore_url)
    result = app.test_cli_runner().invoke(args=["import-all", str(broken)])
    assert result.exit_code != 0 and f"line {len(lines)}" in result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SyncEntry)) == 0
        db.session.remove()
        db.engine.dispose()


def test_export_sees_one_moment_even_while_phones_sync(busy, login_as):
    """A sync committed while the dump is being written is wholly absent from it."""
    with busy.app_context():
        lines = dump_lines(db.engine)
        header = next(lines)  # the snapshot is taken here
        late = checkin_entry()
        response = login_as("peserta03").post("/api/v1/sync", json=sync_body([late]))
        assert response.status_code == 200
        rest = list(lines)
        again = list(dump_lines(db.engine))
    assert json.loads(header)["hadir_backup"] == 1
    assert late["id"] not in "".join(rest)
    assert late["id"] in "".join(again)
