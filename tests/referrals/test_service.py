"""Referral rules without HTTP: who refers what, the unit's e-mail, one answer, withdrawal."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.i18n import today_in_oslo
from portal.issues.service import issue_hide, support_add
from portal.issues.workflow import Actor, Status
from portal.notifications.models import Notification, OutboxMessage
from portal.referrals.loaders import referral_of_link
from portal.referrals.service import (
    ReferralError,
    default_due_on,
    referral_answer,
    referral_create,
    referral_withdraw,
)
from portal.referrals.tokens import LinkProblem, link_token
from tests.factories import make_issue
from tests.referrals.helpers import make_unit, referred_issue, unit_mail


def _refer(org, issue, unit, **values):
    values.setdefault("due_on", default_due_on())
    values.setdefault("actor_user", org.leader(issue.campus))
    values.setdefault("actor", Actor.LEADER)
    return referral_create(issue=issue, unit=unit, **values)


def test_a_leader_refers_an_accepted_issue_and_the_unit_gets_mail_in_its_language(app, org):
    author = org.student(name="Kari Hemmelig", email="kari.hemmelig@example.test")
    unit = make_unit(language="nn")
    issue, referral = referred_issue(org, unit=unit, author=author, anonymous=True)
    assert issue.status == Status.REFERRED
    assert (referral.unit_id, referral.referred_by_role, referral.committee_id) == (
        unit.id,
        "campus_leader",
        None,
    )
    assert referral.due_on == today_in_oslo() + timedelta(days=14)
    [event] = [e for e in issue.events if e.action == "refer"]
    assert (event.from_status, event.to_status, event.actor_role) == ("accepted", "referred", "campus_leader")
    [mail] = unit_mail(unit)
    assert mail.language == "nn"
    assert mail.subject.startswith(f"{issue.reference}: eit innspel til {unit.name_nn}, svar innan ")
    assert issue.description in mail.body_text
    assert "Gjelder rom R1." in mail.body_text
    [token] = re.findall(r"http://portal\.test/referrals/answer/(\S+)", mail.body_text)
    assert referral_of_link(token) == (referral, None)
    # Never who raised it.
    for trace in ("Kari", "Hemmelig", "kari.hemmelig"):
        assert trace not in mail.body_text
        assert trace not in mail.subject
    assert mail.user_id is None
    audit = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "referral.create"))
    assert audit.target_id == referral.id
    assert audit.after["unit_id"] == unit.id


def test_the_default_answer_date_is_two_weeks_away(app):
    assert default_due_on() == today_in_oslo() + timedelta(days=14)


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"unit": None}, "unit", "unit"),
        ({"due_on": None}, "due-needed", "due_on"),
        ({"due_on": "yesterday"}, "due-past", "due_on"),
        ({"due_on": "next year and a day"}, "due-far", "due_on"),
        ({"message": "x" * 2001}, "too-long", "message"),
    ],
)
def test_a_referral_needs_a_unit_in_use_and_a_sensible_date(app, org, change, code, field):
    issue = make_issue(org, status="accepted")
    unit = make_unit()
    values = {"unit": unit, **change}
    if values.get("due_on") == "yesterday":
        values["due_on"] = today_in_oslo() - timedelta(days=1)
    elif values.get("due_on") == "next year and a day":
        values["due_on"] = today_in_oslo() + timedelta(days=366)
    with pytest.raises(ReferralError) as refused:
        _refer(org, issue, **values)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert issue.status == Status.ACCEPTED


def test_an_inactive_unit_is_refused(app, org):
    issue = make_issue(org, status="accepted")
    with pytest.raises(ReferralError) as refused:
        _refer(org, issue, make_unit(active=False))
    assert refused.value.code == "unit"


def test_only_an_accepted_issue_is_referred_by_its_leader(app, org):
    unit = make_unit()
    for status in ("submitted", "needs_info", "escalated", "resolved"):
        issue = make_issue(org, status=status)
        with pytest.raises(ReferralError) as refused:
            _refer(org, issue, unit)
        assert refused.value.code == "not-referable", status
        assert refused.value.status == 409


def test_confidential_and_hidden_issues_are_not_referred(app, org):
    unit = make_unit()
    confidential = make_issue(org, status="accepted", category="psychosocial")
    with pytest.raises(ReferralError) as refused:
        _refer(org, confidential, unit)
    assert refused.value.code == "confidential"
    hidden = make_issue(org, status="accepted")
    issue_hide(issue=hidden, leader=org.leader(org.trd), reason="Navn på en person.")
    with pytest.raises(ReferralError) as refused:
        _refer(org, hidden, unit)
    assert refused.value.code == "hidden"
    assert unit_mail(unit) == []


def test_the_secretary_refers_an_issue_that_is_with_the_committee(app, org):
    secretary = org.secretary()
    issue = make_issue(org, status="escalated")
    referral = _refer(org, issue, make_unit(), actor_user=secretary, actor=Actor.SECRETARY)
    assert issue.status == Status.REFERRED
    assert (referral.referred_by_role, referral.committee_id) == ("secretary", org.lmu.id)
    # The answer brings it home to the campus council, no longer with the committee.
    referral_answer(referral=referral, answer="Vi fikser det.")
    assert (issue.status, issue.committee_id) == (Status.ACCEPTED, None)


def test_the_secretary_does_not_refer_an_accepted_issue(app, org):
    issue = make_issue(org, status="accepted")
    with pytest.raises(ReferralError) as refused:
        _refer(org, issue, make_unit(), actor_user=org.secretary(), actor=Actor.SECRETARY)
    assert refused.value.code == "not-referable"


def test_a_stale_form_is_refused(app, org):
    issue = make_issue(org, status="accepted")
    with pytest.raises(ReferralError) as refused:
        _refer(org, issue, make_unit(), expected_version=issue.version - 1)
    assert refused.value.code == "stale"


def test_the_answer_goes_on_the_timeline_and_the_issue_returns_to_the_leader(app, org):
    author = org.student(locale="nn")
    supporter = org.student(locale="en")
    issue = make_issue(org, status="accepted", author=author, anonymous=True)
    support_add(issue=issue, user=supporter)
    referral = _refer(org, issue, make_unit())
    db.session.commit()
    referral_answer(referral=referral, answer="  Vi byter ruteren i R1 i neste veke.  ")
    db.session.commit()
    assert issue.status == Status.ACCEPTED
    assert referral.answer == "Vi byter ruteren i R1 i neste veke."
    assert referral.answered_at is not None
    event = issue.events[-1]
    assert (event.action, event.actor_role, event.actor_id) == ("referral_answered", "unit", None)
    assert event.public_note == "Vi byter ruteren i R1 i neste veke."
    # The author (anonymous, nynorsk) and the supporter are told, each in their language.
    author_mail = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.to_address == author.email).order_by(OutboxMessage.id)
    ).all()[-1]
    assert author_mail.language == "nn"
    assert "Den ansvarlege eininga svarte:" in author_mail.body_text
    assert "Vi byter ruteren" in author_mail.body_text
    kinds = db.session.scalars(
        sa.select(Notification.params).where(Notification.user_id == supporter.id).order_by(Notification.id)
    ).all()
    assert kinds[-1].get("answered") is True
    audit = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "referral.answer"))
    assert audit.actor_id is None
    assert audit.target_id == referral.id


def test_a_referral_is_answered_once(app, org):
    issue, referral = referred_issue(org)
    referral_answer(referral=referral, answer="Første svar.")
    with pytest.raises(ReferralError) as refused:
        referral_answer(referral=referral, answer="Andre svar.")
    assert refused.value.code == "answered"
    assert referral.answer == "Første svar."
    assert [e.public_note for e in issue.events if e.action == "referral_answered"] == ["Første svar."]


@pytest.mark.parametrize(
    ("text", "code"), [("", "answer-needed"), ("   ", "answer-needed"), ("x" * 5001, "too-long")]
)
def test_an_answer_must_be_there_and_not_too_long(app, org, text, code):
    issue, referral = referred_issue(org)
    with pytest.raises(ReferralError) as refused:
        referral_answer(referral=referral, answer=text)
    assert (refused.value.code, refused.value.field) == (code, "answer")
    assert issue.status == Status.REFERRED
    assert referral.answered_at is None


def test_a_withdrawn_referral_cannot_be_answered(app, org):
    issue, referral = referred_issue(org)
    leader = org.leader(org.trd)
    referral_withdraw(referral=referral, leader=leader, public_note="Vi løser det selv.")
    assert issue.status == Status.ACCEPTED
    assert referral.withdrawn_by_id == leader.id
    assert issue.events[-1].action == "withdraw_referral"
    with pytest.raises(ReferralError) as refused:
        referral_answer(referral=referral, answer="Svar.")
    assert refused.value.code == "withdrawn"
    with pytest.raises(ReferralError):
        referral_withdraw(referral=referral, leader=leader)


def test_the_link_names_one_referral_and_stops_when_it_is_answered(app, org, time_machine):
    _issue, referral = referred_issue(org)
    token = link_token(referral)
    assert referral_of_link(token) == (referral, None)
    # Altered, forged, or of the right shape with another nonce.
    assert referral_of_link(token[:-2] + "xx") == (None, LinkProblem.FORGED)
    assert referral_of_link("not-a-token") == (None, LinkProblem.FORGED)
    assert referral_of_link("x" * 2000) == (None, LinkProblem.FORGED)
    _other_issue, other = referred_issue(org)
    nonce, referral.nonce = referral.nonce, other.nonce
    assert referral_of_link(token)[1] == LinkProblem.FORGED
    referral.nonce = nonce
    # Expired after six months, even unanswered.
    time_machine.move_to(today_in_oslo() + timedelta(days=181), tick=False)
    assert referral_of_link(token) == (referral, LinkProblem.EXPIRED)


def test_a_used_link_says_so(app, org):
    _issue, referral = referred_issue(org)
    token = link_token(referral)
    referral_answer(referral=referral, answer="Svar.")
    assert referral_of_link(token) == (referral, LinkProblem.ANSWERED)
