from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from portal.db import utcnow
from portal.extensions import db
from portal.notifications.models import Notification, OutboxMessage


def purge_mail_and_notifications(*, days: int, now=None) -> tuple[int, int]:
    """Delete sent or failed mail and read notifications older than `days`. Returns the two counts."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    mail = db.session.execute(
        sa.delete(OutboxMessage).where(
            OutboxMessage.status.in_((OutboxMessage.SENT, OutboxMessage.FAILED)),
            OutboxMessage.created_at < cutoff,
        )
    ).rowcount
    notes = db.session.execute(
        sa.delete(Notification).where(Notification.read_at.is_not(None), Notification.created_at < cutoff)
    ).rowcount
    return mail, notes
