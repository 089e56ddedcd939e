"""Decisions reach every student who raised or supports an issue, in their own language;
sending an issue back to its campus."""

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.committee.models import AgendaItem, MeetingStatus
from portal.committee.service import CommitteeError, item_create, item_decide
from portal.extensions import db
from portal.issues.models import IssueEvent
from portal.issues.service import support_add
from portal.issues.workflow import Status
from portal.notifications.models import Notification, OutboxMessage
from tests.committee.helpers import escalate, escalated_issue, make_meeting
from tests.factories import sign_in
from tests.issues.helpers import raise_issue

DECISION = "Utvalget ber om at eksamensplanen publiseres seks uker før første eksamen."


def _case(org):
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary)
    authors = {
        "nb": org.student(campus=org.trd, locale="nb", email="forfatter.nb@example.test"),
        "nn": org.student(campus=org.gjo, locale="nn", email="forfattar.nn@example.test"),
        "en": org.student(campus=org.ale, locale="en", email="author.en@example.test"),
    }
    supporters = {
        "nb": org.student(locale="nb", email="stotte.nb@example.test"),
        "nn": org.student(locale="nn", email="stotte.nn@example.test"),
        "en": org.student(locale="en", email="supporter.en@example.test"),
    }
    issues = []
    for (language, author), campus in zip(authors.items(), (org.trd, org.gjo, org.ale), strict=True):
        issue = raise_issue(
            org,
            author,
            campus=campus,
            title=f"Eksamensplan for sent ({language})",
            anonymous=language == "nn",
        )
        support_add(issue=issue, user=supporters[language])
        issues.append(escalate(org, issue))
    item = item_create(
        meeting=meeting, kind="decision", title="Eksamensplaner", actor=secretary, issues=issues
    )
    db.session.commit()
    return secretary, meeting, item, issues, authors, supporters


def _messages_to(email):
    return db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.to_address == email).order_by(OutboxMessage.id)
    ).all()


def test_a_decision_moves_every_issue_to_decided_and_tells_everyone_in_their_language(client, org):
    secretary, meeting, item, issues, authors, supporters = _case(org)
    sign_in(client, secretary)
    client.post(f"/committee/LMU/meetings/{meeting.id}/status", data={"status": "held"})
    page = client.get(f"/committee/LMU/items/{item.id}/decision")
    assert page.status_code == 200
    before = db.session.scalar(sa.select(sa.func.max(OutboxMessage.id))) or 0
    response = client.post(
        f"/committee/LMU/items/{item.id}/decision",
        data={"conclusion": "recommendation", "decision": DECISION, "version": item.version},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(item)
    assert item.conclusion == "recommendation"
    assert item.decision == DECISION
    for issue in issues:
        db.session.refresh(issue)
        assert issue.status == Status.DECIDED
        assert issue.outcome_at is not None
        event = db.session.scalars(
            sa.select(IssueEvent).where(IssueEvent.issue_id == issue.id).order_by(IssueEvent.id.desc())
        ).first()
        assert event.action == "decide"
        assert DECISION in event.public_note
        assert item.case_number in event.public_note
    # Each author (the anonymous one too) and each supporter: a notification and an e-mail
    # in their own language, with the decision in it.
    for language in ("nb", "nn", "en"):
        for person in (authors[language], supporters[language]):
            new = [m for m in _messages_to(person.email) if m.id > before]
            assert len(new) == 1, (language, person.email)
            assert new[0].language == language
            assert DECISION in new[0].body_text
            assert db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Notification)
                .where(Notification.user_id == person.id, Notification.kind == "issue_status")
                .where(Notification.params["status"].as_string() == "decided")
            )
    # The status in the subject is in the recipient's language (catalogs: nb "Vedtatt"…).
    subjects = {
        m.language: m.subject
        for m in db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.id > before))
    }
    assert subjects["en"].endswith(": Decided")
    # The issue page shows the decision to its author.
    author_client = client.application.test_client()
    sign_in(author_client, authors["en"])
    assert DECISION in author_client.get(f"/issues/{issues[2].reference}").get_data(as_text=True)
    assert db.session.scalar(
        sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action == "agenda.item.decide")
    )


def test_correcting_a_decision_tells_no_one_twice(client, org):
    secretary, meeting, item, _issues, _authors, _supporters = _case(org)
    meeting.status = MeetingStatus.HELD
    item_decide(item=item, conclusion="decision", decision=DECISION, actor=secretary, expected_version=None)
    db.session.commit()
    count = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
    sign_in(client, secretary)
    response = client.post(
        f"/committee/LMU/items/{item.id}/decision",
        data={"conclusion": "decision", "decision": DECISION + " Rettet.", "version": item.version},
    )
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == count
    db.session.refresh(item)
    assert item.decision.endswith("Rettet.")


def test_no_decision_before_the_meeting_is_held(client, org):
    secretary, _meeting, item, issues, _authors, _supporters = _case(org)
    sign_in(client, secretary)
    page = client.get(f"/committee/LMU/items/{item.id}/decision").get_data(as_text=True)
    assert "The decision can be recorded when the meeting has been held." in page
    response = client.post(
        f"/committee/LMU/items/{item.id}/decision",
        data={"conclusion": "decision", "decision": DECISION, "version": item.version},
    )
    assert response.status_code == 409
    assert "Mark the meeting as held first." in response.get_data(as_text=True)
    db.session.refresh(item)
    assert item.decision is None
    assert all(db.session.get(type(i), i.id).status == Status.ON_AGENDA for i in issues)
    with pytest.raises(CommitteeError) as refused:
        item_decide(
            item=item, conclusion="decision", decision=DECISION, actor=secretary, expected_version=None
        )
    assert refused.value.code == "meeting-not-held"


