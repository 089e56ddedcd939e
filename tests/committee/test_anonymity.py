"""An anonymous issue on the committee's agenda: no page, print view, PDF, DOCX or e-mail to
anyone but the author ever shows who raised it (DESIGN.md §3.1)."""

import pytest
import sqlalchemy as sa

from portal.committee.models import MeetingStatus
from portal.committee.service import item_create, item_decide
from portal.extensions import db
from portal.issues.service import support_add
from portal.notifications.models import OutboxMessage
from tests.committee.helpers import docx_text, escalate, make_meeting, pdf_text
from tests.factories import sign_in
from tests.issues.helpers import raise_issue

SECRETS = ["Hemmelig Forfatter", "hemmelig.forfatter@example.test", "Hemmelig", "hemmelig.forfatter"]


@pytest.fixture
def anonymous_on_agenda(org):
    author = org.student(name="Hemmelig Forfatter", email="hemmelig.forfatter@example.test", locale="nn")
    secretary = org.secretary(locale="en")
    member = org.member(locale="en")
    meeting = make_meeting(org, secretary)
    issue = raise_issue(
        org, author, anonymous=True, title="Mugg i kjelleren", description="Det luktar mugg i kjellarromma."
    )
    support_add(issue=issue, user=org.student(locale="en"))
    escalate(org, issue)
    named = escalate(org, raise_issue(org, org.student(name="Synleg Student"), title="Mugg i kjellaren"))
    item = item_create(
        meeting=meeting,
        kind="decision",
        title="Inneklima i kjellaren",
        actor=secretary,
        issues=[issue, named],
    )
    meeting.status = MeetingStatus.HELD
    db.session.commit()
    pages_before_decision = _pages(meeting, item, issue)
    item_decide(
        item=item,
        conclusion="decision",
        decision="Drifta skal måle luftkvaliteten.",
        actor=secretary,
        expected_version=None,
    )
    db.session.commit()
    return author, issue, item, meeting, {"secretary": secretary, "member": member}, pages_before_decision


def _pages(meeting, item, issue):
    return [
        "/committee/LMU/",
        "/committee/LMU/inbox",
        f"/committee/LMU/issues/{issue.reference}",
        f"/committee/LMU/meetings/{meeting.id}",
        f"/committee/LMU/items/{item.id}",
        f"/committee/LMU/items/{item.id}/edit",
        f"/committee/LMU/items/{item.id}/decision",
        f"/committee/LMU/meetings/{meeting.id}/agenda/print",
        f"/committee/LMU/meetings/{meeting.id}/minutes/print",
        f"/reports/LMU/{meeting.starts_at.year}",
        f"/you-said-we-did/LMU/{item.year}",
        f"/issues/{issue.reference}",
    ]


def test_the_author_of_an_anonymous_issue_appears_nowhere(client, org, anonymous_on_agenda):
    author, issue, item, meeting, people, early_pages = anonymous_on_agenda
    checked = 0
    for role, person in people.items():
        reader = client.application.test_client()
        sign_in(reader, person)
        for path in early_pages + _pages(meeting, item, issue):
            response = reader.get(path)
            if response.status_code == 403:
                continue
            assert response.status_code == 200, (role, path, response.status_code)
            html = response.get_data(as_text=True)
            for secret in SECRETS:
                assert secret not in html, (role, path, secret)
            checked += 1
        for path in ("agenda.pdf", "minutes.pdf"):
            text = pdf_text(reader.get(f"/committee/LMU/meetings/{meeting.id}/{path}").data)
            assert "Mugg i kjelleren" in text  # the student's words are there …
            for secret in SECRETS:  # … who wrote them is not
                assert secret not in text, (role, path, secret)
        for path in ("agenda.docx", "minutes.docx"):
            text = docx_text(reader.get(f"/committee/LMU/meetings/{meeting.id}/{path}").data)
            assert "Mugg i kjelleren" in text
            for secret in SECRETS:
                assert secret not in text, (role, path, secret)
        report = reader.get(f"/reports/LMU/{meeting.starts_at.year}.pdf")
        for secret in SECRETS:
            assert secret not in pdf_text(report.data)
    assert checked >= 20
    # The public page too.
    public = client.application.test_client().get(f"/you-said-we-did/LMU/{item.year}").get_data(as_text=True)
    assert issue.reference in public
    for secret in SECRETS:
        assert secret not in public
    # And every e-mail to anyone but the author.
    others = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.to_address != author.email)
    ).all()
    assert others
    for message in others:
        for secret in SECRETS:
            assert secret not in message.body_text
            assert secret not in message.subject
    # The author was told, in nynorsk, without the portal telling anyone else who they are.
    mine = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.to_address == author.email)).all()
    assert mine
    assert mine[-1].language == "nn"
    assert "Drifta skal måle luftkvaliteten." in mine[-1].body_text


def test_the_audit_log_of_committee_actions_names_no_author(org, anonymous_on_agenda):
    from portal.audit.models import AuditEvent

    for event in db.session.scalars(sa.select(AuditEvent)):
        text = f"{event.before} {event.after}"
        for secret in SECRETS:
            assert secret not in text, event.action
