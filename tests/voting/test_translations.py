"""The focus-area pages, messages and e-mails in bokmål and nynorsk.

These run once translations/pending/voting.json is merged into the catalogs; until
then the pages show English and the tests are skipped.
"""

import pytest
import sqlalchemy as sa

from portal.core.catalogs import load
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.voting.models import Phase
from tests.factories import sign_in
from tests.voting.helpers import make_proposal, make_round


def _merged() -> bool:
    return any(m.id == "Cast my vote" and m.string for m in load("nn"))


pytestmark = pytest.mark.skipif(not _merged(), reason="waits for translations/pending/voting.json")


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("nn", ["Gi røysta mi", "Røyst blankt", "Kva fokusområde bør utvalet arbeide med?", "Fokusområde"]),
        (
            "nb",
            [
                "Avgi stemmen min",
                "Stem blankt",
                "Hvilke fokusområder bør utvalget arbeide med?",
                "Fokusområder",
            ],
        ),
    ],
)
def test_the_ballot_speaks_the_students_language(client, org, language, texts):
    voting_round = make_round(org, Phase.VOTING, max_choices=1)
    make_proposal(voting_round)
    student = org.student(locale=language)
    db.session.commit()
    sign_in(client, student)
    html = client.get(f"/focus-areas/{voting_round.id}/vote").get_data(as_text=True)
    for text in texts:
        assert text in html, text


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("nn", "Vel høgst 2 fokusområde."),
        ("nb", "Velg høyst 2 fokusområder."),
        ("en", "Choose at most 2 focus areas."),
    ],
)
def test_ballot_errors_are_translated(client, org, language, message):
    voting_round = make_round(org, Phase.VOTING, max_choices=2)
    ids = [str(make_proposal(voting_round, title=f"F{n}").id) for n in range(3)]
    student = org.student(locale=language)
    db.session.commit()
    sign_in(client, student)
    response = client.post(f"/focus-areas/{voting_round.id}/vote", data={"choices": ids, "action": "vote"})
    assert message in response.get_data(as_text=True)


def test_announcements_are_mailed_in_nynorsk(app, org):
    make_round(org, Phase.PROPOSALS, year=2031)
    student = org.student(locale="nn")
    db.session.commit()
    app.test_cli_runner().invoke(args=["portal", "voting-announce"])
    mail = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.to_address == student.email))
    assert mail.subject == "Føreslå fokusområde for 2031"
    assert "Læringsmiljøutvalet" in mail.body_text
