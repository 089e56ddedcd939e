"""The personal data this domain holds: notifications, queued and sent mail, e-mail settings.

Registered with the privacy registry (download my data, delete my account), and
erased by topic when an author cuts the link to an issue.
"""

from __future__ import annotations

import sqlalchemy as sa

from portal.accounts.privacy import register_personal_data
from portal.extensions import db
from portal.notifications.models import EmailPreference, Notification, OutboxMessage
from portal.signals import author_unlinked


def issue_topic(issue) -> str:
    return f"issue:{issue.id}"


def export(user) -> dict:
    notifications = db.session.scalars(
        sa.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    ).all()
    preferences = db.session.scalars(
        sa.select(EmailPreference).where(EmailPreference.user_id == user.id)
    ).all()
    mail = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.user_id == user.id).order_by(OutboxMessage.id)
    ).all()
    return {
        "notifications": [
            {
                "kind": n.kind,
                "params": n.params,
                "created_at": n.created_at.isoformat(),
                "read": n.read_at is not None,
            }
            for n in notifications
        ],
        "email_preferences": {p.kind: p.enabled for p in preferences},
        "email": [
            {"subject": m.subject, "status": m.status, "created_at": m.created_at.isoformat()} for m in mail
        ],
    }


def erase(user) -> None:
    db.session.execute(sa.delete(Notification).where(Notification.user_id == user.id))
    db.session.execute(sa.delete(EmailPreference).where(EmailPreference.user_id == user.id))
    db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.user_id == user.id))


@author_unlinked.connect
def _forget_the_issue(issue, user, **_extra) -> None:
    """Everything that ties the former author to the issue goes: notices, and mail queued or sent."""
    topic = issue_topic(issue)
    db.session.execute(
        sa.delete(Notification).where(Notification.user_id == user.id, Notification.topic == topic)
    )
    db.session.execute(
        sa.delete(OutboxMessage).where(OutboxMessage.user_id == user.id, OutboxMessage.topic == topic)
    )


register_personal_data("notifications", export=export, erase=erase)
