"""Edits made on a stale view: keep both values, never silently replace the newer one.

A coach's phone sends, with each mark or session-log field, the value the coach saw (`base`).
If the stored value changed after that (another phone, or an earlier edit the stale page did
not show) and the edit would change it again, the stored value stays, the edit's value is kept
as an open EditConflict, and the sync answers `conflict`. The coach's page shows both; picking
one is a new edit with a fresh base, which resolves the open conflicts of that field.
"""

from datetime import datetime

from webapp.extensions import db
from webapp.models import EditConflict, User

STATUS, SKILLS, TOPIC, NOTES = "status", "skills", "topic", "notes"


def overridden(stored, seen, wanted) -> bool:
    """Whether an edit from `seen` to `wanted` would silently replace a newer `stored` value."""
    return stored != seen and stored != wanted


def keep(entry_id: str, session_id: int, subject_id: int | None, field: str, value, stored,
         sent_by_id: int, received_at: datetime) -> None:
    db.session.add(EditConflict(entry_id=entry_id, session_id=session_id, subject_id=subject_id,
                                field=field, value=value, stored=stored, sent_by_id=sent_by_id,
                                received_at=received_at))


def resolve(session_id: int, subject_id: int | None, field: str, entry_id: str,
            at: datetime) -> None:
    """A fresh edit of this field settles its open conflicts."""
    db.session.execute(db.update(EditConflict).where(
        EditConflict.session_id == session_id, EditConflict.field == field,
        EditConflict.subject_id.is_(None) if subject_id is None
        else EditConflict.subject_id == subject_id,
        EditConflict.resolved_at.is_(None)).values(resolved_at=at, resolved_by_entry=entry_id))


def open_conflicts(session_id: int, subject_id: int | None = None) -> list[dict]:
    """Open conflicts of a session (only one participant's when `subject_id` is given)."""
    query = (db.select(EditConflict, User.full_name)
             .join(User, EditConflict.sent_by_id == User.id)
             .where(EditConflict.session_id == session_id, EditConflict.resolved_at.is_(None))
             .order_by(EditConflict.id))
    if subject_id is not None:
        query = query.where(EditConflict.subject_id == subject_id)
    db.session.flush()
    return [{"id": c.id, "field": c.field, "user_id": c.subject_id, "value": c.value,
             "stored": c.stored, "sent_by": name, "received_at": c.received_at.isoformat()}
            for c, name in db.session.execute(query)]
