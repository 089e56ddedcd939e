"""The annual report shows the year's focus-area votes, once their results are published."""

from portal.db import utcnow
from portal.extensions import db
from portal.voting.models import Phase
from tests.factories import sign_in
from tests.voting.helpers import cast, make_proposal, make_round, set_phase


def test_published_vote_is_in_the_report_and_a_counting_one_is_not(client, org):
    secretary = org.secretary()
    voting_round = make_round(org, Phase.VOTING, year=utcnow().year + 1)
    quiet = make_proposal(voting_round, title="Stille lesesaler")
    make_proposal(voting_round, title="Bedre tilbakemeldinger")
    for _ in range(3):
        cast(voting_round, org.student(), [quiet])
    set_phase(voting_round, Phase.COUNTING)
    # Voting closed earlier this year, whatever day the test runs.
    now = utcnow()
    start_of_year = now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    closed = start_of_year + (now - start_of_year) / 2
    voting_round.proposals_open_at = voting_round.curation_at = voting_round.voting_open_at = (
        closed - (closed - start_of_year) / 2
    )
    voting_round.voting_close_at = closed
    voting_round.results_at = now + (now - closed)  # not yet published
    db.session.commit()
    sign_in(client, secretary)
    year = utcnow().year
    html = client.get(f"/reports/LMU/{year}").get_data(as_text=True)
    assert "Stille lesesaler" not in html
    voting_round.results_at = closed + (now - closed) / 2
    db.session.commit()
    html = client.get(f"/reports/LMU/{year}").get_data(as_text=True)
    assert "Stille lesesaler" in html
    assert "Bedre tilbakemeldinger" in html
