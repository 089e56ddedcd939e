"""A leader acts only on their own campus: every triage URL, by GET and by crafted POST."""

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.issues.models import Issue, IssueEvent
from tests.factories import sign_in
from tests.issues.helpers import raise_issue

ACTIONS = ["accept", "ask", "reject", "merge", "resolve", "escalate", "close", "note"]


def snapshot():
    return (
        db.session.execute(
            sa.select(Issue.id, Issue.status, Issue.version, Issue.hidden, Issue.flag_count)
        ).all(),
        db.session.scalar(sa.select(sa.func.count()).select_from(IssueEvent)),
        db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)),
    )


@pytest.fixture
def trd_issue(org):
    issue = raise_issue(org, org.student())
    issue.flag_count = 1
    other = raise_issue(org, org.student(), title="Mål", description="x")
    db.session.commit()
    return issue, other


def urls(issue, other):
    gets = ["/triage/", "/triage/TRD/", "/triage/TRD/moderation", f"/triage/issues/{issue.reference}"]
    posts = [
        (
            f"/triage/issues/{issue.reference}/act/{action}",
            {
                f"{action}-public_note": "x",
                f"{action}-version": str(issue.version),
                f"{action}-target": other.reference,
            },
        )
        for action in ACTIONS
    ] + [
        (f"/triage/issues/{issue.reference}/hide", {"hide-reason": "x"}),
        (f"/triage/issues/{issue.reference}/unhide", {}),
        (f"/triage/issues/{issue.reference}/clear-flags", {}),
        (f"/triage/issues/{issue.reference}/focus-area", {"focus-focus_area": "0"}),
    ]
    return gets, posts


@pytest.mark.parametrize("who", ["leader of another campus", "student", "secretary", "member", "admin"])
def test_everyone_but_the_campus_leader_is_refused(client, org, trd_issue, who):
    person = {
        "leader of another campus": lambda: org.leader(org.gjo),
        "student": org.student,
        "secretary": org.secretary,
        "member": org.member,
        "admin": org.admin,
    }[who]()
    db.session.commit()
    sign_in(client, person)
    gets, posts = urls(*trd_issue)
    before = snapshot()
    for path in gets:
        response = client.get(path)
        # A leader of another campus reaches /triage/ (their own inbox) but nothing of TRD.
        if who == "leader of another campus" and path == "/triage/":
            assert response.headers["Location"].endswith("/triage/GJO/")
            continue
        assert response.status_code == 403, (who, path)
    for path, data in posts:
        assert client.post(path, data=data).status_code == 403, (who, path)
    db.session.expire_all()
    assert snapshot() == before


def test_anonymous_visitors_are_sent_to_sign_in(client, org, trd_issue):
    gets, posts = urls(*trd_issue)
    before = snapshot()
    for path in gets:
        assert "/account/sign-in" in client.get(path).headers["Location"]
    for path, data in posts:
        assert "/account/sign-in" in client.post(path, data=data).headers["Location"]
    assert snapshot() == before


def test_the_campus_leader_gets_through(client, org, trd_issue):
    issue, other = trd_issue
    leader = org.leader(org.trd)
    db.session.commit()
    sign_in(client, leader)
    gets, _posts = urls(issue, other)
    # /triage/ sends the leader on to their campus's inbox; every other page answers.
    for path in gets:
        assert client.get(path).status_code == (302 if path == "/triage/" else 200), path


def test_a_leader_of_two_campuses_can_switch(client, org):
    from portal.accounts.service import role_grant
    from portal.authz import Role

    leader = org.leader(org.trd)
    role_grant(user=leader, role=Role.CAMPUS_LEADER, campus=org.ale, actor=None)
    db.session.commit()
    sign_in(client, leader)
    html = client.get("/triage/TRD/").get_data(as_text=True)
    assert "/triage/ALE/" in html
    assert client.get("/triage/ALE/").status_code == 200
    assert client.get("/triage/GJO/").status_code == 403
    assert client.get("/triage/XXX/").status_code == 404
