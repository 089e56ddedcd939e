"""The mail outbox, in-portal notifications and e-mail settings: this domain's own personal data.

A notification and an outbox message may name what they are about (`topic`, e.g.
"issue:42") and whom (`user_id`), so that when a person cuts their link to an issue
or deletes their account, everything that ties them to it can be found without
reading text (portal/notifications/privacy.py).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import TimestampMixin, UTCDateTime, utcnow
from portal.extensions import Model


class OutboxMessage(TimestampMixin, Model):
    """An e-mail waiting to be sent, written in the transaction of the change that causes it.

    If the mail server is down, nothing is lost: the worker retries later.
    A worker claims a message ("sending", its claim token, a lease) in a committed
    transaction before it sends it, so several workers never send the same message;
    a claim whose lease ran out (the worker died) is taken again.
    """

    __tablename__ = "outbox_message"

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    topic: Mapped[str | None] = mapped_column(sa.String(40))
    to_address: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(255))
    body_text: Mapped[str] = mapped_column(sa.Text)
    language: Mapped[str] = mapped_column(sa.String(2), default="nb")
    status: Mapped[str] = mapped_column(sa.String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim_token: Mapped[str | None] = mapped_column(sa.String(32))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (sa.Index("ix_outbox_message_due", "status", "next_attempt_at"),)


class Notification(TimestampMixin, Model):
    """An in-portal notification. Its text is rendered when shown, in the reader's language."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Where it leads: an endpoint and its arguments, turned into a URL when followed.
    endpoint: Mapped[str | None] = mapped_column(sa.String(60))
    endpoint_args: Mapped[dict | None] = mapped_column(sa.JSON, default=dict)
    topic: Mapped[str | None] = mapped_column(sa.String(40))
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        sa.Index("ix_notification_user_unread", "user_id", "read_at"),
        sa.Index("ix_notification_user_topic", "user_id", "topic"),
    )


class EmailPreference(Model):
    """A person's choice about one kind of e-mail; no row means the kind's default (on)."""

    __tablename__ = "email_preference"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    enabled: Mapped[bool] = mapped_column(default=True)

    __table_args__ = (sa.UniqueConstraint("user_id", "kind"),)
