"""Leaders tag issues with one of this year's adopted focus areas; students see the tag."""

from datetime import timedelta

import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.db import utcnow
from portal.extensions import db
from portal.voting.models import FocusProposal, VotingRound
from tests.factories import sign_in
from tests.issues.helpers import raise_issue


def make_round(org, year, titles, adopted=True):
    now = utcnow()
    voting_round = VotingRound(
        committee_id=org.lmu.id,
        year=year,
        proposals_open_at=now - timedelta(days=50),
        curation_at=now - timedelta(days=40),
        voting_open_at=now - timedelta(days=30),
        voting_close_at=now - timedelta(days=20),
        results_at=now - timedelta(days=10),
    )
    db.session.add(voting_round)
    db.session.flush()
    areas = []
    for title in titles:
        area = FocusProposal(
            round_id=voting_round.id,
            title=title,
            reason="…",
            language="nb",
            status="approved",
            title_nb=title,
            title_nn=title,
            title_en=title,
            adopted=adopted,
        )
        db.session.add(area)
        areas.append(area)
    db.session.flush()
    return areas


def test_tag_an_issue_with_an_adopted_focus_area(client, org):
    [quiet] = make_round(org, utcnow().year, ["Stille lesesaler"])
    [old] = make_round(org, utcnow().year - 1, ["Fjorårets tema"])
    issue = raise_issue(org, org.student())
    leader = org.leader(org.trd)
    db.session.commit()
    sign_in(client, leader)
    page = client.get(f"/triage/issues/{issue.reference}").get_data(as_text=True)
    assert "Stille lesesaler" in page
    assert "Fjorårets tema" not in page
    # Last year's focus area, or another id, is refused.
    client.post(f"/triage/issues/{issue.reference}/focus-area", data={"focus-focus_area": str(old.id)})
    client.post(f"/triage/issues/{issue.reference}/focus-area", data={"focus-focus_area": "abc"})
    db.session.refresh(issue)
    assert issue.focus_area_id is None
    assert (
        client.post(
            f"/triage/issues/{issue.reference}/focus-area", data={"focus-focus_area": str(quiet.id)}
        ).status_code
        == 302
    )
    db.session.refresh(issue)
    assert issue.focus_area_id == quiet.id
    assert "Stille lesesaler" in client.get(f"/issues/{issue.reference}").get_data(as_text=True)
    assert "Stille lesesaler" in client.get("/campus/TRD/issues").get_data(as_text=True)
    assert db.session.scalar(sa.select(AuditEvent.after).where(AuditEvent.action == "issue.focus-area")) == {
        "focus_area_id": quiet.id
    }
    # And untagged again.
    client.post(f"/triage/issues/{issue.reference}/focus-area", data={"focus-focus_area": "0"})
    db.session.refresh(issue)
    assert issue.focus_area_id is None


def test_only_the_campus_leader_tags(client, org):
    [area] = make_round(org, utcnow().year, ["Tema"])
    issue = raise_issue(org, org.student())
    for person in (org.leader(org.gjo), org.student(), org.secretary()):
        db.session.commit()
        sign_in(client, person)
        assert (
            client.post(
                f"/triage/issues/{issue.reference}/focus-area", data={"focus-focus_area": str(area.id)}
            ).status_code
            == 403
        )
    db.session.refresh(issue)
    assert issue.focus_area_id is None
    assert db.session.get(FocusProposal, area.id) is not None
