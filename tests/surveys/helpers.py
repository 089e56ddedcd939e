"""Helpers for survey tests: the shipped surveys loaded, rounds at a chosen moment, answers given."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from portal.db import utcnow
from portal.extensions import db
from portal.surveys.cli import SURVEYS_FOLDER
from portal.surveys.definition import DONT_KNOW
from portal.surveys.models import SurveyResponse, SurveyRoll, SurveyRound, SurveyRoundCampus
from portal.surveys.service import response_submit, survey_load


def load(name: str = "laeringsmiljo"):
    version, _outcome = survey_load(path=SURVEYS_FOLDER / f"{name}.toml", source=f"{name}.toml")
    return version


def make_round(
    org,
    status: str = "open",
    *,
    name: str = "laeringsmiljo",
    campus=None,
    audience=None,
    min_group=5,
    **values,
):
    """A round in a given state, written directly (the audience-size rule is the service's, tested there)."""
    version = load(name)
    now = utcnow()
    times = {
        "upcoming": (now + timedelta(days=1), now + timedelta(days=8)),
        "open": (now - timedelta(days=1), now + timedelta(days=6)),
        "closed": (now - timedelta(days=8), now - timedelta(hours=1)),
    }[status if status != "published" else "closed"]
    survey_round = SurveyRound(
        survey_id=version.survey_id,
        version_id=version.id,
        committee_id=None if campus else org.lmu.id,
        campus_id=campus.id if campus else None,
        all_campuses=audience is None,
        opens_at=times[0],
        closes_at=times[1],
        min_group=min_group,
        published_at=now if status == "published" else None,
        audience=[SurveyRoundCampus(campus_id=c.id) for c in audience or []],
        **values,
    )
    db.session.add(survey_round)
    db.session.flush()
    return survey_round


def full_answers(definition, likert: str = "4", **overrides) -> dict:
    """A complete, valid answer set: every question asked answered (the first option, or `likert`)."""
    answers: dict = {}
    for question in definition.questions:
        if question.show_if is not None and answers.get(question.show_if[0]) not in question.show_if[1]:
            continue
        if question.type == "likert":
            answers[question.id] = likert
        elif question.type == "single":
            answers[question.id] = question.choices[0]
        elif question.type == "multiple":
            answers[question.id] = [question.choices[0]]
        else:
            answers[question.id] = "Flere grupperom."
    answers.update(overrides)
    return {key: value for key, value in answers.items() if value is not None}


def answer(survey_round, student, answers=None, *, at=None, **overrides):
    """Answer through the service, while the round is open (or at a given moment)."""
    definition = survey_round.version.spec
    saved = survey_round.closes_at
    response_submit(
        survey_round=survey_round,
        respondent=student,
        answers=answers if answers is not None else full_answers(definition, **overrides),
        now=at,
    )
    db.session.flush()
    assert survey_round.closes_at == saved


def answer_with_dont_know(definition) -> dict:
    return full_answers(definition, likert=DONT_KNOW)


def as_form(definition, index: int, answers: dict) -> dict:
    """The form fields a browser posts for one section."""
    data = {}
    for question in definition.sections[index].questions:
        if question.id in answers:
            data[f"q-{question.id}"] = answers[question.id]
    return data


def carry_of(html: str) -> str:
    return re.search(r'name="carry" type="hidden" value="([^"]*)"', html).group(1)


def section_of(html: str) -> str:
    return re.search(r'name="section" type="hidden" value="([^"]*)"', html).group(1)


def answer_over_http(client, survey_round, answers: dict, *, expect_done: bool = True):
    """Walk every section of the answer page like a browser without JavaScript; returns the last response."""
    definition = survey_round.version.spec
    url = f"/surveys/{survey_round.id}/answer"
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    response = page
    while True:
        html = response.get_data(as_text=True)
        index = int(section_of(html))
        last = 'value="send"' in html
        data = {"section": str(index), "carry": carry_of(html), "action": "send" if last else "next"}
        data.update(as_form(definition, index, answers))
        response = client.post(url, data=data)
        if last or response.status_code != 200:
            break
    if expect_done:
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response


def count(model, **where) -> int:
    select = sa.select(sa.func.count()).select_from(model)
    for name, value in where.items():
        select = select.where(getattr(model, name) == value)
    return db.session.scalar(select)


def roll_count(survey_round) -> int:
    return count(SurveyRoll, round_id=survey_round.id)


def response_count(survey_round) -> int:
    return count(SurveyResponse, round_id=survey_round.id)


def errors_in(html: str) -> list[str]:
    return re.findall(r'class="error-message"[^>]*>([^<]*)<', html)


def flashes(html: str) -> str:
    match = re.search(r'<div class="flashes".*?</div>', html, re.S)
    return match.group(0) if match else ""
