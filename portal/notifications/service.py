"""Tell a person something: in the portal always, by e-mail if they want that kind."""

from __future__ import annotations

import sqlalchemy as sa

from portal.db import utcnow
from portal.extensions import db
from portal.notifications.kinds import KINDS, kinds_for
from portal.notifications.mail import mail_to_user
from portal.notifications.models import EmailPreference, Notification


def email_wanted(user, kind: str) -> bool:
    preference = db.session.scalar(
        sa.select(EmailPreference.enabled).where(
            EmailPreference.user_id == user.id, EmailPreference.kind == kind
        )
    )
    if preference is not None:
        return preference
    spec = KINDS.get(kind)
    return spec.email_default if spec else True


def notify(
    *,
    user,
    kind: str,
    params: dict | None = None,
    link: tuple[str, dict] | None = None,
    topic: str | None = None,
    mail_template: str | None = None,
    mail_context: dict | None = None,
) -> Notification | None:
    """Add an in-portal notification and, if the person wants this kind, an e-mail in the outbox.

    `link` is (endpoint, arguments) of the page it leads to; `topic` names what it is
    about ("issue:42"), so it can be removed with everything else about that topic.
    Flushes, never commits: both are written in the caller's transaction.
    Nothing is sent to deactivated or deleted accounts.
    """
    if user is None or not user.is_active:
        return None
    endpoint, endpoint_args = link if link is not None else (None, {})
    notification = Notification(
        user_id=user.id,
        kind=kind,
        params=params or {},
        endpoint=endpoint,
        endpoint_args=endpoint_args,
        topic=topic,
    )
    db.session.add(notification)
    if mail_template and email_wanted(user, kind):
        mail_to_user(user, mail_template, topic=topic, **(mail_context or {}))
    db.session.flush()
    return notification


def notification_url(notification: Notification) -> str | None:
    """Where a notification leads, or None if that page no longer exists."""
    from flask import url_for
    from werkzeug.routing import BuildError

    if not notification.endpoint:
        return None
    try:
        return url_for(notification.endpoint, **(notification.endpoint_args or {}))
    except BuildError:
        return None


def preferences_save(*, user, enabled_kinds: set[str]) -> None:
    existing = {
        p.kind: p
        for p in db.session.scalars(sa.select(EmailPreference).where(EmailPreference.user_id == user.id))
    }
    for kind in kinds_for(user):
        wanted = kind in enabled_kinds
        if kind in existing:
            existing[kind].enabled = wanted
        else:
            db.session.add(EmailPreference(user_id=user.id, kind=kind, enabled=wanted))
    db.session.flush()


def notifications_mark_read(*, user, notification_ids: list[int] | None = None) -> None:
    statement = sa.update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if notification_ids is not None:
        statement = statement.where(Notification.id.in_(notification_ids))
    db.session.execute(statement.values(read_at=utcnow()))


def unread_count(user) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        )
        or 0
    )
