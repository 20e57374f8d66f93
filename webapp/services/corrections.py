"""Corrections (koreksi absen): a forgotten or failed check-in or check-out.

Rules of a request (`request_problems`, pure):
- the day and time are the official's unit's wall clock, and not later than the moment the
  phone recorded the request (one cannot correct a check-in that has not happened yet);
- at most one open (pending or approved) correction per day and type;
- at most `limit` open corrections per calendar month of the corrected day (setting
  CORRECTIONS_PER_MONTH); a rejected one gives its place back.

A decision is final and made once, by the official's direct supervisor (who holds the
`supervisor` role) or a reviewer; a rejection says why. Request and decision are audited.
Approved, a correction counts in the recap as a check-in at its time, marked koreksi.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time

from webapp.extensions import db
from webapp.models import Correction, User
from webapp.services.decisions import is_direct_supervisor, settle_once
from webapp.services.refused import Refused
from webapp.vocabulary import APPROVED, CHECKIN_TYPES, LEAVE_STATES, PENDING

OPEN_STATES = (PENDING, APPROVED)
DEFAULT_PER_MONTH = 3
# A correction is decided like a leave request, and is for a check-in or a check-out.
STATE_LABELS = LEAVE_STATES.labels
TYPE_LABELS = {value: label.capitalize() for value, label in CHECKIN_TYPES.labels.items()}
NOT_YOURS = "Koreksi tidak ditemukan, atau bukan wewenang Anda."
ALREADY_DECIDED = "Koreksi ini sudah diputuskan."


def per_month(config) -> int:
    return int(config.get("CORRECTIONS_PER_MONTH", DEFAULT_PER_MONTH))


def request_problems(day: date, type_: str, local_time: time, recorded_local: datetime,
                     open_requests: Iterable[tuple[date, str]], limit: int) -> dict[str, str]:
    """Field errors of one request; `open_requests` are the official's open (day, type)
    pairs, those stored and those earlier in the same batch."""
    if datetime.combine(day, local_time) > recorded_local.replace(tzinfo=None):
        return {"time": "Koreksi hanya untuk waktu yang sudah lewat."}
    taken = list(open_requests)
    if (day, type_) in taken:
        return {"date": "Sudah ada koreksi untuk hari dan jenis absen ini."}
    in_month = sum(1 for d, _ in taken if (d.year, d.month) == (day.year, day.month))
    if in_month >= limit:
        return {"date": f"Batas koreksi bulan ini ({limit} kali) sudah tercapai."}
    return {}


def open_requests(user_id: int, days: Iterable[date]) -> list[tuple[date, str]]:
    """(day, type) of the user's open corrections in the months of `days`."""
    months = {(d.year, d.month) for d in days}
    if not months:
        return []
    first = min(date(y, m, 1) for y, m in months)
    rows = db.session.execute(db.select(Correction.day, Correction.type).where(
        Correction.user_id == user_id, Correction.state.in_(OPEN_STATES),
        Correction.day >= first))
    return [(d, t) for d, t in rows if (d.year, d.month) in months]


def snapshot(correction: Correction) -> dict:
    return {"user_id": correction.user_id, "date": correction.day.isoformat(),
            "type": correction.type, "time": correction.local_time.strftime("%H:%M"),
            "state": correction.state, "decided_by_id": correction.decided_by_id,
            "decided_at": correction.decided_at.isoformat() if correction.decided_at else None,
            "decision_note": correction.decision_note}


def can_decide(user: User, correction: Correction) -> bool:
    return user.has_role("reviewer") or is_direct_supervisor(user, correction.user)


def check_decider(actor: User, correction: Correction | None) -> None:
    """Refuse a decider who may not decide `correction` (404: as if it did not exist)."""
    if correction is None or not can_decide(actor, correction):
        raise Refused(404, NOT_YOURS)


def settle(actor: User, correction: Correction, decision: str, note: str,
           now: datetime) -> int | None:
    """Decide a correction `actor` may decide; None when it was decided already, else the
    other records it changed (none: the recap reads corrections as they are)."""
    decided = settle_once(actor, correction, decision, note, now, snapshot,
                          "correction.decide", "correction")
    return 0 if decided else None


def decide(actor: User, correction_id: int, decision: str, note: str,
           now: datetime) -> Correction:
    correction = db.session.get(Correction, correction_id)
    check_decider(actor, correction)
    if settle(actor, correction, decision, note, now) is None:
        raise Refused(409, ALREADY_DECIDED)
    return correction


def visible(user: User, state: str | None = None, limit: int = 200) -> list[Correction]:
    """Own corrections; a supervisor's also those of their direct staff; a reviewer's all.
    Pending first (oldest first), then the rest newest first."""
    statement = db.select(Correction)
    if not user.has_role("reviewer"):
        mine = Correction.user_id == user.id
        if user.has_role("supervisor"):
            staff = db.select(User.id).where(User.supervisor_id == user.id)
            mine = mine | Correction.user_id.in_(staff)
        statement = statement.where(mine)
    if state is not None:
        statement = statement.where(Correction.state == state)
    pending = statement.where(Correction.state == PENDING).order_by(Correction.created_at)
    rest = statement.where(Correction.state != PENDING).order_by(
        Correction.created_at.desc()).limit(limit)
    return list(db.session.scalars(pending.limit(limit))) + list(db.session.scalars(rest))


def own(user: User, limit: int = 50) -> list[Correction]:
    """The official's own corrections, newest first."""
    return list(db.session.scalars(db.select(Correction).where(Correction.user_id == user.id)
                                   .order_by(Correction.created_at.desc()).limit(limit)))
