"""Wrong session codes, counted per participant and session, and codes kept for the coach.

A 6-digit code can be guessed given enough tries, so only SESSION_CODE_ATTEMPTS (default 10)
wrong codes per participant per session are ever judged; after that their codes for the session
are refused (`too_many_attempts`) and the coach marks them by hand. One attempt is one entry:
the same entry sent again (a retry after a lost reply) is answered from what was kept, neither
judged nor counted again; an entry whose content changed is a new attempt.

The count is one row per (session, participant), raised by a conditional UPDATE before a code is
judged, so concurrent batches cannot judge more than the limit between them; a right code gives
its slot back. It is written while the batch is judged and committed with it, whatever the
entries' verdicts.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite

from webapp.extensions import db
from webapp.models import CodeAttempts, CodeClaim

DEFAULT_ATTEMPTS = 10
WRONG = "wrong"
LATE_SYNC = "late_sync"


def _insert(table):
    """INSERT that can skip existing rows (ON CONFLICT DO NOTHING) on either backend."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def limit(config: Mapping) -> int:
    return int(config.get("SESSION_CODE_ATTEMPTS", DEFAULT_ATTEMPTS))


def known_wrong(user_id: int, entries: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """(entry id, payload hash) pairs among these already judged wrong for this user."""
    entries = set(entries)
    if not entries:
        return set()
    rows = db.session.execute(db.select(CodeClaim.entry_id, CodeClaim.payload_hash).where(
        CodeClaim.user_id == user_id, CodeClaim.outcome == WRONG,
        CodeClaim.entry_id.in_({entry_id for entry_id, _ in entries})))
    return {tuple(row) for row in rows} & entries


def reserve(session_id: int, user_id: int, most: int) -> bool:
    """Take one attempt for judging a code; False when `most` wrong codes were judged already."""
    db.session.execute(_insert(CodeAttempts.__table__).values(
        session_id=session_id, user_id=user_id, wrong=0).on_conflict_do_nothing())
    counts = CodeAttempts.__table__.c
    taken = db.session.execute(db.update(CodeAttempts.__table__).where(
        counts.session_id == session_id, counts.user_id == user_id, counts.wrong < most)
        .values(wrong=counts.wrong + 1))
    return taken.rowcount == 1


def give_back(session_id: int, user_id: int) -> None:
    """The code was right: it does not count against the participant."""
    counts = CodeAttempts.__table__.c
    db.session.execute(db.update(CodeAttempts.__table__).where(
        counts.session_id == session_id, counts.user_id == user_id)
        .values(wrong=counts.wrong - 1))


def keep(session_id: int, user_id: int, entry_id: str, payload_hash: str, outcome: str,
         at: datetime, received_at: datetime, status: str | None = None,
         reason: str = "") -> bool:
    """Keep a judged code; False when this very entry was kept already (sent twice at once)."""
    claims = CodeClaim.__table__
    kept = db.session.execute(_insert(claims).values(
        session_id=session_id, user_id=user_id, entry_id=entry_id, payload_hash=payload_hash,
        outcome=outcome, at=at, status=status, reason=reason, received_at=received_at)
        .on_conflict_do_nothing().returning(claims.c.id))
    return kept.scalar() is not None


def late_entries(entry_ids: list[str]) -> set[str]:
    """Entry ids among these kept as `late_sync` (for their records when sent again)."""
    if not entry_ids:
        return set()
    return set(db.session.scalars(db.select(CodeClaim.entry_id).where(
        CodeClaim.entry_id.in_(entry_ids), CodeClaim.outcome == LATE_SYNC)))


def roster_view(session_id: int, most: int) -> list[dict]:
    """Per participant with something to show the coach: wrong codes so far, whether their
    codes are now refused, and their earliest right code kept as `late_sync`."""
    view: dict[int, dict] = {}

    def of(user_id: int) -> dict:
        return view.setdefault(user_id, {"user_id": user_id, "wrong": 0, "locked": False,
                                         "late": None})

    for row in db.session.scalars(db.select(CodeAttempts).where(
            CodeAttempts.session_id == session_id, CodeAttempts.wrong > 0)):
        of(row.user_id).update(wrong=row.wrong, locked=row.wrong >= most)
    for claim in db.session.scalars(db.select(CodeClaim).where(
            CodeClaim.session_id == session_id, CodeClaim.outcome == LATE_SYNC)
            .order_by(CodeClaim.at)):
        entry = of(claim.user_id)
        if entry["late"] is None:
            entry["late"] = {"at": claim.at.isoformat(), "status": claim.status,
                             "reason": claim.reason}
    return sorted(view.values(), key=lambda v: v["user_id"])
