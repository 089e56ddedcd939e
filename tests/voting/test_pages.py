"""Pages: the same number of queries whatever the length of the list, and every page in every language."""

import re
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.voting.models import Phase, ProposalStatus
from tests.factories import sign_in
from tests.voting.helpers import cast, make_proposal, make_round, set_phase


@contextmanager
def counting_queries():
    statements = []
    connection = db.session.connection()

    def count(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append(statement)

    sa.event.listen(connection, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(connection, "before_cursor_execute", count)


def queries_for(client, url) -> int:
    with counting_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


@pytest.mark.parametrize("page", ["curate", "round", "results"])
def test_lists_take_a_fixed_number_of_queries(client, org, page):
    counts = []
    for size in (3, 30):
        voting_round = make_round(org, Phase.VOTING, year=2040 + size)
        proposals = [make_proposal(voting_round, title=f"Fokus {n}") for n in range(size)]
        for proposal in proposals[::2]:
            make_proposal(
                voting_round,
                title=f"Slått saman {proposal.id}",
                status=ProposalStatus.MERGED,
                merged_into_id=proposal.id,
            )
        for n in range(12):  # the same voters, so the campus breakdown has the same shape
            cast(voting_round, org.student(), proposals[n % size : n % size + 2])
        set_phase(voting_round, Phase.PUBLISHED if page == "results" else Phase.CURATION)
        secretary = org.secretary()
        db.session.commit()
        sign_in(client, secretary)
        url = {
            "curate": f"/focus-areas/{voting_round.id}/curate",
            "round": f"/focus-areas/{voting_round.id}",
            "results": f"/focus-areas/{voting_round.id}/results",
        }[page]
        queries_for(client, url)  # warm up (first-request work)
        counts.append(queries_for(client, url))
    assert counts[0] == counts[1], counts


PAGES = [
    ("student", "/focus-areas/"),
    ("student", "/focus-areas/{voting}"),
    ("student", "/focus-areas/{voting}/vote"),
    ("student", "/focus-areas/{proposing}/propose"),
    ("student", "/focus-areas/{published}"),
    (None, "/focus-areas/{published}/results"),
    (None, "/focus-areas/{voting}/results"),
    (None, "/"),
    ("secretary", "/focus-areas/new"),
    ("secretary", "/focus-areas/{voting}/edit"),
    ("secretary", "/focus-areas/{proposing}/curate"),
    ("secretary", "/focus-areas/{proposing}/proposals/{proposal}"),
    ("secretary", "/focus-areas/{voting}/proposals/{on_ballot}"),
    ("secretary", "/focus-areas/{published}/adopt"),
]


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_page_renders_in_every_language(client, org, language):
    from portal.i18n import OSLO
    from portal.voting.service import utcnow

    this_year = utcnow().astimezone(OSLO).year
    voting = make_round(org, Phase.VOTING, year=this_year + 1)
    on_ballot = make_proposal(voting)
    proposing = make_round(org, Phase.PROPOSALS, year=this_year + 2)
    proposal = make_proposal(proposing, status=ProposalStatus.PENDING)
    published = make_round(org, Phase.VOTING, year=this_year)
    adopted = make_proposal(published, title="Vedteke fokus")
    cast(published, org.student(campus=org.gjo), [adopted])
    set_phase(published, Phase.PUBLISHED)
    adopted.adopted = True
    people = {"student": org.student(locale=language), "secretary": org.secretary(locale=language)}
    db.session.commit()
    ids = {"voting": voting.id, "proposing": proposing.id, "published": published.id,
           "proposal": proposal.id, "on_ballot": on_ballot.id}  # fmt: skip
    for who, template in PAGES:
        client = client.application.test_client()
        client.set_cookie("lang", language)
        if who:
            sign_in(client, people[who])
        url = template.format(**ids)
        response = client.get(url)
        assert response.status_code == 200, (who, url, response.status_code)
        html = response.get_data(as_text=True)
        assert re.search(rf'<html lang="{language}">', html), url
        assert "{{" not in html, url
        assert "%(" not in html, url
