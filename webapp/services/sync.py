"""Ingest one sync batch exactly once per entry.

Each entry gets one result, in order:
- `created`   stored now;
- `duplicate` this id was stored before with the same content (a retry after a lost reply);
- `conflict`  this id was stored before with other content (the new content is kept in
              SyncConflict for review, never dropped); or the entry is stored but a value it
              edits changed after the value the user saw (its `base`): the stored value stays
              and the edit's is kept as an EditConflict for the coach to settle;
- `rejected`  invalid; `errors` says why per field; nothing is stored, so the user can fix it;
- `error`     a server fault hit this entry; nothing is stored and the phone keeps it queued.

Idempotency rests on the receipt table's primary key (the client's UUID): receipts are inserted
with ON CONFLICT DO NOTHING, so two uploads of one entry racing each other store one row and the
loser reports `duplicate`. The fast path writes a whole batch in a few bulk statements; if that
fails, the entries are retried one by one, each in its own savepoint, so one bad row cannot take
the others down with it.
"""

import hashlib
import json
import logging
from collections import defaultdict
from datetime import datetime

import marshmallow as ma
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from webapp.db_busy import database_busy
from webapp.extensions import db
from webapp.models import SyncConflict, SyncEntry, User
from webapp.schemas.sync import EntrySchema
from webapp.services.clock import clock_offset, corrected
from webapp.services.sync_kinds import HANDLERS, Conflicted, Entry, Rejected, SyncContext

log = logging.getLogger(__name__)
_entry_schema = EntrySchema()
ID_TAKEN = "ID catatan ini sudah dipakai oleh pengguna lain; buat catatan baru."
SERVER_FAULT = "Server gagal menyimpan catatan ini; akan dicoba lagi otomatis."
# A batch is stored one kind at a time (bulk statements). A session log is judged against the
# marks of its session, so marks go first whatever order the coach queued them in.
# A project is stored before the reports, reviews and stops that name it.
STORE_ORDER = ("checkin", "leave", "correction", "leave_decision", "correction_decision",
               "self_attend", "mark", "session_log",
               "project", "project_report", "project_review", "project_stop")


def payload_hash(payload: dict) -> str:
    """Hash of what the entry says (not its id), stable across key order and re-sends."""
    content = {k: payload.get(k) for k in ("kind", "captured_at", "data")}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _parse(raw, ctx: SyncContext) -> Entry | Rejected:
    if not isinstance(raw, dict):
        return Rejected({"_entry": ["Catatan harus berupa objek JSON."]})
    try:
        envelope = _entry_schema.load(raw)
    except ma.ValidationError as error:
        return Rejected(error.messages_dict)
    handler = HANDLERS.get(envelope["kind"])
    if handler is None:
        return Rejected({"kind": [f"Jenis catatan tidak dikenal: {envelope['kind']}."]})
    try:
        data = handler.schema.load(envelope["data"])
    except ma.ValidationError as error:
        return Rejected(error.messages_dict)
    return Entry(id=str(envelope["id"]), kind=envelope["kind"],
                 captured_at=envelope["captured_at"],
                 corrected_at=corrected(envelope["captured_at"], ctx.offset), data=data,
                 payload=raw, payload_hash=payload_hash(raw))


def _raw_id(raw) -> str | None:
    value = raw.get("id") if isinstance(raw, dict) else None
    return str(value) if isinstance(value, str | int) else None


def ingest(user: User, device_id: str, sent_at: datetime, raw_entries: list,
           received_at: datetime, config: dict | None = None) -> list[dict]:
    ctx = SyncContext(user=user, device_id=device_id, received_at=received_at,
                      offset=clock_offset(sent_at, received_at), config=config or {})
    results: list[dict | None] = [None] * len(raw_entries)
    parsed: dict[int, Entry] = {}
    for i, raw in enumerate(raw_entries):
        outcome = _parse(raw, ctx)
        if isinstance(outcome, Rejected):
            results[i] = {"id": _raw_id(raw), "status": "rejected", "errors": outcome.errors}
        else:
            parsed[i] = outcome

    fresh, repeats = _settle_known(ctx, parsed, results)
    by_kind: dict[str, list[int]] = defaultdict(list)
    for i in fresh:
        by_kind[parsed[i].kind].append(i)
    for kind in sorted(by_kind, key=STORE_ORDER.index):
        _store_kind(ctx, HANDLERS[kind], [(i, parsed[i]) for i in by_kind[kind]], results)
    _settle_repeats(ctx, parsed, repeats, results)
    # Ids are stored normalised (a UUID in lower case) but answered as the phone wrote them:
    # it matches results to its outbox by that exact string.
    for i, raw in enumerate(raw_entries):
        if (raw_id := _raw_id(raw)) is not None:
            results[i]["id"] = raw_id
    return results


def _settle_known(ctx: SyncContext, parsed: dict[int, Entry],
                  results: list) -> tuple[list[int], dict[int, int]]:
    """Answer entries whose id is already stored. Return the indexes still to store, and the
    repeats of an id within this batch (index -> index of its first copy), answered later."""
    ids = {entry.id for entry in parsed.values()}
    known = {r.id: r for r in db.session.scalars(
        db.select(SyncEntry).where(SyncEntry.id.in_(ids)))} if ids else {}
    fresh, first_in_batch, repeats = [], {}, {}
    for i, entry in parsed.items():
        if entry.id in known:
            continue
        if entry.id in first_in_batch:
            repeats[i] = first_in_batch[entry.id]
            continue
        first_in_batch[entry.id] = i
        fresh.append(i)
    _answer_known(ctx, [(i, e) for i, e in parsed.items() if e.id in known], known, results)
    return fresh, repeats


