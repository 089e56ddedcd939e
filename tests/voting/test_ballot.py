"""Casting a ballot through the form, and every kind of bad input: a clear message, nothing counted twice."""

import pytest

from portal.extensions import db
from portal.voting import service
from portal.voting.models import Phase, ProposalStatus
from tests.factories import make_committee, sign_in
from tests.voting.helpers import (
    ballot_count,
    cast,
    choice_count,
    flashes,
    make_proposal,
    make_round,
    roll_count,
)


@pytest.fixture
def ballot(org):
    """A round in the voting phase (N = 2) with three approved proposals, one declined, one pending."""
    voting_round = make_round(org, Phase.VOTING, max_choices=2)
    approved = [make_proposal(voting_round, title=t) for t in ("Lesesal", "Grupperom", "Kantine")]
    declined = make_proposal(voting_round, title="Gratis kaffe", status=ProposalStatus.DECLINED)
    pending = make_proposal(voting_round, title="Ventar", status=ProposalStatus.PENDING)
    student = org.student()
    db.session.commit()
    return voting_round, approved, declined, pending, student


def vote_url(voting_round) -> str:
    return f"/focus-areas/{voting_round.id}/vote"


def post_vote(client, voting_round, ids=(), action="vote"):
    return client.post(vote_url(voting_round), data={"choices": [str(i) for i in ids], "action": action})


def test_a_student_votes_for_up_to_n(client, ballot):
    voting_round, approved, _declined, _pending, student = ballot
    sign_in(client, student)
    page = client.get(vote_url(voting_round)).get_data(as_text=True)
    for proposal in approved:
        assert proposal.title in page
    assert "Gratis kaffe" not in page
    assert "Ventar" not in page
    response = post_vote(client, voting_round, [approved[0].id, approved[2].id])
    assert response.status_code == 302
    assert response.headers["Location"] == f"/focus-areas/{voting_round.id}"
    assert "Thank you for voting" in flashes(client.get(response.headers["Location"]).get_data(as_text=True))
    assert (roll_count(voting_round), ballot_count(voting_round), choice_count()) == (1, 1, 2)


def test_a_blank_ballot_counts_for_turnout(client, ballot):
    voting_round, _approved, _declined, _pending, student = ballot
    sign_in(client, student)
    response = post_vote(client, voting_round, [], action="blank")
    assert response.status_code == 302
    assert (roll_count(voting_round), ballot_count(voting_round), choice_count()) == (1, 1, 0)


def _refused(client, response, voting_round, message, status=400):
    """Refused on the ballot page itself (400, the choices kept), or sent back to the round (302)."""
    assert response.status_code == status
    html = (
        response.get_data(as_text=True)
        if status == 400
        else client.get(response.headers["Location"]).get_data(as_text=True)
    )
    assert message in html, html[:3000]
    assert (roll_count(voting_round), ballot_count(voting_round)) == (0, 0)


@pytest.mark.parametrize(
    ("choose", "action", "message"),
    [
        ("three", "vote", "Choose at most 2 focus areas."),
        ("declined", "vote", "One of your choices is not on the ballot."),
        ("pending", "vote", "One of your choices is not on the ballot."),
        ("other-round", "vote", "One of your choices is not on the ballot."),
        ("not-a-number", "vote", "One of your choices is not on the ballot."),
        ("unknown", "vote", "One of your choices is not on the ballot."),
        ("none", "vote", "Choose at least one focus area, or cast a blank ballot."),
        ("one", "blank", "Uncheck them to vote blank"),
    ],
)
def test_bad_ballots_are_refused_with_a_message(client, org, ballot, choose, action, message):
    voting_round, approved, declined, pending, student = ballot
    other = make_round(org, Phase.VOTING, committee=make_committee("UU"))
    elsewhere = make_proposal(other, title="Annen runde")
    db.session.commit()
    ids = {
        "three": [p.id for p in approved],
        "declined": [declined.id],
        "pending": [pending.id],
        "other-round": [elsewhere.id],
        "not-a-number": ["abc"],
        "unknown": [999999],
        "none": [],
        "one": [approved[0].id],
    }[choose]
    sign_in(client, student)
    response = post_vote(client, voting_round, ids, action=action)
    _refused(client, response, voting_round, message)
    # What the student chose is still ticked, so nothing is lost.
    if choose == "three":
        assert response.get_data(as_text=True).count("checked") == 3


def test_a_second_ballot_is_refused(client, ballot):
    voting_round, approved, _declined, _pending, student = ballot
    sign_in(client, student)
    assert post_vote(client, voting_round, [approved[0].id]).status_code == 302
    second = post_vote(client, voting_round, [approved[1].id])
    assert second.status_code == 302
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "You have already voted in this round" in flashes(page)
    assert (roll_count(voting_round), ballot_count(voting_round), choice_count()) == (1, 1, 1)


