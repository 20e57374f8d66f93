"""Write audit events in the caller's transaction, so a change and its record commit together."""

from webapp.extensions import db
from webapp.models import AuditEvent


def record(actor_id: int | None, action: str, entity_type: str, entity_id,
           before: dict | None = None, after: dict | None = None) -> AuditEvent:
    event = AuditEvent(actor_id=actor_id, action=action, entity_type=entity_type,
                       entity_id=str(entity_id), before=before, after=after)
    db.session.add(event)
    return event
