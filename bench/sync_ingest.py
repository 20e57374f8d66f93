"""Sync ingest: entries/s through POST /api/v1/sync in batches of 200, full stack through the
Flask test client (cookie session, CSRF, JSON, validation, flags, idempotency, response), against
plain executemany inserts of the same rows into the same database engine."""

import json
import random
import time
from pathlib import Path

from bench.appdb import bench_app, prepare_database
from bench.workload import BATCH, entries_for, sync_body
from webapp.demo import DEMO_PASSWORD
from webapp.extensions import db
from webapp.models import CheckIn, SyncEntry

ACCEPT = {"Accept-Encoding": "br, gzip"}  # what a phone's browser sends
DEVICE = "bench-device"


def _login(client, username: str) -> str:
    token = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    reply = client.post("/api/v1/auth/login", headers={"X-CSRFToken": token},
                        json={"username": username, "password": DEMO_PASSWORD})
    assert reply.status_code == 200, reply.get_data(as_text=True)
    return reply.get_json()["csrf_token"]


def _post_all(client, token: str, bodies: list[bytes]) -> tuple[float, list]:
    headers = {"X-CSRFToken": token, "Content-Type": "application/json", **ACCEPT}
    replies = []
    started = time.perf_counter()
    for body in bodies:
        replies.append(client.post("/api/v1/sync", data=body, headers=headers))
    return time.perf_counter() - started, replies


def _statuses(replies) -> dict[str, int]:
    counts: dict[str, int] = {}
    for reply in replies:
        assert reply.status_code == 200, reply.status_code
        raw = reply.get_data()
        if reply.headers.get("Content-Encoding") == "br":
            import brotli
            raw = brotli.decompress(raw)
        elif reply.headers.get("Content-Encoding") == "gzip":
            import gzip
            raw = gzip.decompress(raw)
        for result in json.loads(raw)["results"]:
            counts[result["status"]] = counts.get(result["status"], 0) + 1
    return counts


def _stored_rows(app) -> tuple[list[dict], list[dict]]:
    with app.app_context():
        receipts = [dict(r._mapping) for r in db.session.execute(
            db.select(SyncEntry.__table__).where(SyncEntry.device_id == DEVICE)
            .order_by(SyncEntry.received_at, SyncEntry.id))]
        checkins = [dict(r._mapping) for r in db.session.execute(
            db.select(CheckIn.__table__).join(SyncEntry, CheckIn.entry_id == SyncEntry.id)
            .where(SyncEntry.device_id == DEVICE).order_by(CheckIn.id))]
    for row in checkins:
        row.pop("id")
    return receipts, checkins


def _driver_batches(dialect, table, rows: list[dict]) -> tuple[str, list]:
    """The INSERT as the driver sees it, and the rows already converted to driver values
    (UTC datetimes, JSON text), so the timed loop does nothing but executemany."""
    columns = list(rows[0])
    compiled = table.insert().compile(dialect=dialect, column_keys=columns)
    processors = {}
    for name in columns:
        column_type = table.c[name].type.dialect_impl(dialect)
        processors[name] = column_type.bind_processor(dialect) or (lambda value: value)
    converted = [{name: processors[name](row[name]) for name in columns} for row in rows]
    if compiled.positional:
        order = compiled.positiontup
        return compiled.string, [tuple(row[name] for name in order) for row in converted]
    return compiled.string, converted


def _executemany(app, receipts: list[dict], checkins: list[dict]) -> float:
    """The same rows, 200 at a time, straight through the driver: one executemany per table and
    one commit per batch, as a sync request does."""
    checkin_of = {row["entry_id"]: row for row in checkins}
    checkins = [checkin_of[r["id"]] for r in receipts]
    with app.app_context():
        engine = db.engine
        receipt_sql, receipt_params = _driver_batches(engine.dialect, SyncEntry.__table__,
                                                      receipts)
        checkin_sql, checkin_params = _driver_batches(engine.dialect, CheckIn.__table__,
                                                      checkins)
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            started = time.perf_counter()
            for i in range(0, len(receipts), BATCH):
                cursor.executemany(receipt_sql, receipt_params[i:i + BATCH])
                cursor.executemany(checkin_sql, checkin_params[i:i + BATCH])
                connection.commit()
            elapsed = time.perf_counter() - started
            cursor.close()
        finally:
            connection.close()
        return elapsed


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def run(backend: str, url_for_db, entries: int = 10_000, seed: int = 8) -> dict:
    """url_for_db(name) gives a fresh empty database URL of this backend."""
    rng = random.Random(seed)
    sync_app = bench_app(url_for_db("hadir_bench_sync"))
    prepare_database(sync_app)
    client = sync_app.test_client()
    token = _login(client, "peserta01")
    with sync_app.app_context():
        from webapp.models import User
        unit = db.session.scalar(db.select(User).filter_by(username="peserta01")).unit
        office = (unit.latitude, unit.longitude)
    outbox = entries_for(rng, office, entries)
    bodies = [sync_body(outbox[i:i + BATCH], DEVICE) for i in range(0, entries, BATCH)]

    # Warm up code paths and caches on a separate batch (not counted, not in the rows).
    _post_all(client, token, [sync_body(entries_for(rng, office, BATCH), "warm-up")])
    with sync_app.app_context():
        warm_up = db.select(SyncEntry.id).where(SyncEntry.device_id == "warm-up")
        db.session.execute(db.delete(CheckIn).where(CheckIn.entry_id.in_(warm_up)))
        db.session.execute(db.delete(SyncEntry).where(SyncEntry.device_id == "warm-up"))
        db.session.commit()
    before = _count(sync_app, CheckIn)

    sync_s, replies = _post_all(client, token, bodies)
    created = _statuses(replies)
    resend_s, replies = _post_all(client, token, bodies)
    duplicates = _statuses(replies)
    stored = _count(sync_app, CheckIn) - before
    receipts, checkins = _stored_rows(sync_app)
    with sync_app.app_context():
        db.engine.dispose()

    raw_app = bench_app(url_for_db("hadir_bench_raw"))
    prepare_database(raw_app)
    raw_before = _count(raw_app, CheckIn)
    raw_s = _executemany(raw_app, receipts, checkins)
    raw_stored = _count(raw_app, CheckIn) - raw_before
    with raw_app.app_context():
        db.engine.dispose()

    return {"backend": backend, "entries": entries, "batch": BATCH,
            "sync_s": sync_s, "sync_rate": entries / sync_s,
            "resend_s": resend_s, "resend_rate": entries / resend_s,
            "raw_s": raw_s, "raw_rate": entries / raw_s,
            "ratio": (entries / sync_s) / (entries / raw_s),
            "created": created, "duplicates": duplicates,
            "stored": stored, "raw_stored": raw_stored}


def sqlite_urls(tmp: Path):
    def url_for_db(name: str) -> str:
        return f"sqlite:///{tmp / (name + '.sqlite3')}"
    return url_for_db
