from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from portal.db import rows_changed, utcnow
from portal.notifications.models import Notification, OutboxMessage


def purge_mail_and_notifications(*, days: int, now=None) -> tuple[int, int]:
    """Delete sent or failed mail and read notifications older than `days`. Returns the two counts."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    mail = rows_changed(
        sa.delete(OutboxMessage).where(
            OutboxMessage.status.in_((OutboxMessage.SENT, OutboxMessage.FAILED)),
            OutboxMessage.created_at < cutoff,
        )
    )
    notes = rows_changed(
        sa.delete(Notification).where(Notification.read_at.is_not(None), Notification.created_at < cutoff)
    )
    return mail, notes
