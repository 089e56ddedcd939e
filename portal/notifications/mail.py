"""Mail: render in the recipient's language, enqueue in the outbox, send with retries."""

from __future__ import annotations

import smtplib
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import sqlalchemy as sa
from flask import current_app

from portal.db import utcnow
from portal.extensions import db
from portal.i18n import in_language
from portal.notifications.models import OutboxMessage


def mail_enqueue(
    *, to: str, subject: str, body: str, language: str, user_id: int | None = None, topic: str | None = None
) -> OutboxMessage:
    """Put one message in the outbox, in the caller's transaction (flushes, never commits).

    `user_id` and `topic` say whom and what it concerns, so it can be erased with them."""
    message = OutboxMessage(
        to_address=to,
        subject=subject.replace("\n", " ")[:255],
        body_text=body,
        language=language,
        user_id=user_id,
        topic=topic,
    )
    db.session.add(message)
    db.session.flush()
    return message


def mail_to_user(user, template: str, *, topic: str | None = None, **context) -> OutboxMessage | None:
    """Render a mail template in the user's language and enqueue it.

    The template (e.g. "accounts/mail/verify_email.txt") sets its subject with
    `{% set subject %}…{% endset %}` at the top; the rest is the body.
    """
    if not user.email or user.deleted_at is not None:
        return None
    with in_language(user.locale):
        subject, body = render_mail(template, recipient=user, **context)
    return mail_enqueue(
        to=user.email, subject=subject, body=body, language=user.locale, user_id=user.id, topic=topic
    )


def render_mail(template: str, **context) -> tuple[str, str]:
    module = current_app.jinja_env.get_template(template).make_module(context)
    body = str(module).strip() + "\n"
    subject = str(getattr(module, "subject", "")).strip()
    return subject, body


def _backoff(attempts: int) -> timedelta:
    # 1, 2, 4, 8 … minutes, at most six hours between tries.
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def _build(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = format_datetime(utcnow())
    email["Message-ID"] = make_msgid(domain="laeringsmiljo.portal")
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(message.body_text)
    # After set_content, which replaces every Content-* header.
    email["Content-Language"] = message.language
    return email


def _connect() -> smtplib.SMTP:
    config = current_app.config
    smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20)
    if config["MAIL_USE_TLS"]:
        smtp.starttls()
    if config["MAIL_USERNAME"]:
        smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    return smtp


def send_pending(*, limit: int = 100) -> tuple[int, int]:
    """Send due messages; returns (sent, failed). Commits after each message.

    Several workers may run: rows are claimed with SKIP LOCKED on PostgreSQL.
    A message that fails is retried with growing pauses until MAIL_MAX_ATTEMPTS.
    """
    now = utcnow()
    due = db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.status == OutboxMessage.PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    if not due:
        db.session.commit()
        return 0, 0
    sent = failed = 0
    try:
        smtp = _connect()
    except (OSError, smtplib.SMTPException) as error:
        for message in due:
            _note_failure(message, error)
        db.session.commit()
        return 0, len(due)
    try:
        for message in due:
            try:
                smtp.send_message(_build(message))
            except (OSError, smtplib.SMTPException) as error:
                _note_failure(message, error)
                failed += 1
            else:
                message.status = OutboxMessage.SENT
                message.sent_at = utcnow()
                message.attempts += 1
                sent += 1
            db.session.commit()
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass
    return sent, failed


def _note_failure(message: OutboxMessage, error: Exception) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:500]
    if message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        message.status = OutboxMessage.FAILED
    else:
        message.next_attempt_at = utcnow() + _backoff(message.attempts)
