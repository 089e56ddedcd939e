"""Who may curate and manage rounds, checked by GET and by crafted POST for every such URL."""

import pytest
import sqlalchemy as sa

from portal.authz import Role
from portal.extensions import db
from portal.voting.models import FocusProposal, Phase, ProposalStatus, VotingRound
from tests.factories import make_committee, make_user, sign_in
from tests.voting.helpers import make_proposal, make_round

PEOPLE = ["anonymous", "student", "leader", "member", "admin", "other-secretary", "secretary"]
CURATORS = {"leader", "secretary"}
MANAGERS = {"secretary"}


@pytest.fixture
def setup(org):
    curating = make_round(org, Phase.CURATION)
    pending = make_proposal(curating, title="Ventande", status=ProposalStatus.PENDING)
    approved = make_proposal(curating, title="Godkjent")
    closed = make_round(org, Phase.COUNTING, year=2030)
    on_ballot = make_proposal(closed, title="Vald")
    uu = make_committee("UU")
    people = {
        "anonymous": None,
        "student": org.student(),
        "leader": org.leader(org.ale),
        "member": org.member(),
        "admin": org.admin(),
        "other-secretary": make_user(roles=[(Role.SECRETARY, uu)], student=False),
        "secretary": org.secretary(),
    }
    db.session.commit()
    return {"curating": curating, "pending": pending, "approved": approved, "closed": closed,
            "on_ballot": on_ballot, "people": people, "org": org}  # fmt: skip


def snapshot(setup):
    db.session.expire_all()
    rounds = db.session.execute(
        sa.select(
            VotingRound.id, VotingRound.curation_at, VotingRound.voting_open_at, VotingRound.max_choices
        ).order_by(VotingRound.id)
    ).all()
    proposals = db.session.execute(
        sa.select(
            FocusProposal.id, FocusProposal.status, FocusProposal.title_nb, FocusProposal.decline_reason,
            FocusProposal.merged_into_id, FocusProposal.adopted,
        ).order_by(FocusProposal.id)
    ).all()  # fmt: skip
    return rounds, proposals


def requests_for(setup):
    r, p, a, c, b = (setup[k] for k in ("curating", "pending", "approved", "closed", "on_ballot"))
    times = {
        f"{attr}_{part}": value
        for attr, date, time in [
            ("proposals_open_at", "2040-01-01", "09:00"),
            ("curation_at", "2040-01-10", "09:00"),
            ("voting_open_at", "2040-01-20", "09:00"),
            ("voting_close_at", "2040-01-30", "09:00"),
            ("results_at", "2040-02-01", "09:00"),
        ]
        for part, value in (("date", date), ("time", time))
    }
    base = f"/focus-areas/{r.id}"
    wording = {
        "wording-title_nb": "Nytt",
        "wording-title_nn": "Nytt",
        "wording-title_en": "New",
        "action": "approve",
    }
    return [
        # (method, url, data, who may, what they get). Moving a round's past phases is refused
        # by a rule (400): that the rule answers, not 403, shows the permission let them in.
        ("GET", f"{base}/edit", None, MANAGERS, 200),
        ("POST", f"{base}/edit", {"max_choices": "5", **times}, MANAGERS, 400),
        ("POST", f"{base}/advance", {"phase": "curation"}, MANAGERS, 302),
        ("GET", f"/focus-areas/{c.id}/adopt", None, MANAGERS, 200),
        ("POST", f"/focus-areas/{c.id}/adopt", {"adopted": [str(b.id)]}, MANAGERS, 302),
        ("GET", f"{base}/curate", None, CURATORS, 200),
        ("GET", f"{base}/proposals/{p.id}", None, CURATORS, 200),
        ("POST", f"{base}/proposals/{p.id}", wording, CURATORS, 302),
        ("POST", f"{base}/proposals/{p.id}/decline", {"decline-reason": "Nei."}, CURATORS, 302),
        ("POST", f"{base}/proposals/{p.id}/merge", {"merge-into": str(a.id)}, CURATORS, 302),
    ]


