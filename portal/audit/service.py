from __future__ import annotations

from portal.audit.models import AuditEvent
from portal.extensions import db


def audit_record(
    *, actor, action: str, target_type: str, target_id: int | None, before=None, after=None
) -> AuditEvent:
    """Write one audit event in the current transaction (flushes, does not commit)."""
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        before=before,
        after=after,
    )
    db.session.add(event)
    db.session.flush()
    return event
