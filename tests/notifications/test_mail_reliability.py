"""The mail worker: one broken message fails alone, and a message is sent by exactly one worker."""

from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.db import utcnow
from portal.extensions import db
from portal.notifications.mail import mail_enqueue, send_pending
from portal.notifications.models import OutboxMessage
from portal.voting.models import FocusProposal, Phase
from tests.factories import sign_in
from tests.voting.helpers import make_round, set_phase

POISON_TITLE = "Quiet rooms\rBcc: x@example.org"


def statuses() -> Counter:
    return Counter(db.session.scalars(sa.select(OutboxMessage.status)))


def test_a_declined_proposal_with_a_lone_cr_in_its_title_stops_no_mail(client, org, mail):
    """The issue's story end to end: propose over HTTP, decline over HTTP, then run the worker."""
    voting_round = make_round(org, Phase.PROPOSALS)
    student = org.student(locale="en")
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, student)
    response = client.post(
        f"/focus-areas/{voting_round.id}/propose",
        data={"title": POISON_TITLE, "reason": "Loud\rfloors", "language": "en"},
    )
    assert response.status_code == 302
    proposal = db.session.scalar(sa.select(FocusProposal))
    # A single-line field keeps no line break of any kind; a text area keeps it as \n.
    assert proposal.title == "Quiet rooms Bcc: x@example.org"
    assert proposal.reason == "Loud\nfloors"
    set_phase(voting_round, Phase.CURATION)
    db.session.commit()
    sign_in(client, secretary)
    response = client.post(
        f"/focus-areas/{voting_round.id}/proposals/{proposal.id}/decline",
        data={"decline-reason": "Not ours to decide."},
    )
    assert response.status_code == 302
    for n in range(3):
        mail_enqueue(to=f"after{n}@example.test", subject=f"After {n}", body="B", language="nb")
    db.session.commit()

    assert send_pending() == (4, 0)
    [declined] = mail.to(student.email)
    assert "\r" not in declined["Subject"]
    assert "Quiet rooms Bcc: x@example.org" in declined["Subject"]
    assert declined["Bcc"] is None
    assert all(mail.to(f"after{n}@example.test") for n in range(3))
    assert not any("x@example.org" in str(m["To"]) for m in mail.messages)
    assert statuses() == {OutboxMessage.SENT: 4}


def test_a_message_with_a_broken_header_fails_alone(app, mail):
    """A row written before headers were cleaned (or by anything else) cannot stop the worker."""
    db.session.add(
        OutboxMessage(to_address="poison@example.test", subject=POISON_TITLE, body_text="B", language="nb")
    )
    db.session.flush()
    for n in range(3):
        mail_enqueue(to=f"good{n}@example.test", subject=f"Good {n}", body="B", language="nb")
    db.session.commit()

    assert send_pending() == (3, 1)
    assert sorted(str(m["To"]) for m in mail.messages) == [f"good{n}@example.test" for n in range(3)]
    poison = db.session.scalar(
        sa.select(OutboxMessage).where(OutboxMessage.to_address == "poison@example.test")
    )
    db.session.refresh(poison)
    # A broken message does not get better by waiting: failed at once, with the reason.
    assert poison.status == OutboxMessage.FAILED
    assert poison.last_error.startswith("ValueError")
    assert statuses() == {OutboxMessage.SENT: 3, OutboxMessage.FAILED: 1}
    assert send_pending() == (0, 0)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Quiet rooms\rBcc: x@example.org", "Quiet rooms Bcc: x@example.org"),
        ("a\r\nb\nc", "a b c"),
        ("tab\there", "tab here"),
        ("nul\x00del\x7fc1\x85\x9b", "nul del c1"),
        ("line\u2028para\u2029end", "line para end"),
        ("  ÆØÅ – 👩‍🎓  ", "ÆØÅ – 👩‍🎓"),  # the zero-width joiner inside the emoji stays
    ],
)
def test_header_text_drops_every_control_and_line_break(raw, clean):
    from portal.notifications.mail import header_text

    assert header_text(raw) == clean


def test_enqueue_cleans_subject_and_address(app, mail):
    message = mail_enqueue(
        to=" someone@example.test\r\nBcc: x@example.org",
        subject="A\u2028B\x85C",
        body="Body\r\nkept",
        language="nb",
    )
    assert message.subject == "A B C"
    assert not any(c in message.to_address for c in "\r\n ")
    assert message.body_text == "Body\r\nkept"  # the body is not a header
    mail_enqueue(to="fine@example.test", subject="Fine", body="B", language="nb")
    db.session.commit()
    # What is left is not one address: that message fails alone, and nobody gets a copy.
    assert send_pending() == (1, 1)
    assert [str(m["To"]) for m in mail.messages] == ["fine@example.test"]


def test_a_crashed_workers_claim_is_retried_after_its_lease(app, mail, time_machine):
    from portal.notifications.mail import claim_due, deliver_claimed

    time_machine.move_to(utcnow(), tick=False)
    mail_enqueue(to="crash@example.test", subject="S", body="B", language="nb")
    db.session.commit()
    token, claimed = claim_due(limit=10)  # a worker claims it, then dies before sending
    assert len(claimed) == 1
    # While the lease holds, no other worker takes it.
    assert send_pending() == (0, 0)
    assert mail.messages == []
    time_machine.shift(timedelta(seconds=app.config["MAIL_LEASE_SECONDS"] + 1))
    assert send_pending() == (1, 0)
    assert [str(m["To"]) for m in mail.messages] == ["crash@example.test"]
    # The first worker wakes up: the message is no longer under its claim, so it sends nothing.
    assert deliver_claimed(token, claimed) == (0, 0)
    assert len(mail.messages) == 1
    assert statuses() == {OutboxMessage.SENT: 1}


def test_send_mail_command_sends_everything_due_in_batches(app, mail):
    for n in range(7):
        mail_enqueue(to=f"batch{n}@example.test", subject="S", body="B", language="nb")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["portal", "send-mail", "--batch", "3"])
    assert result.exit_code == 0, result.output
    assert "sent 7, failed 0" in result.output
    assert len(mail.messages) == 7