@pytest.mark.parametrize("who", PEOPLE)
def test_curation_and_management_urls_by_role(client, setup, who):
    user = setup["people"][who]
    if user is not None:
        sign_in(client, user)
    for method, url, data, allowed, expected in requests_for(setup):
        before = snapshot(setup)
        response = client.open(url, method=method, data=data)
        if who == "anonymous":
            assert response.status_code == 302, (
                method,
                url,
            )
            assert "/account/sign-in" in response.headers["Location"], (
                method,
                url,
            )
        elif who in allowed:
            assert response.status_code == expected, (method, url, response.status_code)
        else:
            assert response.status_code == 403, (who, method, url, response.status_code)
        if who not in allowed:
            assert snapshot(setup) == before, (who, method, url)
        # Undo what an allowed person changed, so each request meets the same state.
        if who in allowed and method == "POST":
            db.session.rollback()
            _restore(setup)


def _restore(setup):
    from tests.voting.helpers import phase_times

    for key, phase in (("curating", Phase.CURATION), ("closed", Phase.COUNTING)):
        voting_round = db.session.get(VotingRound, setup[key].id)
        for attribute, value in phase_times(phase).items():
            setattr(voting_round, attribute, value)
        voting_round.max_choices = 3
    pending = db.session.get(FocusProposal, setup["pending"].id)
    pending.status, pending.decline_reason, pending.merged_into_id = ProposalStatus.PENDING, None, None
    pending.title_nb = pending.title_nn = pending.title_en = None
    db.session.get(FocusProposal, setup["on_ballot"].id).adopted = False
    db.session.commit()


@pytest.mark.parametrize("who", PEOPLE)
def test_creating_rounds(client, setup, who):
    user = setup["people"][who]
    if user is not None:
        sign_in(client, user)
    org = setup["org"]
    data = {"committee": str(org.lmu.id), "year": "2045", "max_choices": "3"}
    for attr, day in (
        ("proposals_open_at", 1),
        ("curation_at", 2),
        ("voting_open_at", 3),
        ("voting_close_at", 4),
        ("results_at", 5),
    ):
        data[f"{attr}_date"] = f"2044-10-0{day}"
        data[f"{attr}_time"] = "09:00"
    rounds_before = db.session.scalar(sa.select(sa.func.count()).select_from(VotingRound))
    get = client.get("/focus-areas/new")
    post = client.post("/focus-areas/new", data=data)
    rounds_after = db.session.scalar(sa.select(sa.func.count()).select_from(VotingRound))
    if who == "anonymous":
        assert get.status_code == post.status_code == 302
    elif who == "secretary":
        assert get.status_code == 200
        assert post.status_code == 302
        assert rounds_after == rounds_before + 1
        return
    elif who == "other-secretary":
        # A secretary of another committee cannot create a round for this one.
        assert get.status_code == 200
        assert post.status_code == 400
        assert "error-summary" in post.get_data(as_text=True)
    else:
        assert get.status_code == post.status_code == 403
    assert rounds_after == rounds_before


@pytest.mark.parametrize("who", ["member", "admin", "secretary", "other-secretary"])
def test_only_students_propose(client, org, who):
    voting_round = make_round(org, Phase.PROPOSALS)
    user = {
        "member": org.member,
        "admin": org.admin,
        "secretary": org.secretary,
        "other-secretary": lambda: make_user(roles=[(Role.SECRETARY, make_committee("UU"))], student=False),
    }[who]()
    db.session.commit()
    sign_in(client, user)
    url = f"/focus-areas/{voting_round.id}/propose"
    assert client.get(url).status_code == 403
    assert client.post(url, data={"title": "X", "reason": "Y", "language": "nb"}).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FocusProposal)) == 0


def test_students_see_no_curation_links(client, setup):
    sign_in(client, setup["people"]["student"])
    html = client.get(f"/focus-areas/{setup['curating'].id}").get_data(as_text=True)
    assert "/curate" not in html
    assert "/edit" not in html
    assert "/advance" not in html


def test_unknown_rounds_and_proposals_are_404(client, setup):
    sign_in(client, setup["people"]["secretary"])
    r, c = setup["curating"], setup["closed"]
    assert client.get("/focus-areas/999999").status_code == 404
    assert client.get(f"/focus-areas/{r.id}/proposals/999999").status_code == 404
    # A proposal of another round, addressed through this one.
    assert client.get(f"/focus-areas/{r.id}/proposals/{setup['on_ballot'].id}").status_code == 404
    assert (
        client.post(
            f"/focus-areas/{c.id}/proposals/{setup['pending'].id}/decline", data={"decline-reason": "x"}
        ).status_code
        == 404
    )