def _settle_repeats(ctx: SyncContext, parsed: dict[int, Entry], repeats: dict[int, int],
                    results: list) -> None:
    """A repeat is a duplicate or conflict of its stored first copy, or shares its fate."""
    if not repeats:
        return
    known = {r.id: r for r in db.session.scalars(db.select(SyncEntry).where(
        SyncEntry.id.in_({parsed[i].id for i in repeats})))}
    stored = [(i, parsed[i]) for i in repeats if parsed[i].id in known]
    _answer_known(ctx, stored, known, results)
    for i, first in repeats.items():
        if parsed[i].id not in known:
            results[i] = {**results[first]}


def _answer_known(ctx: SyncContext, items: list[tuple[int, Entry]], known: dict[str, SyncEntry],
                  results: list) -> None:
    duplicates_by_kind: dict[str, list[str]] = defaultdict(list)
    for i, entry in items:
        receipt = known[entry.id]
        if receipt.user_id != ctx.user.id:
            results[i] = {"id": entry.id, "status": "rejected", "errors": {"id": [ID_TAKEN]}}
        elif receipt.payload_hash == entry.payload_hash:
            results[i] = {"id": entry.id, "status": "duplicate"}
            duplicates_by_kind[receipt.kind].append(entry.id)
        else:
            results[i] = {"id": entry.id, "status": "conflict"}
            _keep_conflict(ctx, entry)
    for kind, ids in duplicates_by_kind.items():
        records = HANDLERS[kind].records(ctx, ids)
        for i, entry in items:
            if entry.id in records and results[i]["status"] == "duplicate":
                results[i]["record"] = records[entry.id]


def _keep_conflict(ctx: SyncContext, entry: Entry) -> None:
    already = db.session.scalar(db.select(SyncConflict.id).where(
        SyncConflict.entry_id == entry.id, SyncConflict.payload_hash == entry.payload_hash))
    if already is None:
        db.session.add(SyncConflict(entry_id=entry.id, user_id=ctx.user.id,
                                    device_id=ctx.device_id, payload_hash=entry.payload_hash,
                                    payload=entry.payload, received_at=ctx.received_at))
        db.session.flush()


def _store_kind(ctx: SyncContext, handler, items: list[tuple[int, Entry]], results: list) -> None:
    verdicts = handler.judge(ctx, [entry for _, entry in items])
    planned = []
    for (i, entry), verdict in zip(items, verdicts, strict=True):
        if isinstance(verdict, Rejected):
            results[i] = {"id": entry.id, "status": "rejected", "errors": verdict.errors}
        else:
            planned.append((i, entry, verdict))
    if not planned:
        return
    try:
        with db.session.begin_nested():
            _write(ctx, handler, planned, results)
    except SQLAlchemyError as error:
        if database_busy(error):
            # Another writer holds SQLite's lock: one by one, every entry would wait for it
            # again. The whole batch is answered 503 + Retry-After and resent later.
            raise
        log.warning("bulk sync write failed for %d %s entries; retrying one by one",
                    len(planned), handler.kind, exc_info=True)
        for item in planned:
            try:
                with db.session.begin_nested():
                    _write(ctx, handler, [item], results)
            except SQLAlchemyError:
                log.exception("sync entry %s could not be stored", item[1].id)
                results[item[0]] = {"id": item[1].id, "status": "error",
                                    "errors": {"_server": [SERVER_FAULT]}}


def _write(ctx: SyncContext, handler, planned: list[tuple[int, Entry, object]],
           results: list) -> None:
    stored = _insert_receipts(ctx, [entry for _, entry, _ in planned])
    raced = [(i, entry) for i, entry, _ in planned if entry.id not in stored]
    mine = [(i, entry, plan) for i, entry, plan in planned if entry.id in stored]
    records = handler.write(ctx, [(entry, plan) for _, entry, plan in mine]) if mine else []
    for (i, entry, _), record in zip(mine, records, strict=True):
        results[i] = {"id": entry.id, "record": dict(record),
                      "status": "conflict" if isinstance(record, Conflicted) else "created"}
    if raced:
        # Another request stored these ids between our read and our insert.
        known = {r.id: r for r in db.session.scalars(
            db.select(SyncEntry).where(SyncEntry.id.in_([e.id for _, e in raced])))}
        _answer_known(ctx, raced, known, results)


def _insert_receipts(ctx: SyncContext, entries: list[Entry]) -> set[str]:
    """Insert receipts, skipping ids that exist; return the ids this call stored."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    rows = [{"id": e.id, "user_id": ctx.user.id, "device_id": ctx.device_id, "kind": e.kind,
             "payload_hash": e.payload_hash, "payload": e.payload, "captured_at": e.captured_at,
             "received_at": ctx.received_at} for e in entries]
    # One statement with the rows as parameters (not baked into .values()), so its compiled
    # form is cached and SQLAlchemy sends the batch as multi-row INSERTs ("insertmanyvalues").
    receipts = SyncEntry.__table__
    statement = (insert(receipts).on_conflict_do_nothing(index_elements=["id"])
                 .returning(receipts.c.id))
    return set(db.session.execute(statement, rows).scalars())
