"""Mail: render in the recipient's language, enqueue in the outbox, send with retries."""

from __future__ import annotations

import contextlib
import re
import smtplib
import uuid
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import sqlalchemy as sa
from flask import current_app

from portal.db import rows_changed, utcnow
from portal.extensions import db
from portal.i18n import in_language
from portal.notifications.models import OutboxMessage

# What may never reach a mail header: C0 controls (with \t, \r, \n), DEL, C1 controls (with NEL),
# and the Unicode line and paragraph separators. Python's email package refuses \r and \n.
_NOT_IN_HEADERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
# A single addr-spec: one @, nothing that separates or wraps addresses in a header.
_ONE_ADDRESS = re.compile(r"[^\s@,;:<>()\[\]\\\"]+@[^\s@,;:<>()\[\]\\\"]+")


def header_text(value: str | None) -> str:
    """One line of text safe in a mail header: controls and line breaks become single spaces."""
    return re.sub(" {2,}", " ", _NOT_IN_HEADERS.sub(" ", value or "")).strip()


def header_address(value: str | None) -> str:
    """An address for the To header and the envelope: no controls, no white space at all."""
    return "".join(header_text(value).split())


def mail_enqueue(
    *, to: str, subject: str, body: str, language: str, user_id: int | None = None, topic: str | None = None
) -> OutboxMessage:
    """Put one message in the outbox, in the caller's transaction (flushes, never commits).

    Everything that becomes a header is cleaned here: a proposal title with a lone
    carriage return must not make a message that cannot be built. `user_id` and
    `topic` say whom and what it concerns, so it can be erased with them.
    """
    message = OutboxMessage(
        to_address=header_address(to)[:254],
        subject=header_text(subject)[:255],
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


def _build(message) -> EmailMessage:
    """The e-mail for an outbox row. Raises ValueError if a header cannot be written."""
    if not _ONE_ADDRESS.fullmatch(message.to_address or ""):
        raise ValueError(f"not one e-mail address: {message.to_address!r}")
    email = EmailMessage()
    email["From"] = header_text(current_app.config["MAIL_FROM"])
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


def _lease() -> timedelta:
    return timedelta(seconds=current_app.config["MAIL_LEASE_SECONDS"])


def _claimable(now):
    """Due messages, and messages whose worker's lease ran out (it died while sending)."""
    return sa.or_(
        sa.and_(OutboxMessage.status == OutboxMessage.PENDING, OutboxMessage.next_attempt_at <= now),
        sa.and_(OutboxMessage.status == OutboxMessage.SENDING, OutboxMessage.lease_until < now),
    )


def claim_due(*, limit: int) -> tuple[str, list[int]]:
    """Claim up to `limit` due messages for this worker and commit; returns (claim token, ids).

    The claim is one UPDATE of rows chosen with FOR UPDATE SKIP LOCKED (PostgreSQL; SQLite
    takes the write lock for the whole statement), committed before anything is sent: the
    row locks end with the transaction, the claim does not. Each claim counts as an attempt.
    """
    now = utcnow()
    token = uuid.uuid4().hex
    due = (
        sa.select(OutboxMessage.id)
        .where(_claimable(now))
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id.in_(due.scalar_subquery()), _claimable(now))
        .values(
            status=OutboxMessage.SENDING,
            claim_token=token,
            lease_until=now + _lease(),
            attempts=OutboxMessage.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    claimed = db.session.scalars(
        sa.select(OutboxMessage.id).where(OutboxMessage.claim_token == token).order_by(OutboxMessage.id)
    ).all()
    db.session.commit()
    return token, list(claimed)


def _mine(message_id: int, token: str):
    """Still claimed by this worker? Then renew the lease, commit and return the row, else None."""
    row = db.session.execute(
        sa.update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status == OutboxMessage.SENDING,
            OutboxMessage.claim_token == token,
        )
        .values(lease_until=utcnow() + _lease())
        .returning(
            OutboxMessage.id,
            OutboxMessage.to_address,
            OutboxMessage.subject,
            OutboxMessage.body_text,
            OutboxMessage.language,
            OutboxMessage.attempts,
        )
        .execution_options(synchronize_session=False)
    ).one_or_none()
    db.session.commit()
    return row


def _settle(message_id: int, token: str, **values) -> None:
    """Write the outcome of this worker's attempt, only while the message is under its claim."""
    done = rows_changed(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claim_token == token)
        .values(lease_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if not done:
        current_app.logger.warning("Outbox message %s was claimed by another worker meanwhile", message_id)


def _error_text(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:500]


def _retry_later(row, token: str, error: Exception) -> None:
    """A failure that may pass (server down, refused for now): pending again, or failed after the last try."""
    if row.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        _settle(row.id, token, status=OutboxMessage.FAILED, last_error=_error_text(error))
    else:
        _settle(
            row.id,
            token,
            status=OutboxMessage.PENDING,
            last_error=_error_text(error),
            next_attempt_at=utcnow() + _backoff(row.attempts),
        )


def send_pending(*, limit: int = 100) -> tuple[int, int]:
    """Claim up to `limit` due messages and send them; returns (sent, failed).

    Several workers may run at once: each message is claimed by one of them (see
    claim_due). A message that fails is retried with growing pauses until
    MAIL_MAX_ATTEMPTS; a message that cannot be built fails at once, alone.
    """
    token, claimed = claim_due(limit=limit)
    if not claimed:
        return 0, 0
    return deliver_claimed(token, claimed)


def deliver_claimed(token: str, claimed: list[int]) -> tuple[int, int]:
    """Send the messages claimed under `token`, each after checking it is still this worker's."""
    try:
        smtp = _connect()
    except (OSError, smtplib.SMTPException) as error:
        failed = 0
        for message_id in claimed:
            row = _mine(message_id, token)
            if row is not None:
                _retry_later(row, token, error)
                failed += 1
        return 0, failed
    sent = failed = 0
    try:
        for message_id in claimed:
            row = _mine(message_id, token)
            if row is None:
                continue
            if row.attempts > current_app.config["MAIL_MAX_ATTEMPTS"]:
                # Claimed again and again by workers that died before finishing: give up.
                _settle(
                    row.id, token, status=OutboxMessage.FAILED, last_error="no worker finished sending it"
                )
                failed += 1
                continue
            try:
                email = _build(row)
            except Exception as error:  # noqa: BLE001 - any broken message fails alone, for good
                current_app.logger.warning("Outbox message %s cannot be built: %s", row.id, error)
                _settle(row.id, token, status=OutboxMessage.FAILED, last_error=_error_text(error))
                failed += 1
                continue
            try:
                smtp.send_message(email, to_addrs=[row.to_address])
            except (OSError, smtplib.SMTPException) as error:
                _retry_later(row, token, error)
                failed += 1
            except Exception as error:
                current_app.logger.exception("Outbox message %s could not be sent", row.id)
                _retry_later(row, token, error)
                failed += 1
            else:
                _settle(row.id, token, status=OutboxMessage.SENT, sent_at=utcnow())
                sent += 1
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            smtp.quit()
    return sent, failed
