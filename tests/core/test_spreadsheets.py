"""CSV exports: no cell a spreadsheet would run as a formula, even behind leading white space."""

import csv
import io
from decimal import Decimal

import pytest

from portal.core.spreadsheets import safe_cell
from portal.extensions import db
from portal.voting.models import Phase
from tests.voting.helpers import cast, make_proposal, make_round, set_phase

FORMULAS = [
    '=HYPERLINK("http://evil.example")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "  =1+1",
    "\t=1+1",
    " \t @SUM(A1)",
    "\r\n=1+1",
    "\u00a0+1",  # no-break space
    "\u3000-1",  # ideographic space
    "\u200b@cmd",  # zero-width space: invisible, and str.strip() keeps it
    "\ufeff=1",  # byte order mark
    "\uff1d1+1",  # full-width equals sign
]
PLAIN = ["Lesesal", " Lesesal", "Lesesal-rom", "e-post @ campus", "Æ=Ø"]


@pytest.mark.parametrize("text", FORMULAS)
def test_formulas_become_text(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_is_left_alone(text):
    assert safe_cell(text) == text


@pytest.mark.parametrize("number", [0, 7, -3, 0.25, Decimal("-1.5")])
def test_numbers_stay_numbers(number):
    assert safe_cell(number) == number


def test_the_focus_area_results_export(client, org):
    """Through the real export URL: every title that could start a formula starts with an apostrophe."""
    voting_round = make_round(org, Phase.VOTING)
    proposals = [make_proposal(voting_round, title=title) for title in FORMULAS + PLAIN]
    cast(voting_round, org.student(), proposals[:3])
    set_phase(voting_round, Phase.PUBLISHED)
    db.session.commit()
    response = client.get(f"/focus-areas/{voting_round.id}/results.csv", headers={"Accept-Language": "nb"})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"), newline="")))
    titles = {row[0] for row in rows[1 : 1 + len(proposals)]}
    assert titles == {"'" + text for text in FORMULAS} | set(PLAIN)
    # No cell anywhere in the file would be run as a formula.
    for row in rows:
        for cell in row:
            assert safe_cell(cell) == cell or cell.startswith("'"), cell
