"""The home page: this year's adopted focus areas, open rounds, and the results once published."""

from datetime import timedelta

import sqlalchemy as sa

from portal.db import utcnow
from portal.extensions import db
from portal.i18n import OSLO
from portal.voting.models import Phase
from portal.voting.queries import adopted_focus_areas, home_summary
from tests.factories import make_committee
from tests.voting.helpers import make_proposal, make_round, set_phase

THIS_YEAR = utcnow().astimezone(OSLO).year


def test_adopted_focus_areas_of_this_year_are_on_the_home_page(client, org):
    voting_round = make_round(org, Phase.PUBLISHED, year=THIS_YEAR)
    make_proposal(voting_round, title="Stille lesesaler", adopted=True)
    make_proposal(voting_round, title="Ikke vedtatt")
    last_year = make_round(org, Phase.PUBLISHED, year=THIS_YEAR - 1)
    make_proposal(last_year, title="Fjorårets fokus", adopted=True)
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert "Stille lesesaler" in html
    assert "Ikke vedtatt" not in html
    assert "Fjorårets fokus" not in html
    assert f"/focus-areas/{voting_round.id}/results" in html


def test_the_results_link_appears_only_once_published(client, org):
    voting_round = make_round(org, Phase.COUNTING, year=THIS_YEAR + 1)
    make_proposal(voting_round)
    db.session.commit()
    assert f"/focus-areas/{voting_round.id}/results" not in client.get("/").get_data(as_text=True)
    set_phase(voting_round, Phase.PUBLISHED)
    db.session.commit()
    assert f"/focus-areas/{voting_round.id}/results" in client.get("/").get_data(as_text=True)


def test_open_rounds_are_announced_on_the_home_page(client, org):
    proposing = make_round(org, Phase.PROPOSALS, year=THIS_YEAR + 1)
    voting = make_round(org, Phase.VOTING, committee=make_committee("UU"), year=THIS_YEAR + 1)
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert f'href="/focus-areas/{proposing.id}"' in html
    assert f'href="/focus-areas/{voting.id}"' in html
    assert "Propose a focus area" in html
    assert "Vote on the focus areas" in html


def test_nothing_is_shown_without_rounds(client, org):
    assert 'id="focus-areas-home-title"' not in client.get("/").get_data(as_text=True)


def test_home_summary_takes_two_queries_whatever_the_number_of_rounds(app, org):
    for offset in range(6):
        voting_round = make_round(org, Phase.PUBLISHED, year=THIS_YEAR - offset)
        for n in range(3):
            make_proposal(voting_round, title=f"Fokus {offset}-{n}", adopted=True)
    db.session.flush()
    db.session.expire_all()
    statements = []

    def count(*_args, **_kwargs):
        statements.append(1)

    connection = db.session.connection()
    sa.event.listen(connection, "before_cursor_execute", count)
    try:
        summary = home_summary()
        titles = [p.display_title for _round, proposals in summary["adopted"] for p in proposals]
        names = [r.committee.name for r in summary["published"]]
    finally:
        sa.event.remove(connection, "before_cursor_execute", count)
    assert len(titles) == 3
    assert len(names) == 6
    assert len(statements) <= 2


def test_adopted_focus_areas_query_for_tagging_issues(app, org):
    voting_round = make_round(org, Phase.PUBLISHED, year=2033)
    adopted = make_proposal(voting_round, title="Vedtatt", adopted=True)
    make_proposal(voting_round, title="Ikke")
    other = make_round(org, Phase.PUBLISHED, committee=make_committee("UU"), year=2033)
    make_proposal(other, title="Annet utvalg", adopted=True)
    assert adopted_focus_areas(org.lmu, 2033) == [adopted]
    assert adopted_focus_areas(org.lmu.id, 2033) == [adopted]
    assert adopted_focus_areas(org.lmu, 2034) == []


def test_a_round_published_long_ago_leaves_the_home_page(app, org):
    voting_round = make_round(org, Phase.PUBLISHED, year=THIS_YEAR - 3)
    for attribute in ("proposals_open_at", "curation_at", "voting_open_at", "voting_close_at", "results_at"):
        setattr(voting_round, attribute, getattr(voting_round, attribute) - timedelta(days=800))
    db.session.flush()
    assert home_summary()["published"] == []
