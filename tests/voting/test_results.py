"""Results: hidden from everyone by every route until voting closes; correct, folded and charted after."""

import csv
import io
import re

import pytest

from portal.authz import Role
from portal.extensions import db
from portal.voting.models import Phase
from portal.voting.queries import SMALL_GROUP, fold_small_campuses, round_results
from portal.voting.service import round_seal
from tests.factories import make_committee, make_user, sign_in
from tests.voting.helpers import cast, make_proposal, make_round, set_phase

HIDDEN_PHASES = [Phase.UPCOMING, Phase.PROPOSALS, Phase.CURATION, Phase.VOTING]
PEOPLE = ["anonymous", "student", "leader", "member", "admin", "secretary", "other-secretary"]


@pytest.fixture
def counted(org):
    """A round with distinctive counts: "Zebra" 7 approvals, "Ugle" 3, two blank ballots, 9 voters."""
    voting_round = make_round(org, Phase.VOTING)
    zebra = make_proposal(voting_round, title="Zebrafokus")
    owl = make_proposal(voting_round, title="Uglefokus")
    for n in range(9):
        chosen = []
        if n < 7:
            chosen.append(zebra)
        if n in (0, 1, 2):
            chosen.append(owl)
        cast(voting_round, org.student(campus=org.trd), chosen)
    db.session.commit()
    return voting_round, zebra, owl


def person(org, who):
    if who == "anonymous":
        return None
    uu = make_committee("UU") if who == "other-secretary" else None
    return {
        "student": lambda: org.student(),
        "leader": lambda: org.leader(org.trd),
        "member": lambda: org.member(),
        "admin": lambda: org.admin(),
        "secretary": lambda: org.secretary(),
        "other-secretary": lambda: make_user(roles=[(Role.SECRETARY, uu)], student=False),
    }[who]()


def assert_no_results(client, voting_round, who):
    rid = voting_round.id
    page = client.get(f"/focus-areas/{rid}/results")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "not published yet" in html
    assert "Zebrafokus" not in html
    assert "Approvals" not in html
    assert "Turnout" not in html
    assert client.get(f"/focus-areas/{rid}/results.csv").status_code == 404
    as_json = client.get(f"/focus-areas/{rid}/results.json")
    assert as_json.status_code == 404
    assert as_json.get_json() == {"error": "not-published"}
    # The round page and the adoption page show no numbers either.
    round_page = client.get(f"/focus-areas/{rid}")
    if round_page.status_code == 200:
        text = round_page.get_data(as_text=True)
        assert not re.search(r"\b[79]\b\s*(approvals|votes|voters)", text, re.I)
        assert "Approvals" not in text
        assert "Turnout" not in text
    adopt = client.get(f"/focus-areas/{rid}/adopt")
    if who == "anonymous":
        assert adopt.status_code == 302
        assert "/account/sign-in" in adopt.headers["Location"]
    elif who == "secretary":
        # The round's own secretary is sent back: "Voting has not closed yet."
        assert adopt.status_code == 302
        assert adopt.headers["Location"] == f"/focus-areas/{rid}"
    else:
        assert adopt.status_code == 403


@pytest.mark.parametrize("phase", HIDDEN_PHASES)
@pytest.mark.parametrize("who", PEOPLE)
def test_results_are_hidden_from_everyone_until_voting_closes(client, org, counted, phase, who):
    voting_round, *_ = counted
    set_phase(voting_round, phase)
    user = person(org, who)
    db.session.commit()
    if user is not None:
        sign_in(client, user)
    assert_no_results(client, voting_round, who)


@pytest.mark.parametrize("who", [w for w in PEOPLE if w != "secretary"])
def test_after_the_close_only_the_secretary_sees_them_until_publication(client, org, counted, who):
    voting_round, *_ = counted
    set_phase(voting_round, Phase.COUNTING)
    user = person(org, who)
    db.session.commit()
    if user is not None:
        sign_in(client, user)
    assert_no_results(client, voting_round, who)


def test_the_secretary_sees_them_after_the_close_to_prepare_adoption(client, org, counted):
    voting_round, _zebra, _owl = counted
    set_phase(voting_round, Phase.COUNTING)
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, secretary)
    html = client.get(f"/focus-areas/{voting_round.id}/results").get_data(as_text=True)
    assert "Zebrafokus" in html
    assert "Not published yet" in html
    assert client.get(f"/focus-areas/{voting_round.id}/results.json").get_json()["voters"] == 9
    assert client.get(f"/focus-areas/{voting_round.id}/adopt").status_code == 200


@pytest.mark.parametrize("who", PEOPLE)
def test_published_results_are_public_and_correct(client, org, counted, who):
    voting_round, zebra, owl = counted
    set_phase(voting_round, Phase.PUBLISHED)
    user = person(org, who)
    db.session.commit()
    if user is not None:
        sign_in(client, user)
    client.set_cookie("lang", "en")
    data = client.get(f"/focus-areas/{voting_round.id}/results.json").get_json()
    assert data["voters"] == 9
    assert data["blank"] == 2
    by_id = {p["id"]: p for p in data["proposals"]}
    assert by_id[zebra.id]["approvals"] == 7
    assert by_id[owl.id]["approvals"] == 3
    assert by_id[zebra.id]["share_of_voters"] == pytest.approx(7 / 9)
    # The eligible students are every active student: the 9 voters, plus the signed-in student or leader.
    assert data["eligible"] == 9 + (1 if who in ("student", "leader") else 0)
    html = client.get(f"/focus-areas/{voting_round.id}/results").get_data(as_text=True)
    assert "Zebrafokus" in html
    assert re.search(r"78\W?%", html)
    assert re.search(r"33\W?%", html)


