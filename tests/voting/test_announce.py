"""`flask portal voting-announce`: every student is told once when proposals open and once when voting opens."""

from datetime import timedelta

import sqlalchemy as sa

from portal.db import utcnow
from portal.extensions import db
from portal.notifications.kinds import KINDS, render_notification
from portal.notifications.models import EmailPreference, Notification, OutboxMessage
from portal.voting.models import Phase
from tests.factories import make_user
from tests.voting.helpers import cast, make_proposal, make_round, set_phase


def run(app) -> str:
    result = app.test_cli_runner().invoke(args=["portal", "voting-announce"])
    assert result.exit_code == 0, result.output
    return result.output


def notifications(kind: str) -> list[Notification]:
    return db.session.scalars(sa.select(Notification).where(Notification.kind == kind)).all()


def mails() -> list[OutboxMessage]:
    return db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_students_are_told_once_per_phase_respecting_email_settings(app, org):
    voting_round = make_round(org, Phase.PROPOSALS)
    wants_mail = org.student(locale="nn")
    no_mail = org.student(locale="en")
    db.session.add(EmailPreference(user_id=no_mail.id, kind="focus_proposals_open", enabled=False))
    unverified = org.student(verified=False)
    inactive = org.student()
    inactive.active = False
    org.secretary()
    org.admin()
    db.session.commit()

    assert "proposals 2" in run(app)
    told = {n.user_id for n in notifications("focus_proposals_open")}
    assert told == {wants_mail.id, no_mail.id}
    assert unverified.id not in told
    assert inactive.id not in told
    [mail] = mails()
    assert mail.to_address == wants_mail.email
    assert mail.language == "nn"
    assert f"/focus-areas/{voting_round.id}" in mail.body_text
    assert str(voting_round.year) in mail.subject
    # Run again: nothing more.
    assert run(app).strip() == "nothing to do"
    assert len(notifications("focus_proposals_open")) == 2
    assert len(mails()) == 1

    # Voting opens: a second announcement, once; the e-mail setting for this kind is on for both.
    set_phase(voting_round, Phase.VOTING)
    db.session.commit()
    assert "voting 2" in run(app)
    run(app)
    assert len(notifications("focus_voting_open")) == 2
    assert {m.to_address for m in mails()[1:]} == {wants_mail.email, no_mail.email}
    assert len(mails()) == 3


def test_a_phase_that_passed_before_the_command_ran_is_not_announced_late(app, org):
    voting_round = make_round(org, Phase.VOTING)
    org.student()
    db.session.commit()
    output = run(app)
    assert "skipped-proposals" in output
    assert "voting 1" in output
    assert notifications("focus_proposals_open") == []
    db.session.refresh(voting_round)
    assert voting_round.proposals_announced_at is not None


def test_the_command_seals_a_closed_ballot_box(app, org):
    voting_round = make_round(
        org, Phase.VOTING, proposals_announced_at=utcnow(), voting_announced_at=utcnow()
    )
    proposal = make_proposal(voting_round)
    cast(voting_round, org.student(), [proposal])
    voting_round.voting_close_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert "sealed" in run(app)
    db.session.refresh(voting_round)
    assert voting_round.sealed_at is not None
    assert voting_round.eligible_count == 1
    assert run(app).strip() == "nothing to do"


def test_an_upcoming_round_is_not_announced(app, org):
    make_round(org, Phase.UPCOMING)
    org.student()
    db.session.commit()
    assert run(app).strip() == "nothing to do"


def test_kinds_appear_in_email_settings_and_render_in_the_readers_language(client, org):
    from flask_babel import force_locale

    assert {"focus_proposals_open", "focus_voting_open", "focus_proposal_decided"} <= set(KINDS)
    params = {
        "year": 2031,
        "committee": {"nb": "Læringsmiljøutvalget", "nn": "Læringsmiljøutvalet", "en": "LEC"},
    }
    with client.application.test_request_context("/"), force_locale("en"):
        assert render_notification("focus_voting_open", params) == "Vote on the focus areas for 2031 of LEC"
    student = make_user(campus=org.trd)
    db.session.commit()
    from tests.factories import sign_in

    sign_in(client, student)
    settings = client.get("/notifications/settings").get_data(as_text=True)
    assert 'value="focus_proposals_open"' in settings
    assert 'value="focus_voting_open"' in settings
