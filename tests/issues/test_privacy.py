"""Anonymity and confidentiality exactly as DESIGN.md §3.1 promises."""

import re

import pytest
import sqlalchemy as sa

from portal.authz import Role
from portal.extensions import db
from portal.issues.models import IssueAuthor, IssueEvent
from portal.issues.service import issue_note, issue_transition, support_add
from portal.issues.workflow import Actor
from portal.notifications.models import OutboxMessage
from tests.factories import make_committee, make_issue, make_user, sign_in
from tests.issues.helpers import post_issue_with_photo, raise_issue

# Pages that show an issue; later domains (triage, committee, exports) add theirs.
ISSUE_PAGES = [
    "/issues/{reference}",
    "/campus/{campus}/issues",
    "/campus/{campus}/issues?sort=supported",
    "/my-issues",
    "/notifications/",
    "/admin/audit",
    "/triage/{campus}/",
    "/triage/{campus}/moderation",
    "/triage/issues/{reference}",
]


@pytest.fixture
def anonymous_case(org):
    author = org.student(name="Hemmelig Forfatter", email="hemmelig.forfatter@example.test")
    issue = raise_issue(
        org, author, anonymous=True, title="Mugg i kjelleren", description="Det lukter mugg i kjellerrommene."
    )
    supporter = org.student()
    support_add(issue=issue, user=supporter)
    leader = org.leader(org.trd)
    issue_transition(
        issue=issue, action="ask", actor_user=leader, actor=Actor.LEADER, public_note="Hvilket rom?"
    )
    issue_transition(
        issue=issue,
        action="answer",
        actor_user=author,
        actor=Actor.AUTHOR,
        public_note="Rom K-12, hver morgen.",
    )
    issue_transition(
        issue=issue, action="accept", actor_user=leader, actor=Actor.LEADER, internal_note="Sjekk med drift"
    )
    db.session.commit()
    people = {
        "supporter": supporter,
        "other student": org.student(),
        "leader": leader,
        "leader elsewhere": org.leader(org.gjo),
        "secretary": org.secretary(),
        "member": org.member(),
        "admin": org.admin(),
    }
    db.session.commit()
    return author, issue, people


def test_no_other_role_ever_sees_who_raised_an_anonymous_issue(client, org, anonymous_case):
    author, issue, people = anonymous_case
    secrets = [author.name, author.email, "Hemmelig", "hemmelig.forfatter"]
    for role, person in people.items():
        client = client.application.test_client()
        sign_in(client, person)
        for template in ISSUE_PAGES:
            path = template.format(reference=issue.reference, campus=issue.campus.code)
            response = client.get(path)
            if response.status_code in (403, 404):
                continue
            html = response.get_data(as_text=True)
            for secret in secrets:
                assert secret not in html, (role, path, secret)
    # Nor any e-mail to anyone but the author.
    for message in db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.to_address != author.email)
    ):
        for secret in secrets:
            assert secret not in message.body_text
            assert secret not in message.subject


def test_the_author_link_is_the_only_link(app, org, anonymous_case):
    author, issue, _people = anonymous_case
    events = db.session.scalars(sa.select(IssueEvent).where(IssueEvent.issue_id == issue.id)).all()
    assert all(e.actor_id != author.id for e in events)
    assert [e.actor_role for e in events if e.action in ("submit", "answer")] == ["author", "author"]
    links = db.session.scalars(sa.select(IssueAuthor).where(IssueAuthor.issue_id == issue.id)).all()
    assert [link.user_id for link in links] == [author.id]


def test_public_times_of_anonymous_issues_are_rounded_to_the_day(client, org, anonymous_case):
    _author, issue, _people = anonymous_case
    html = client.get(f"/issues/{issue.reference}").get_data(as_text=True)
    assert not re.search(r"\b\d{1,2}[:.]\d{2}\b", html.split("<main", 1)[1]), "a clock time is shown"
    named = raise_issue(org, org.student(), anonymous=False)
    assert re.search(r"\b\d{1,2}[:.]\d{2}\b", client.get(f"/issues/{named.reference}").get_data(as_text=True))


def test_only_the_author_sees_the_issue_is_theirs_and_can_cut_the_link(client, org, anonymous_case):
    author, issue, people = anonymous_case
    sign_in(client, author)
    html = client.get(f"/issues/{issue.reference}").get_data(as_text=True)
    assert "/unlink" in html
    assert issue.reference in client.get("/my-issues").get_data(as_text=True)
    other = client.application.test_client()
    sign_in(other, people["supporter"])
    assert other.post(f"/issues/{issue.reference}/unlink").status_code == 403
    assert client.post(f"/issues/{issue.reference}/unlink").status_code == 302
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(IssueAuthor).where(IssueAuthor.issue_id == issue.id)
        )
        == 0
    )
    assert issue.reference not in client.get("/my-issues").get_data(as_text=True)
    # No more updates reach the former author.
    before = db.session.scalar(
        sa.select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.to_address == author.email)
    )
    issue_transition(
        issue=issue,
        action="escalate",
        actor_user=people["leader"],
        actor=Actor.LEADER,
        public_note="Til utvalget",
        committee=org.lmu,
    )
    db.session.commit()
    after = db.session.scalar(
        sa.select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.to_address == author.email)
    )
    assert after == before


def test_named_issue_shows_its_author(client, org):
    author = org.student(name="Synlig Student")
    issue = raise_issue(org, author, anonymous=False)
    assert "Synlig Student" in client.get(f"/issues/{issue.reference}").get_data(as_text=True)


