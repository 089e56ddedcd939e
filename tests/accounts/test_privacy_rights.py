"""A person can download all their data and delete their account; old personal data is purged."""

import json
import os
import time
from datetime import timedelta

import sqlalchemy as sa

from portal.accounts.models import User
from portal.accounts.service import user_authenticate
from portal.db import utcnow
from portal.extensions import db
from portal.issues.models import Issue, IssueAuthor, IssueEvent, Support
from portal.issues.service import issue_transition, support_add
from portal.issues.workflow import Actor, Status
from tests.factories import PASSWORD, sign_in
from tests.issues.helpers import raise_issue


def test_download_all_my_data(client, org):
    me = org.student(name="Dataeier")
    mine = raise_issue(org, me, anonymous=True, title="Min anonyme sak")
    other = raise_issue(org, org.student(), title="Andres sak")
    support_add(issue=other, user=me)
    db.session.commit()
    sign_in(client, me)
    response = client.get("/account/export")
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["account"]["name"] == "Dataeier"
    assert data["account"]["email"] == me.email
    assert [i["reference"] for i in data["issues"]["raised"]] == [mine.reference]
    assert data["issues"]["raised"][0]["anonymous"] is True
    assert [s["reference"] for s in data["issues"]["supported"]] == [other.reference]
    assert {"role": "student", "campus": None, "committee": None} in data["roles"]


def test_delete_account_keeps_issues_as_anonymous(client, org):
    me = org.student(name="Forsvinner", email="forsvinner@example.test")
    named = raise_issue(org, me, anonymous=False, title="Navngitt sak")
    other = raise_issue(org, org.student())
    support_add(issue=other, user=me)
    db.session.commit()
    sign_in(client, me)
    assert (
        client.post("/account/delete", data={"password": "wrong password", "confirm": "y"}).status_code == 200
    )
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 200  # no confirmation
    response = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, me.id)
    assert user.email is None
    assert user.name == ""
    assert not user.is_active
    assert user.role_grants == []
    issue = db.session.get(Issue, named.id)
    assert issue.anonymous
    assert issue.title == "Navngitt sak"
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(IssueAuthor).where(IssueAuthor.issue_id == named.id)
        )
        == 0
    )
    assert db.session.get(Issue, other.id).support_count == 0
    assert "Forsvinner" not in client.get(f"/issues/{named.reference}").get_data(as_text=True)
    assert client.get("/account/profile").status_code == 302
    assert user_authenticate(email="forsvinner@example.test", password=PASSWORD) is None
    # The address is free to register again.
    assert (
        client.post(
            "/account/register",
            data={
                "name": "Ny",
                "email": "forsvinner@example.test",
                "password": "a long enough password",
                "password_repeat": "a long enough password",
                "home_campus": str(org.trd.id),
                "locale": "nb",
            },
        ).status_code
        == 200
    )
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(User).where(User.email == "forsvinner@example.test")
        )
        == 1
    )


def test_purge_removes_personal_data_from_long_closed_issues(app, org, tmp_path):
    leader = org.leader(org.trd)
    author, supporter = org.student(), org.student()
    old = raise_issue(org, author)
    support_add(issue=old, user=supporter)
    issue_transition(
        issue=old,
        action="reject",
        actor_user=leader,
        actor=Actor.LEADER,
        public_note="Nei",
        show_actor_name=True,
    )
    issue_transition(issue=old, action="close", actor_user=leader, actor=Actor.LEADER)
    old.status_changed_at = utcnow() - timedelta(days=365 * 3 + 5)
    recent = raise_issue(org, author)
    issue_transition(issue=recent, action="reject", actor_user=leader, actor=Actor.LEADER, public_note="Nei")
    issue_transition(issue=recent, action="close", actor_user=leader, actor=Actor.LEADER)
    # A photo file nobody points to, two days old.
    folder = app.config["UPLOAD_FOLDER"]
    os.makedirs(folder, exist_ok=True)
    orphan = os.path.join(folder, "orphan.jpg")
    with open(orphan, "wb") as handle:
        handle.write(b"x")
    os.utime(orphan, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["portal", "purge"])
    assert "issues purged: 1" in result.output
    assert "photos deleted: 1" in result.output
    assert not os.path.exists(orphan)
    db.session.expire_all()
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(IssueAuthor).where(IssueAuthor.issue_id == old.id)
        )
        == 0
    )
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(Support).where(Support.issue_id == old.id))
        == 0
    )
    assert all(
        e.actor_id is None
        for e in db.session.scalars(sa.select(IssueEvent).where(IssueEvent.issue_id == old.id))
    )
    kept = db.session.get(Issue, old.id)
    assert kept.status == Status.CLOSED
    assert kept.title
    assert kept.support_count == 1
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(IssueAuthor).where(IssueAuthor.issue_id == recent.id)
        )
        == 1
    )


def test_voting_data_is_in_my_download_and_goes_with_my_account(client, org):
    """Issue #9 item 11: proposals and the voter roll were neither exported nor erased."""
    from portal.voting.models import Ballot, FocusProposal, Phase, VoterRoll
    from portal.voting.service import ballot_cast
    from tests.voting.helpers import make_proposal, make_round

    me = org.student(name="Velger")
    voting_round = make_round(org, Phase.VOTING)
    mine = make_proposal(voting_round, proposer=me, title="Flere stikkontakter")
    ballot_cast(voting_round=voting_round, voter=me, proposal_ids=[mine.id], blank=False)
    db.session.commit()
    sign_in(client, me)
    data = json.loads(client.get("/account/export").data)["focus_area_vote"]
    assert [p["title"] for p in data["proposals"]] == ["Flere stikkontakter"]
    assert [v["round"] for v in data["voted_in"]] == [f"LMU {voting_round.year}"]
    # That they voted, and the day: never what they chose.
    assert all(set(vote) == {"round", "on"} for vote in data["voted_in"])
    assert client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(FocusProposal, mine.id).proposer_id is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(VoterRoll)) == 0
    # The ballot itself stays: it never had an owner, and the results count it.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 1
