"""BKPSDM's review queue: flagged check-ins and sync conflicts, and the decisions on them.

A flagged check-in (review_state "needs_review") is approved or rejected with a reason; a
reviewer may also correct an earlier decision. A check-in nobody flagged ("ok") is not theirs
to decide. A sync conflict (the same entry id uploaded again with other content) is marked
resolved: the stored record stays as it was, the other content stays kept for the record.
Every decision writes an AuditEvent with before and after, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from webapp.extensions import db
from webapp.models import CheckIn, Photo, SyncConflict, SyncEntry, Unit, User
from webapp.services import audit
from webapp.services.checkins import has_flag
from webapp.services.localtime import format_stamp
from webapp.services.refused import Refused
from webapp.vocabulary import DECISIONS, DEFAULT_TIMEZONE, REJECTED

REASON_MAX = 500
REJECT_REASON_MIN = 3
QUEUE_LIMIT = 100


@dataclass(frozen=True)
class QueueItem:
    id: int
    full_name: str
    username: str
    unit_code: str | None
    unit_name: str | None
    unit_lat: float | None
    unit_lon: float | None
    radius_m: float | None
    type: str
    local_time: str  # "dd-mm-YYYY HH:MM WIB"
    local_date: date
    received: str
    clock_offset_s: float
    late_minutes: int
    lat: float | None
    lon: float | None
    accuracy_m: float | None
    distance_m: float | None
    flags: list[str]
    photo_id: str | None  # only when the photo has arrived
    review_state: str


@dataclass(frozen=True)
class ConflictItem:
    id: int
    entry_id: str
    kind: str
    full_name: str
    username: str
    device_id: str
    received: str
    changes: list[tuple[str, object, object]]  # (field, stored, uploaded again)


def check_decision(state: str, decision: str, reason: str | None) -> str:
    """The cleaned reason, or Refused (422 bad input, 409 nothing to decide)."""
    reason = (reason or "").strip()
    if decision not in DECISIONS:
        raise Refused(422, "Keputusan harus disetujui atau ditolak.",
                      {"decision": ["Pilih approved atau rejected."]})
    if len(reason) > REASON_MAX:
        raise Refused(422, "Alasan terlalu panjang.",
                      {"reason": [f"Paling banyak {REASON_MAX} karakter."]})
    if decision == REJECTED and len(reason) < REJECT_REASON_MIN:
        raise Refused(422, "Tulis alasan penolakan.",
                      {"reason": ["Alasan wajib diisi untuk penolakan."]})
    if state == "ok":
        raise Refused(409, "Absen ini tidak ditandai untuk ditinjau.", None)
    return reason


def _review_fields(checkin: CheckIn) -> dict:
    return {"review_state": checkin.review_state, "review_note": checkin.review_note,
            "reviewed_by_id": checkin.reviewed_by_id,
            "reviewed_at": checkin.reviewed_at.isoformat() if checkin.reviewed_at else None}


def decide_checkin(checkin: CheckIn, reviewer_id: int, decision: str, reason: str | None,
                   now: datetime) -> CheckIn:
    """Apply a decision and audit it; the caller commits."""
    cleaned = check_decision(checkin.review_state, decision, reason)
    before = _review_fields(checkin)
    checkin.review_state = decision
    checkin.review_note = cleaned
    checkin.reviewed_by_id = reviewer_id
    checkin.reviewed_at = now
    after = {**_review_fields(checkin), "flags": list(checkin.flags or [])}
    audit.record(reviewer_id, "checkin.review", "checkin", checkin.id, before, after)
    return checkin


def resolve_conflict(conflict: SyncConflict, reviewer_id: int, reason: str | None) -> None:
    """Mark a sync conflict resolved and audit it; the caller commits."""
    cleaned = (reason or "").strip()
    if len(cleaned) > REASON_MAX:
        raise Refused(422, "Alasan terlalu panjang.",
                      {"reason": [f"Paling banyak {REASON_MAX} karakter."]})
    if conflict.resolved:
        raise Refused(409, "Konflik ini sudah diselesaikan.")
    conflict.resolved = True
    audit.record(reviewer_id, "sync_conflict.resolve", "sync_conflict", conflict.id,
                 {"resolved": False}, {"resolved": True, "reason": cleaned,
                                       "entry_id": conflict.entry_id})


def payload_changes(stored: dict, again: dict) -> list[tuple[str, object, object]]:
    """Fields that differ between two uploads of one entry (captured_at and data fields)."""
    def flat(payload: dict) -> dict:
        data = payload.get("data") if isinstance(payload.get("data"), dict) else {}
        return {"captured_at": payload.get("captured_at"), **data}

    old, new = flat(stored or {}), flat(again or {})
    return [(key, old.get(key), new.get(key)) for key in dict.fromkeys([*old, *new])
            if old.get(key) != new.get(key)]


# --- loading -------------------------------------------------------------------------------


def queue_filter(flag: str | None):
    condition = CheckIn.review_state == "needs_review"
    if flag:
        condition = condition & has_flag(flag)
    return condition


def load_queue(flag: str | None = None,
               limit: int = QUEUE_LIMIT) -> tuple[list[QueueItem], int]:
    """Flagged check-ins, oldest first, and how many there are in all (two statements)."""
    condition = queue_filter(flag)
    total = db.session.scalar(db.select(db.func.count(CheckIn.id)).where(condition))
    rows = db.session.execute(
        db.select(CheckIn, User.full_name, User.username, Unit.code, Unit.name, Unit.timezone,
                  Unit.latitude, Unit.longitude, Unit.geofence_radius_m,
                  Photo.id.label("photo_present"))
        .join(User, CheckIn.user_id == User.id)
        .outerjoin(Unit, CheckIn.unit_id == Unit.id)
        .outerjoin(Photo, (Photo.id == CheckIn.photo_id) & (Photo.user_id == CheckIn.user_id))
        .where(condition).order_by(CheckIn.corrected_at, CheckIn.id).limit(limit))
    items = []
    for c, full_name, username, code, name, tz, ulat, ulon, radius, photo in rows:
        tz = tz or DEFAULT_TIMEZONE
        items.append(QueueItem(
            id=c.id, full_name=full_name, username=username, unit_code=code, unit_name=name,
            unit_lat=ulat, unit_lon=ulon, radius_m=radius, type=c.type,
            local_time=format_stamp(c.corrected_at, tz), local_date=c.local_date,
            received=format_stamp(c.received_at, tz),
            clock_offset_s=c.clock_offset_s, late_minutes=c.late_minutes, lat=c.lat, lon=c.lon,
            accuracy_m=c.accuracy_m, distance_m=c.distance_m, flags=list(c.flags or []),
            photo_id=photo, review_state=c.review_state))
    return items, total


def queue_counts() -> tuple[int, int]:
    """(flagged check-ins waiting, unresolved sync conflicts)."""
    flagged = db.session.scalar(db.select(db.func.count(CheckIn.id)).where(queue_filter(None)))
    conflicts = db.session.scalar(db.select(db.func.count(SyncConflict.id)).where(
        SyncConflict.resolved.is_(False)))
    return flagged, conflicts


def load_conflicts(limit: int = QUEUE_LIMIT) -> list[ConflictItem]:
    """Unresolved sync conflicts, oldest first, with what changed (one statement)."""
    rows = db.session.execute(
        db.select(SyncConflict, SyncEntry.kind, SyncEntry.payload, User.full_name,
                  User.username, Unit.timezone)
        .join(SyncEntry, SyncConflict.entry_id == SyncEntry.id)
        .join(User, SyncConflict.user_id == User.id)
        .outerjoin(Unit, User.unit_id == Unit.id)
        .where(SyncConflict.resolved.is_(False))
        .order_by(SyncConflict.received_at, SyncConflict.id).limit(limit))
    return [ConflictItem(conflict.id, conflict.entry_id, kind, full_name, username,
                         conflict.device_id,
                         format_stamp(conflict.received_at, tz or DEFAULT_TIMEZONE),
                         payload_changes(stored, conflict.payload))
            for conflict, kind, stored, full_name, username, tz in rows]
