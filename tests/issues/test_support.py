"""Support: once per student per issue (a database constraint), withdrawable, not one's own."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.issues.models import Issue, Support
from portal.issues.service import IssueError, issue_transition, support_add
from portal.issues.workflow import Actor
from tests.factories import sign_in
from tests.issues.helpers import raise_issue


def test_support_and_withdraw_through_http(client, org):
    issue = raise_issue(org, org.student())
    supporter = org.student()
    db.session.commit()
    sign_in(client, supporter)
    assert client.post(f"/issues/{issue.reference}/support").status_code == 302
    assert client.post(f"/issues/{issue.reference}/support").status_code == 302  # again: no double count
    db.session.refresh(issue)
    assert issue.support_count == 1
    page = client.get(f"/issues/{issue.reference}").get_data(as_text=True)
    assert "/withdraw" in page
    client.post(f"/issues/{issue.reference}/withdraw")
    db.session.refresh(issue)
    assert issue.support_count == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Support)) == 0


def test_the_database_refuses_a_second_support(app, org):
    issue = raise_issue(org, org.student())
    student = org.student()
    db.session.add(Support(issue_id=issue.id, user_id=student.id))
    db.session.flush()
    savepoint = db.session.begin_nested()
    db.session.add(Support(issue_id=issue.id, user_id=student.id))
    with pytest.raises(IntegrityError):
        db.session.flush()
    savepoint.rollback()


def test_author_cannot_support_own_issue(client, org):
    author = org.student()
    issue = raise_issue(org, author, anonymous=True)
    sign_in(client, author)
    client.post(f"/issues/{issue.reference}/support")
    db.session.refresh(issue)
    assert issue.support_count == 0
    with pytest.raises(IssueError, match="own-issue"):
        support_add(issue=issue, user=author)


def test_closed_or_confidential_issues_cannot_be_supported(app, org):
    leader = org.leader(org.trd)
    rejected = raise_issue(org, org.student())
    issue_transition(
        issue=rejected, action="reject", actor_user=leader, actor=Actor.LEADER, public_note="Ikke vårt ansvar"
    )
    confidential = raise_issue(org, org.student(), category="psychosocial")
    student = org.student()
    for issue in (rejected, confidential):
        with pytest.raises(IssueError, match="not-supportable"):
            support_add(issue=issue, user=student)


def test_support_counts_show_on_lists(client, org):
    issue = raise_issue(org, org.student())
    for _ in range(3):
        support_add(issue=issue, user=org.student())
    db.session.commit()
    html = client.get(f"/campus/{org.trd.code}/issues").get_data(as_text=True)
    assert issue.reference in html
    assert "3 støttespillere" in html


def test_support_count_matches_the_rows(app, org):
    issue = raise_issue(org, org.student())
    users = [org.student() for _ in range(4)]
    for user in users:
        support_add(issue=issue, user=user)
    from portal.issues.service import support_withdraw

    support_withdraw(issue=issue, user=users[0])
    rows = db.session.scalar(
        sa.select(sa.func.count()).select_from(Support).where(Support.issue_id == issue.id)
    )
    assert db.session.get(Issue, issue.id).support_count == rows == 3


def test_flag_once_per_student(client, org):
    issue = raise_issue(org, org.student())
    flagger = org.student()
    db.session.commit()
    sign_in(client, flagger)
    client.post(f"/issues/{issue.reference}/flag")
    client.post(f"/issues/{issue.reference}/flag")
    db.session.refresh(issue)
    assert issue.flag_count == 1