def test_a_replayed_post_counts_once(client, ballot, csrf):
    """The same request body, CSRF token included, sent again (a double tap, a resent form)."""
    voting_round, approved, _declined, _pending, student = ballot
    sign_in(client, student)
    page = client.get(vote_url(voting_round)).get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    data = {"csrf_token": token, "choices": [str(approved[1].id)], "action": "vote"}
    responses = [client.post(vote_url(voting_round), data=data) for _ in range(3)]
    assert [r.status_code for r in responses] == [302, 302, 302]
    assert (roll_count(voting_round), ballot_count(voting_round), choice_count()) == (1, 1, 1)


def test_the_database_refuses_a_second_ballot_that_slipped_past_the_check(client, ballot, monkeypatch):
    """Two requests of one student at the same instant both pass the "has voted?" check; the
    roll's primary key stops the second inside its transaction, and the student gets a message."""
    voting_round, approved, _declined, _pending, student = ballot
    monkeypatch.setattr(service, "has_voted", lambda *_args: False)
    monkeypatch.setattr("portal.voting.views.ballot.voted_on", lambda *_args: None)
    sign_in(client, student)
    assert post_vote(client, voting_round, [approved[0].id]).status_code == 302
    second = post_vote(client, voting_round, [approved[1].id, approved[2].id])
    assert second.status_code == 302
    assert "You have already voted in this round" in flashes(
        client.get(second.headers["Location"]).get_data(as_text=True)
    )
    assert (roll_count(voting_round), ballot_count(voting_round), choice_count()) == (1, 1, 1)


@pytest.mark.parametrize(
    "phase", [Phase.UPCOMING, Phase.PROPOSALS, Phase.CURATION, Phase.COUNTING, Phase.PUBLISHED]
)
def test_no_voting_outside_the_voting_phase(client, org, phase):
    voting_round = make_round(org, phase)
    proposal = make_proposal(voting_round)
    student = org.student()
    db.session.commit()
    sign_in(client, student)
    assert client.get(vote_url(voting_round)).status_code == 302
    response = post_vote(client, voting_round, [proposal.id])
    _refused(client, response, voting_round, "Voting is not open in this round.", status=302)


@pytest.mark.parametrize("who", ["secretary", "member", "admin", "inactive"])
def test_only_active_students_vote(client, org, ballot, who):
    voting_round, approved, *_rest = ballot
    person = {
        "secretary": lambda: org.secretary(),
        "member": lambda: org.member(),
        "admin": lambda: org.admin(),
        "inactive": lambda: org.student(),
    }[who]()
    db.session.commit()
    sign_in(client, person)
    if who == "inactive":
        person.active = False
        db.session.commit()
        # A deactivated account is signed out: the vote goes nowhere.
        response = post_vote(client, voting_round, [approved[0].id])
        assert response.status_code == 302
        assert "/account/sign-in" in response.headers["Location"]
    else:
        assert client.get(vote_url(voting_round)).status_code == 403
        assert post_vote(client, voting_round, [approved[0].id]).status_code == 403
    assert (roll_count(voting_round), ballot_count(voting_round)) == (0, 0)


def test_anonymous_visitors_are_sent_to_sign_in(client, ballot):
    voting_round, approved, *_rest = ballot
    response = post_vote(client, voting_round, [approved[0].id])
    assert response.status_code == 302
    assert "/account/sign-in" in response.headers["Location"]
    assert ballot_count(voting_round) == 0


def test_a_campus_leader_who_is_a_student_votes_like_anyone(client, org, ballot):
    voting_round, approved, *_rest = ballot
    leader = org.leader(org.gjo)
    db.session.commit()
    sign_in(client, leader)
    assert post_vote(client, voting_round, [approved[0].id]).status_code == 302
    assert ballot_count(voting_round) == 1


def test_the_ballot_keeps_the_voters_campus_at_voting_time(app, org, ballot):
    from portal.voting.models import Ballot

    voting_round, approved, *_rest = ballot
    moving = org.student(campus=org.ale)
    cast(voting_round, moving, approved[:1])
    moving.home_campus_id = org.gjo.id
    db.session.flush()
    assert db.session.query(Ballot.campus_id).filter_by(round_id=voting_round.id).scalar() == org.ale.id


def test_voting_is_rate_limited_per_account(client, ballot, rate_limit):
    voting_round, _approved, *_rest = ballot
    rate_limit("RATELIMIT_VOTE", "3 per minute")
    sign_in(client, ballot[4])
    codes = [post_vote(client, voting_round, [999999]).status_code for _ in range(4)]
    assert codes == [400, 400, 400, 429]
    assert ballot_count(voting_round) == 0


def test_a_huge_post_is_refused_without_a_server_error(client, ballot):
    voting_round, *_rest, student = ballot
    sign_in(client, student)
    response = client.post(
        vote_url(voting_round), data={"choices": [str(n) for n in range(1, 20_000)], "action": "vote"}
    )
    assert response.status_code == 400
    assert ballot_count(voting_round) == 0


def test_the_same_choice_sent_many_times_counts_once(client, ballot):
    voting_round, approved, *_rest, student = ballot
    sign_in(client, student)
    response = client.post(
        vote_url(voting_round), data={"choices": [str(approved[0].id)] * 500, "action": "vote"}
    )
    assert response.status_code == 302
    assert (ballot_count(voting_round), choice_count()) == (1, 1)
