"""Reads for notifications."""

from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.notifications.models import Notification


def notifications_of(user) -> sa.Select:
    """A person's notifications, newest first (for pagination)."""
    return sa.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id.desc())


def own_notification(user, notification_id: int) -> Notification | None:
    """One of the person's own notifications; None for anyone else's or an unknown id."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        return None
    return notification
