"""Deciding a pending request once (a leave request, a correction): what both share.

A decision is recorded by one conditional UPDATE (`state = 'pending'` in its WHERE), so of two
deciders racing each other - a supervisor's phone syncing while BKPSDM clicks - exactly one
wins and the other learns the standing decision; a read-then-write would let both win.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from webapp.extensions import db
from webapp.models import Correction, LeaveRequest, User
from webapp.services import audit
from webapp.vocabulary import PENDING


def is_direct_supervisor(user: User, official: User) -> bool:
    """`user` holds the supervisor role and is `official`'s atasan (never their own)."""
    return (user.has_role("supervisor") and official.id != user.id
            and official.supervisor_id == user.id)


def settle_once(actor: User, row, decision: str, note: str, now: datetime,
                snapshot: Callable[[object], dict], action: str, entity_type: str) -> bool:
    """Record `decision` on `row` if it is still pending; audited. False (and `row` refreshed
    to the standing decision) when it was decided already."""
    model = type(row)
    before = snapshot(row)
    result = db.session.execute(
        db.update(model).where(model.id == row.id, model.state == PENDING)
        .values(state=decision, decided_by_id=actor.id, decided_at=now,
                decision_note=note.strip())
        .execution_options(synchronize_session=False))
    db.session.refresh(row)
    if result.rowcount != 1:
        return False
    audit.record(actor.id, action, entity_type, row.id, before, snapshot(row))
    db.session.flush()
    return True


def supervisors_evidence(user: User, photo_id: str, photo_owner_id: int) -> bool:
    """Whether the photo is the evidence of a correction or leave request of `user`'s direct
    staff, who must be its uploader (so naming another's photo id reveals nothing): the atasan
    deciding it may see it."""
    owner = db.session.get(User, photo_owner_id)
    if owner is None or not is_direct_supervisor(user, owner):
        return False
    return any(db.session.scalar(db.select(model.id).where(
        model.photo_id == photo_id, model.user_id == photo_owner_id).limit(1)) is not None
        for model in (Correction, LeaveRequest))