@pytest.fixture
def confidential(org):
    """A confidential issue the campus council has sent to LMU."""
    author = org.student()
    issue = make_issue(
        org,
        author=author,
        status="escalated",
        category="psychosocial",
        title="Utrygt studiemiljø",
        description="Det er en dårlig tone i kullet.",
    )
    return author, issue


def test_psychosocial_issues_are_confidential_and_show_where_to_get_help(client, org, confidential):
    author, issue = confidential
    assert issue.confidential
    sign_in(client, author)
    html = client.get(f"/issues/{issue.reference}/submitted").get_data(as_text=True)
    assert "116 123" in html
    assert "113" in html


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("author", True),
        ("leader", True),
        ("secretary", True),
        ("member", True),
        ("member of another committee", False),
        ("leader elsewhere", False),
        ("other student", False),
        ("anonymous", False),
    ],
)
def test_confidential_issue_visibility(client, org, confidential, who, sees):
    author, issue = confidential
    people = {
        "author": author,
        "leader": org.leader(org.trd),
        "secretary": org.secretary(),
        "member": org.member(),
        "member of another committee": make_user(roles=[(Role.COMMITTEE_MEMBER, make_committee("UU"))]),
        "leader elsewhere": org.leader(org.gjo),
        "other student": org.student(),
    }
    db.session.commit()
    if who != "anonymous":
        sign_in(client, people[who])
    response = client.get(f"/issues/{issue.reference}")
    assert (response.status_code == 200) is sees
    if not sees:
        assert response.status_code == 404
        support = client.post(f"/issues/{issue.reference}/support")
        assert support.status_code == (302 if who == "anonymous" else 404)
    listing = client.get(f"/campus/{org.trd.code}/issues").get_data(as_text=True)
    assert issue.reference not in listing


def test_confidential_photos_are_not_served_to_others(client, org):
    author = org.student()
    db.session.commit()
    sign_in(client, author)
    issue = post_issue_with_photo(client, org, category="psychosocial")
    url = f"/issues/{issue.reference}/photos/{issue.photos[0].id}"
    assert client.get(url).status_code == 200
    stranger = client.application.test_client()
    sign_in(stranger, org.student())
    db.session.commit()
    assert stranger.get(url).status_code == 404
    assert client.application.test_client().get(url).status_code == 404


def test_the_committee_sees_a_confidential_issue_only_once_it_is_sent_there(client, org):
    author = org.student()
    issue = raise_issue(org, author, category="psychosocial", title="Utrygt", description="Tekst")
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, secretary)
    assert client.get(f"/issues/{issue.reference}").status_code == 404
    issue_note(issue=issue, author=org.leader(org.trd), public_note=None, internal_note="INTERNT")
    issue_transition(issue=issue, action="accept", actor_user=org.leader(org.trd), actor=Actor.LEADER)
    issue_transition(
        issue=issue,
        action="escalate",
        actor_user=org.leader(org.trd),
        actor=Actor.LEADER,
        public_note="Til LMU",
        committee=org.lmu,
    )
    db.session.commit()
    page = client.get(f"/issues/{issue.reference}")
    assert page.status_code == 200
    assert "INTERNT" in page.get_data(as_text=True)


def test_photos_carry_no_time(client, org):
    author = org.student()
    db.session.commit()
    sign_in(client, author)
    issue = post_issue_with_photo(client, org, anonymous="y")
    response = client.application.test_client().get(f"/issues/{issue.reference}/photos/{issue.photos[0].id}")
    assert response.status_code == 200
    assert "Last-Modified" not in response.headers
    assert "ETag" not in response.headers


def test_cutting_the_link_removes_the_notices_about_it(client, org):
    from portal.notifications.models import Notification

    author = org.student()
    issue = raise_issue(org, author, anonymous=True)
    issue_transition(issue=issue, action="accept", actor_user=org.leader(org.trd), actor=Actor.LEADER)
    db.session.commit()
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Notification).where(Notification.user_id == author.id)
        )
        == 1
    )
    sign_in(client, author)
    client.post(f"/issues/{issue.reference}/unlink")
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Notification).where(Notification.user_id == author.id)
        )
        == 0
    )
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.to_address == author.email)
        )
        == 0
    )


def test_cutting_the_link_removes_sent_mail_about_that_issue_and_nothing_else(client, org):
    """Issue #9 item 11: the outbox kept the author's address, reference and title until the purge."""
    from portal.notifications.models import Notification
    from portal.notifications.service import notify

    author = org.student()
    issue = raise_issue(org, author, anonymous=True, title="Kald lesesal")
    other = raise_issue(org, author, title="Annen sak")
    leader = org.leader(org.trd)
    for raised in (issue, other):
        issue_transition(issue=raised, action="accept", actor_user=leader, actor=Actor.LEADER)
    notify(user=author, kind="issue_status", params={}, topic=None, mail_template=None)
    db.session.execute(sa.update(OutboxMessage).values(status=OutboxMessage.SENT))
    db.session.commit()
    mine = sa.select(OutboxMessage).where(OutboxMessage.to_address == author.email)
    assert len(db.session.scalars(mine).all()) == 2
    sign_in(client, author)
    assert client.post(f"/issues/{issue.reference}/unlink").status_code == 302
    left = db.session.scalars(mine).all()
    assert [m.topic for m in left] == [f"issue:{other.id}"]
    assert all(issue.reference not in m.body_text and "Kald lesesal" not in m.subject for m in left)
    topics = db.session.scalars(sa.select(Notification.topic).where(Notification.user_id == author.id)).all()
    assert sorted(topics, key=str) == sorted([None, f"issue:{other.id}"], key=str)
