"""Survey results are answered by measures (issue 12, part 3): a measure names a published round,
optionally one question of it (its stable id) and a campus; students see the measures, with status
and evaluation, on the round's published results page."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.i18n import today_in_oslo
from portal.measures.models import Measure, MeasureStatus
from portal.measures.service import (
    MeasureError,
    measure_create,
    measure_evaluate,
    measure_set_status,
    measure_update,
)
from tests.factories import sign_in
from tests.measures.helpers import make_measure
from tests.surveys.helpers import make_round

QUESTION = "fys-plasser"  # "There are enough places to read and work on campus."


@pytest.fixture
def rounds(org):
    published = make_round(org, "published")
    closed = make_round(org, "closed")
    db.session.commit()
    return published, closed


def _form(**values):
    return {
        "title": "Flere lesesalsplasser",
        "purpose": "Det er for få plasser å lese på.",
        "criterion": "Minst 4 av 5 er enige i neste undersøkelse.",
        "responsible_unit": "0",
        "responsible_text": "Bibliotekleder",
        "due_on": (today_in_oslo() + timedelta(days=60)).isoformat(),
        "issues": "",
        "agenda_item": "0",
        "survey_result": "",
        "survey_campus": "0",
        **values,
    }


def test_the_form_offers_published_rounds_and_their_questions(client, org, rounds):
    published, closed = rounds
    sign_in(client, org.secretary(locale="en"))
    page = client.get(f"/measures/committee/LMU/new?round={published.id}&question={QUESTION}")
    assert page.status_code == 200
    assert f'<option selected value="{published.id}:{QUESTION}">' in page.text
    assert f'<option value="{published.id}">The whole survey</option>' in page.text
    assert f'value="{closed.id}"' not in page.text.split('id="survey_result"', 1)[1].split("</select>", 1)[0]
    assert "<optgroup" in page.text


def test_a_measure_answers_a_question_of_a_published_round(client, org, rounds):
    published, _closed = rounds
    sign_in(client, org.secretary(locale="en"))
    response = client.post(
        "/measures/committee/LMU/new",
        data=_form(survey_result=f"{published.id}:{QUESTION}", survey_campus=str(org.trd.id)),
    )
    assert response.status_code == 302, response.text
    measure = db.session.scalar(sa.select(Measure))
    assert (measure.survey_round_id, measure.survey_question_id, measure.survey_campus_id) == (
        published.id,
        QUESTION,
        org.trd.id,
    )
    page = client.get(response.headers["Location"])
    assert f"/surveys/{published.id}/results#result-{QUESTION}" in page.text
    assert "There are enough places to read and work on campus. (Trondheim)" in page.text
    # Editing keeps it, or changes it to the whole round.
    edit = client.get(f"/measures/{measure.id}/edit")
    assert f'<option selected value="{published.id}:{QUESTION}">' in edit.text
    data = _form(survey_result=str(published.id), survey_campus="0", version=str(measure.version))
    assert client.post(f"/measures/{measure.id}/edit", data=data).status_code == 302
    db.session.refresh(measure)
    assert (measure.survey_round_id, measure.survey_question_id, measure.survey_campus_id) == (
        published.id,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("survey_result", "survey_campus", "message"),
    [
        ("{closed}", "0", "Not a valid choice."),
        ("{published}:no-such-question", "0", "Not a valid choice."),
        ("abc", "0", "Not a valid choice."),
        ("{published}\x00", "0", "Not a valid choice."),
        ("", "{trd}", "Choose the survey round first"),
        ("{published}", "99999999", "Not a valid choice."),
    ],
)
def test_bad_survey_choices_are_refused_with_words(
    client, org, rounds, survey_result, survey_campus, message
):
    published, closed = rounds
    values = {"published": published.id, "closed": closed.id, "trd": org.trd.id}
    sign_in(client, org.secretary(locale="en"))
    response = client.post(
        "/measures/committee/LMU/new",
        data=_form(
            survey_result=survey_result.format(**values), survey_campus=survey_campus.format(**values)
        ),
    )
    assert response.status_code == 400
    assert message in response.text
    assert 'value="Flere lesesalsplasser"' in response.text  # what was typed is kept
    assert db.session.scalar(sa.select(Measure)) is None


def test_a_leader_names_only_their_own_campus(client, org, rounds):
    published, _closed = rounds
    sign_in(client, org.leader(org.trd, locale="en"))
    page = client.get("/measures/campus/TRD/new")
    campuses = page.text.split('id="survey_campus"', 1)[1].split("</select>", 1)[0]
    assert "Trondheim" in campuses
    assert "Gjøvik" not in campuses
    response = client.post(
        "/measures/campus/TRD/new", data=_form(survey_result=str(published.id), survey_campus=str(org.gjo.id))
    )
    assert response.status_code == 400
    assert db.session.scalar(sa.select(Measure)) is None


def test_the_service_checks_the_survey_result(org, rounds):
    published, closed = rounds
    leader = org.leader(org.trd)
    fields = {
        "title": "Flere plasser",
        "purpose": "For få plasser.",
        "criterion": "Flere plasser.",
        "responsible_text": "Drift",
        "due_on": today_in_oslo() + timedelta(days=30),
    }
    for values, code in (
        ({"survey_round_id": closed.id}, "survey"),
        ({"survey_round_id": 2**40}, "survey"),
        ({"survey_round_id": "1"}, "survey"),
        ({"survey_round_id": published.id, "survey_question_id": "nope"}, "survey"),
        ({"survey_question_id": QUESTION}, "survey-round-needed"),
        ({"survey_round_id": published.id, "survey_campus": org.gjo}, "survey-other-campus"),
    ):
        with pytest.raises(MeasureError) as refused:
            measure_create(actor=leader, campus=org.trd, **fields, **values)
        assert refused.value.code == code, values
    measure = measure_create(
        actor=leader, campus=org.trd, **fields, survey_round_id=published.id, survey_campus=org.trd
    )
    # A round whose results are taken down later stays on the measure when it is edited.
    published.published_at = None
    measure_update(measure=measure, actor=leader, **fields, issues=[])
    assert measure.survey_round_id == published.id


def test_students_see_the_measures_on_the_published_results(client, org, rounds):
    published, _closed = rounds
    secretary = org.secretary()
    whole = make_measure(
        org,
        committee=org.lmu,
        actor=secretary,
        title="Undersøkelsen på alle campusene",
        survey_round_id=published.id,
    )
    answered = make_measure(
        org,
        committee=org.lmu,
        actor=secretary,
        title="Stille lesesal til kl. 22",
        survey_round_id=published.id,
        survey_question_id=QUESTION,
        survey_campus=org.trd,
    )
    measure_set_status(measure=answered, status=MeasureStatus.DONE, actor=secretary)
    measure_evaluate(
        measure=answered,
        actor=secretary,
        purpose="For få plasser om kvelden.",
        result="Ja: 4 av 5 er nå enige.",
        process="Vekterne kom i tide.",
    )
    other = make_measure(org, committee=org.lmu, actor=secretary, title="Et tiltak uten undersøkelse")
    db.session.commit()
    sign_in(client, org.student(locale="en"))
    page = client.get(f"/surveys/{published.id}/results")
    assert page.status_code == 200
    section = page.text.split('id="survey-measures-heading"', 1)[1].split("</section>", 1)[0]
    assert "Undersøkelsen på alle campusene" in section
    assert "Answers the whole survey" in section
    entry = section.split("Stille lesesal til kl. 22", 1)[1].split("</li>", 1)[0]
    assert "Done" in entry
    assert "Answers the question “There are enough places to read and work on campus.”" in entry
    assert "Trondheim" in entry
    assert "Ja: 4 av 5 er nå enige." in entry
    assert other.title not in page.text
    assert "/measures/" not in section  # a student has no plan to set measures up in
    assert whole.id
