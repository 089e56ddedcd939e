"""Authors and supporters hear of changes in their own language, in the portal and by e-mail."""

import sqlalchemy as sa

from portal.extensions import db
from portal.issues.service import issue_transition, support_add
from portal.issues.workflow import Actor
from portal.notifications.mail import send_pending
from portal.notifications.models import EmailPreference, Notification, OutboxMessage
from tests.factories import sign_in
from tests.issues.helpers import raise_issue


def outbox(user):
    return db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.to_address == user.email)).all()


def notifications(user):
    return db.session.scalars(sa.select(Notification).where(Notification.user_id == user.id)).all()


def test_status_change_reaches_author_and_supporters_in_their_language(app, org, mail):
    author = org.student(locale="en")
    nn_supporter = org.student(locale="nn")
    nb_supporter = org.student(locale="nb")
    leader = org.leader(org.trd)
    issue = raise_issue(org, author, anonymous=True)
    support_add(issue=issue, user=nn_supporter)
    support_add(issue=issue, user=nb_supporter)
    issue_transition(
        issue=issue, action="accept", actor_user=leader, actor=Actor.LEADER, public_note="Vi tar det videre."
    )
    db.session.commit()
    assert [m.subject for m in outbox(author)] == [f"{issue.reference}: Accepted"]
    assert "issue you raised" in outbox(author)[0].body_text
    assert outbox(nn_supporter)[0].subject == f"{issue.reference}: Godteke"
    assert "eit innspel du støttar" in outbox(nn_supporter)[0].body_text
    assert outbox(nb_supporter)[0].subject == f"{issue.reference}: Godtatt"
    assert outbox(leader) == []
    assert len(notifications(author)) == 1
    assert len(notifications(nn_supporter)) == 1
    # The mail really leaves over SMTP.
    send_pending()
    assert mail.to(author.email)[0]["Subject"] == f"{issue.reference}: Accepted"


def test_question_goes_to_the_author_only(app, org):
    author, supporter, leader = org.student(), org.student(), org.leader(org.trd)
    issue = raise_issue(org, author)
    support_add(issue=issue, user=supporter)
    issue_transition(
        issue=issue,
        action="ask",
        actor_user=leader,
        actor=Actor.LEADER,
        public_note="Hvilket rom gjelder det?",
    )
    db.session.commit()
    [question] = outbox(author)
    assert "Hvilket rom gjelder det?" in question.body_text
    assert notifications(author)[0].kind == "issue_question"
    assert outbox(supporter) == []
    assert notifications(supporter) == []


def test_email_settings_are_respected_but_the_portal_still_tells(client, org):
    author, leader = org.student(), org.leader(org.trd)
    issue = raise_issue(org, author)
    db.session.commit()
    sign_in(client, author)
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert 'value="issue_status"' in page
    assert "checked" in page
    response = client.post("/notifications/settings", data={"kinds": ["issue_question"]})
    assert response.status_code == 302
    pref = db.session.scalar(
        sa.select(EmailPreference).where(
            EmailPreference.user_id == author.id, EmailPreference.kind == "issue_status"
        )
    )
    assert pref.enabled is False
    issue_transition(issue=issue, action="accept", actor_user=leader, actor=Actor.LEADER)
    db.session.commit()
    assert outbox(author) == []
    assert len(notifications(author)) == 1
    html = client.get("/").get_data(as_text=True)
    assert 'class="badge-count">1' in html
    listing = client.get("/notifications/").get_data(as_text=True)
    assert issue.reference in listing
    client.post("/notifications/read")
    assert 'class="badge-count"' not in client.get("/").get_data(as_text=True)


def test_settings_refuse_unknown_kinds(client, org):
    sign_in(client, org.student())
    db.session.commit()
    response = client.post("/notifications/settings", data={"kinds": ["drop_table"]})
    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EmailPreference)) == 0


def test_opening_a_notification_marks_it_read_and_goes_to_the_issue(client, org):
    author, leader = org.student(), org.leader(org.trd)
    issue = raise_issue(org, author)
    issue_transition(issue=issue, action="accept", actor_user=leader, actor=Actor.LEADER)
    db.session.commit()
    [note] = notifications(author)
    other = client.application.test_client()
    sign_in(other, org.student())
    db.session.commit()
    # Someone else's notification id leads nowhere.
    assert other.get(f"/notifications/{note.id}").headers["Location"] == "/notifications/"
    sign_in(client, author)
    response = client.get(f"/notifications/{note.id}")
    assert response.headers["Location"] == f"/issues/{issue.reference}"
    db.session.refresh(note)
    assert note.read_at is not None


def test_the_authors_answer_sends_no_notices(app, org):
    author, supporter, leader = org.student(), org.student(), org.leader(org.trd)
    issue = raise_issue(org, author)
    support_add(issue=issue, user=supporter)
    issue_transition(issue=issue, action="ask", actor_user=leader, actor=Actor.LEADER, public_note="Hvor?")
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Notification))
    issue_transition(issue=issue, action="answer", actor_user=author, actor=Actor.AUTHOR, public_note="Her.")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == before