def test_results_page_has_a_chart_without_inline_styles_and_a_table(client, org, counted):
    voting_round, *_ = counted
    set_phase(voting_round, Phase.PUBLISHED)
    db.session.commit()
    html = client.get(f"/focus-areas/{voting_round.id}/results").get_data(as_text=True)
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg
    assert 'aria-labelledby="approvals-chart-title"' in svg
    assert '<title id="approvals-chart-title">' in svg
    assert "style=" not in svg
    assert "<script" not in svg
    assert svg.count('class="bar"') == 2
    widths = [int(w) for w in re.findall(r'<rect class="bar" x="0" y="\d+" width="(\d+)"', svg)]
    assert widths[0] > widths[1] > 0  # 7 approvals drawn longer than 3
    table = html[html.index("</svg>") :]
    assert "<table>" in table
    assert "<caption" in table
    assert 'scope="col"' in table


def test_csv_export(client, org, counted):
    voting_round, zebra, _owl = counted
    set_phase(voting_round, Phase.PUBLISHED)
    zebra.title_nb = zebra.title_nn = zebra.title_en = '=HYPERLINK("http://evil")'
    db.session.commit()
    response = client.get(f"/focus-areas/{voting_round.id}/results.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:2] == ["Focus area", "Approvals"]
    assert rows[1][0].startswith("'=")  # a formula is written as text
    assert rows[1][1] == "7"


def test_per_campus_breakdown_folds_small_campuses_into_other(app, org):
    voting_round = make_round(org, Phase.VOTING)
    proposal = make_proposal(voting_round)
    # Trondheim 6 voters (shown), Gjøvik 5 (folded), Ålesund 1 (folded), one without a campus (folded).
    for campus, voters in ((org.trd, 6), (org.gjo, 5), (org.ale, 1)):
        for _ in range(voters):
            cast(voting_round, org.student(campus=campus), [proposal])
    no_campus = org.student()
    no_campus.home_campus_id = None
    db.session.flush()
    cast(voting_round, no_campus, [])
    set_phase(voting_round, Phase.COUNTING)
    round_seal(voting_round=voting_round)
    results = round_results(voting_round)
    groups = {group.key: group for group in results.groups}
    assert set(groups) == {"TRD", "other"}
    assert groups["TRD"].voters == 6
    assert groups["TRD"].approvals == {proposal.id: 6}
    assert groups["other"].voters == 7
    assert groups["other"].approvals == {proposal.id: 6}
    assert groups["TRD"].eligible == 6
    assert groups["other"].eligible == 7
    assert results.voters == 13
    assert results.blank == 1


def test_a_small_other_group_takes_the_smallest_campus_with_it():
    # "Other" would hold 2 voters, which the total minus the shown campuses would give away.
    shown, folded = fold_small_campuses({1: 40, 2: 8, 3: 2})
    assert shown == [1]
    assert sorted(folded) == [2, 3]
    # Nothing small: nothing folded.
    assert fold_small_campuses({1: 6, 2: 7}) == ([1, 2], [])
    # Exactly five is folded, six is shown.
    shown, folded = fold_small_campuses({1: SMALL_GROUP + 1, 2: SMALL_GROUP, 3: SMALL_GROUP + 1, None: 1})
    assert shown == [1, 3]
    assert sorted(folded, key=str) == [2, None]
    # Everything small: all of it is "other", which is the total.
    assert fold_small_campuses({1: 2, 2: 3}) == ([], [1, 2])


def test_turnout_per_campus_on_the_page(client, org):
    voting_round = make_round(org, Phase.VOTING)
    proposal = make_proposal(voting_round)
    for _ in range(6):
        cast(voting_round, org.student(campus=org.gjo), [proposal])
    for _ in range(4):
        org.student(campus=org.gjo)  # eligible, did not vote
    for _ in range(6):
        cast(voting_round, org.student(campus=org.ale), [])
    set_phase(voting_round, Phase.PUBLISHED)
    db.session.commit()
    data = client.get(f"/focus-areas/{voting_round.id}/results.json").get_json()
    campuses = {c["campus"]: c for c in data["campuses"]}
    assert campuses["GJO"]["voters"] == 6
    assert campuses["GJO"]["eligible"] == 10
    assert campuses["GJO"]["turnout"] == pytest.approx(0.6)
    assert campuses["ALE"]["approvals"] == {}
    assert data["turnout"] == pytest.approx(12 / 16)


def test_results_of_an_unknown_round_are_404(client):
    for suffix in ("results", "results.csv", "results.json"):
        assert client.get(f"/focus-areas/999999/{suffix}").status_code == 404
