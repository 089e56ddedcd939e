"""While a round is open its results move in steps of at least the minimum group size, so an
owner who reloads after each answer cannot see what one student answered (portal/surveys/live.py)."""

from __future__ import annotations

import json

import sqlalchemy as sa

from portal.db import utcnow
from portal.extensions import db
from portal.surveys.live import step_due
from portal.surveys.models import SurveyLiveResults
from portal.surveys.service import round_seal
from tests.factories import sign_in
from tests.surveys.helpers import answer, full_answers, make_round


def test_a_new_step_needs_the_minimum_of_new_answers():
    assert step_due(None, 0, 5)
    assert step_due(None, 3, 5)
    assert not step_due(6, 6, 5)
    assert not step_due(6, 10, 5)
    assert step_due(6, 11, 5)


def _answers(survey_round, likert: str, how_many: int, org) -> None:
    definition = survey_round.version.spec
    for _ in range(how_many):
        answer(survey_round, org.student(campus=org.trd), full_answers(definition, likert=likert))
    db.session.commit()


def _results(client, survey_round) -> dict:
    response = client.get(f"/surveys/{survey_round.id}/results.json")
    assert response.status_code == 200
    return response.get_json()


def _likert_counts(data: dict, question: str) -> dict:
    found = next(q for q in data["questions"] if q["id"] == question)
    return found["overall"]["counts"]


def test_one_more_answer_does_not_show_until_a_full_step_has_come_in(client, org):
    survey_round = make_round(org, "open", min_group=5)
    _answers(survey_round, "4", 6, org)
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, secretary)

    first = _results(client, survey_round)
    assert first["responses"] == 6
    assert _likert_counts(first, "fys-rom") == {"1": 0, "2": 0, "3": 0, "4": 6, "5": 0, "dont_know": 0}

    # One student answers "1": reloading shows nothing of it, on the page or in any download.
    _answers(survey_round, "1", 1, org)
    again = _results(client, survey_round)
    assert again["responses"] == 6
    assert _likert_counts(again, "fys-rom") == _likert_counts(first, "fys-rom")
    page = client.get(f"/surveys/{survey_round.id}/results").get_data(as_text=True)
    assert "based on the first 6 answers" in page
    csv_text = client.get(f"/surveys/{survey_round.id}/results.csv").get_data(as_text=True)
    overall = [row for row in csv_text.splitlines() if row.startswith("fys-rom;") and ";All campuses;" in row]
    assert overall
    assert {row.split(";")[3] for row in overall} == {"6"}  # answers to the question, all campuses

    # Four more: still one short of a step of five.
    _answers(survey_round, "1", 3, org)
    assert _results(client, survey_round)["responses"] == 6
    # The fifth new answer completes the step: all five show together.
    _answers(survey_round, "1", 1, org)
    moved = _results(client, survey_round)
    assert moved["responses"] == 11
    assert _likert_counts(moved, "fys-rom")["1"] == 5


def test_after_the_close_the_results_are_the_box_and_the_step_goes_at_the_seal(client, org):
    survey_round = make_round(org, "open", min_group=5)
    _answers(survey_round, "4", 6, org)
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, secretary)
    assert _results(client, survey_round)["responses"] == 6
    _answers(survey_round, "2", 2, org)
    survey_round.closes_at = utcnow()
    db.session.commit()
    assert _results(client, survey_round)["responses"] == 8

    stored = db.session.get(SurveyLiveResults, survey_round.id)
    assert stored is not None
    # Aggregates only: nothing in the stored step names a response.
    data = json.dumps(stored.aggregates)
    from portal.surveys.models import SurveyResponse

    for response_id in db.session.scalars(sa.select(SurveyResponse.id)):
        assert response_id not in data
    assert round_seal(survey_round=survey_round)
    db.session.commit()
    assert db.session.get(SurveyLiveResults, survey_round.id) is None
