"""The outbox: written in the same transaction, sent over real SMTP, nothing lost when the server is down."""

import sqlalchemy as sa

from portal.db import utcnow
from portal.extensions import db
from portal.notifications.mail import mail_enqueue, mail_to_user, send_pending
from portal.notifications.models import OutboxMessage


def pending() -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.status == OutboxMessage.PENDING)
    )


def test_mail_is_rolled_back_with_the_change_that_caused_it(app, org):
    before = pending()
    with db.session.begin_nested() as nested:
        mail_enqueue(to="a@example.test", subject="Hei", body="Tekst", language="nb")
        nested.rollback()
    assert pending() == before


def test_mail_is_rendered_in_the_recipients_language(app, org):
    from portal.core.navigation import external_url  # noqa: F401 - used by the template context

    for locale, subject in (
        ("nb", "Velg nytt passord"),
        ("nn", "Vel nytt passord"),
        ("en", "Choose a new password"),
    ):
        user = org.student(locale=locale)
        with app.test_request_context("/"):
            message = mail_to_user(user, "accounts/mail/reset_password.txt", reset_url="http://x/y")
        assert message.subject.startswith(subject), locale
        assert message.language == locale


def test_worker_sends_over_smtp(app, mail):
    mail_enqueue(to="one@example.test", subject="Første", body="Hei på deg – æøå", language="nb")
    mail_enqueue(to="two@example.test", subject="Second", body="Hello", language="en")
    db.session.commit()
    assert send_pending() == (2, 0)
    [first] = mail.to("one@example.test")
    assert first["Subject"] == "Første"
    assert "æøå" in first.get_content()
    assert pending() == 0


def test_mail_waits_when_the_server_is_down_and_goes_later(app, mail):
    message = mail_enqueue(to="later@example.test", subject="S", body="B", language="nb")
    db.session.commit()
    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = 1  # nothing listens there
    try:
        assert send_pending() == (0, 1)
    finally:
        app.config["MAIL_PORT"] = port
    db.session.refresh(message)
    assert message.status == OutboxMessage.PENDING
    assert message.attempts == 1
    assert message.last_error
    assert message.next_attempt_at > utcnow()
    assert send_pending() == (0, 0)  # not due yet
    message.next_attempt_at = utcnow()
    db.session.commit()
    assert send_pending() == (1, 0)
    assert mail.to("later@example.test")


def test_server_refusing_a_message_is_retried_then_given_up(app, mail):
    app.config["MAIL_MAX_ATTEMPTS"], saved = 2, app.config["MAIL_MAX_ATTEMPTS"]
    message = mail_enqueue(to="refused@example.test", subject="S", body="B", language="nb")
    db.session.commit()
    mail.refuse = True
    try:
        assert send_pending() == (0, 1)
        message.next_attempt_at = utcnow()
        db.session.commit()
        assert send_pending() == (0, 1)
    finally:
        app.config["MAIL_MAX_ATTEMPTS"] = saved
    db.session.refresh(message)
    assert message.status == OutboxMessage.FAILED
    assert message.attempts == 2