def test_decision_form_refuses_bad_input(client, org):
    secretary, meeting, item, _issues, _authors, _supporters = _case(org)
    meeting.status = MeetingStatus.HELD
    db.session.commit()
    sign_in(client, secretary)
    for data in (
        {"conclusion": "decision", "decision": "", "version": item.version},
        {"conclusion": "verdict", "decision": "x", "version": item.version},
        {"conclusion": "decision", "decision": "x" * 5001, "version": item.version},
    ):
        response = client.post(f"/committee/LMU/items/{item.id}/decision", data=data)
        assert response.status_code == 400, data
    stale = client.post(
        f"/committee/LMU/items/{item.id}/decision",
        data={
            "conclusion": "decision",
            "decision": DECISION,
            "version": item.version - 1 if item.version > 1 else 99,
        },
    )
    assert stale.status_code == 409
    assert DECISION in stale.get_data(as_text=True)
    db.session.refresh(item)
    assert item.decision is None


def test_a_meeting_with_decisions_stays_held(client, org):
    secretary, meeting, item, _issues, _authors, _supporters = _case(org)
    meeting.status = MeetingStatus.HELD
    item_decide(item=item, conclusion="decision", decision=DECISION, actor=secretary, expected_version=None)
    db.session.commit()
    sign_in(client, secretary)
    html = client.get(f"/committee/LMU/meetings/{meeting.id}").get_data(as_text=True)
    assert "The minutes are published" in html
    assert "Back to planned" not in html
    client.post(f"/committee/LMU/meetings/{meeting.id}/status", data={"status": "planned"})
    db.session.refresh(meeting)
    assert meeting.status == MeetingStatus.HELD
    client.post(f"/committee/LMU/meetings/{meeting.id}/status", data={"status": "minutes_published"})
    db.session.refresh(meeting)
    assert meeting.status == MeetingStatus.MINUTES_PUBLISHED


def test_no_issues_can_be_added_after_the_decision(client, org):
    secretary, meeting, item, _issues, _authors, _supporters = _case(org)
    meeting.status = MeetingStatus.HELD
    item_decide(item=item, conclusion="decision", decision=DECISION, actor=secretary, expected_version=None)
    late = escalated_issue(org, campus=org.trd)
    sign_in(client, secretary)
    response = client.post(
        f"/committee/LMU/items/{item.id}/edit",
        data={"kind": "decision", "title": "Eksamensplaner", "issues": [late.id], "version": item.version},
    )
    assert response.status_code == 409
    assert "The item has a decision" in response.get_data(as_text=True)
    db.session.refresh(late)
    assert late.status == Status.ESCALATED


def test_the_secretary_sends_an_escalated_issue_back_with_a_note(client, org):
    secretary = org.secretary(locale="en")
    author = org.student(locale="nn", email="tilbake@example.test")
    issue = escalated_issue(org, author)
    sign_in(client, secretary)
    html = client.get(f"/committee/LMU/issues/{issue.reference}").get_data(as_text=True)
    assert "Send back to the campus council" in html
    response = client.post(
        f"/committee/LMU/issues/{issue.reference}/send-back",
        data={"note": "Dette kan campusrådet løse selv.", "version": issue.version},
    )
    assert response.status_code == 302
    db.session.refresh(issue)
    assert issue.status == Status.ACCEPTED
    assert issue.committee_id is None
    event = issue.events[-1]
    assert (event.action, event.actor_role, event.public_note) == (
        "send_back",
        "secretary",
        "Dette kan campusrådet løse selv.",
    )
    assert [m.language for m in _messages_to(author.email)][-1] == "nn"
    assert db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "committee.issue.send_back")
    )
    # Gone from the committee's pages now.
    assert client.get(f"/committee/LMU/issues/{issue.reference}").status_code == 404


def test_send_back_needs_a_note_and_an_escalated_issue(client, org):
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary)
    issue = escalated_issue(org)
    sign_in(client, secretary)
    response = client.post(f"/committee/LMU/issues/{issue.reference}/send-back", data={"note": "  "})
    assert response.status_code == 400
    item_create(meeting=meeting, kind="decision", title="Sak", actor=secretary, issues=[issue])
    db.session.commit()
    response = client.post(
        f"/committee/LMU/issues/{issue.reference}/send-back",
        data={"note": "Tilbake", "version": issue.version},
    )
    assert response.status_code == 409
    assert "is no longer waiting for the committee" in response.get_data(as_text=True)
    db.session.refresh(issue)
    assert issue.status == Status.ON_AGENDA


def test_an_item_lists_nothing_after_its_issues_are_decided_twice(org):
    """Decided issues are skipped when the decision is recorded again (no second event)."""
    secretary, meeting, item, issues, _authors, _supporters = _case(org)
    meeting.status = MeetingStatus.HELD
    item_decide(item=item, conclusion="decision", decision=DECISION, actor=secretary, expected_version=None)
    item_decide(item=item, conclusion="decision", decision="Ny tekst", actor=secretary, expected_version=None)
    db.session.commit()
    for issue in issues:
        assert [e.action for e in issue.events].count("decide") == 1
    assert db.session.scalar(sa.select(AgendaItem.decision).where(AgendaItem.id == item.id)) == "Ny tekst"
