"""Publishing rounds: who may, for whom, with which audience; the live response rate; close and publish."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.db import utcnow
from portal.extensions import db
from portal.i18n import OSLO
from portal.surveys.models import Status, SurveyRound
from tests.factories import sign_in
from tests.surveys.helpers import answer, errors_in, flashes, load, make_round


def _form(owner: str, **values) -> dict:
    start = utcnow().astimezone(OSLO) + timedelta(minutes=1)
    end = start + timedelta(days=7)
    data = {
        "survey": "laeringsmiljo",
        "owner": owner,
        "opens_date": start.date().isoformat(),
        "opens_time": start.strftime("%H:%M"),
        "closes_date": end.date().isoformat(),
        "closes_time": "23:59",
        "scope": "all",
        "min_group": "5",
    }
    data.update(values)
    return data


@pytest.fixture
def loaded(org):
    load("laeringsmiljo")
    db.session.commit()


def students(org, campus, n):
    return [org.student(campus=campus) for _ in range(n)]


def test_the_secretary_publishes_a_round_for_every_campus(client, org, loaded):
    students(org, org.trd, 6)
    students(org, org.gjo, 4)
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, secretary)
    page = client.get("/surveys/new")
    assert page.status_code == 200
    assert "Learning environment survey" in page.get_data(as_text=True)
    reminder = (utcnow().astimezone(OSLO) + timedelta(days=2)).date().isoformat()
    response = client.post("/surveys/new", data=_form(f"committee:{org.lmu.id}", reminder_1=reminder))
    assert response.status_code == 302, errors_in(response.get_data(as_text=True))
    survey_round = db.session.scalar(sa.select(SurveyRound))
    assert survey_round.committee_id == org.lmu.id
    assert survey_round.all_campuses
    assert [r.remind_on.isoformat() for r in survey_round.reminders] == [reminder]
    assert survey_round.status == Status.UPCOMING
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "survey.round.create"))
    assert event.actor_id == secretary.id


def test_an_audience_too_small_to_report_on_cannot_open(client, org, loaded):
    students(org, org.trd, 6)
    students(org, org.ale, 3)
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, secretary)
    data = _form(f"committee:{org.lmu.id}", scope="chosen", audience=[str(org.ale.id)])
    response = client.post("/surveys/new", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Too few students for this round: 3 in the audience, and at least 10 are needed" in page
    assert 'id="audience-error"' in page
    # What was typed is kept.
    assert f'value="{data["opens_date"]}"' in page
    assert re.search(rf'<input checked[^>]*value="{org.ale.id}"', page)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SurveyRound)) == 0
    # A higher minimum needs a bigger audience too.
    response = client.post("/surveys/new", data=_form(f"committee:{org.lmu.id}", min_group="6"))
    assert "at least 12 are needed" in response.get_data(as_text=True)


def test_a_campus_leader_publishes_for_their_own_campus_only(client, org, loaded):
    students(org, org.trd, 10)
    leader = org.leader(org.trd)
    db.session.commit()
    sign_in(client, leader)
    ok = _form(f"campus:{org.trd.id}", scope="chosen", audience=[str(org.trd.id)])
    everyone = _form(f"campus:{org.trd.id}", scope="all")
    other_campus = _form(f"campus:{org.gjo.id}", scope="chosen", audience=[str(org.gjo.id)])
    assert client.post("/surveys/new", data=everyone).status_code == 400
    assert "for its own campus only" in client.post("/surveys/new", data=everyone).get_data(as_text=True)
    assert client.post("/surveys/new", data=other_campus).status_code == 400  # not a choice offered
    assert (
        client.post("/surveys/new", data={**other_campus, "owner": f"committee:{org.lmu.id}"}).status_code
        == 400
    )
    assert client.post("/surveys/new", data=ok).status_code == 302
    survey_round = db.session.scalar(sa.select(SurveyRound))
    assert survey_round.campus_id == org.trd.id
    assert survey_round.audience_ids == [org.trd.id]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"min_group": "2"}, "min_group", "Enter a number from 3 to 50."),
        ({"min_group": "2147483648"}, "min_group", "Enter a number from 3 to 50."),
        ({"min_group": "fem"}, "min_group", "Not a valid integer value."),
        ({"closes_date": "2020-01-01"}, "closes_date", "The survey must close after it opens."),
        ({"opens_date": "2020-01-01"}, "opens_date", "Choose a time from now on."),
        ({"opens_date": "2026-02-30"}, "opens_date", "Not a valid date value."),
        (
            {"reminder_1": "2031-01-01"},
            "reminder_1",
            "Reminders must fall between the opening and the closing day.",
        ),
        ({"scope": "chosen"}, "audience", "Choose at least one campus, or all campuses."),
        ({"scope": "chosen", "audience": ["999999"]}, "audience", "Choose campuses from the list."),
        ({"survey": "no-such"}, "survey", "Choose one of the surveys in the list."),
        ({"scope": "x\x00"}, "scope", "Not a valid choice."),
    ],
)
def test_bad_round_values_get_a_message_next_to_the_field(client, org, loaded, values, field, message):
    students(org, org.trd, 12)
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, secretary)
    response = client.post("/surveys/new", data=_form(f"committee:{org.lmu.id}", **values))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert f'id="{field}-error"' in page or (field == "audience" and 'id="audience-error"' in page)


def test_students_and_members_cannot_publish_rounds(client, org, loaded):
    for person in (org.student(), org.member()):
        db.session.commit()
        sign_in(client, person)
        assert client.get("/surveys/new").status_code == 403
        assert client.post("/surveys/new", data=_form(f"committee:{org.lmu.id}")).status_code == 403


def test_the_live_response_rate_counts_per_campus_for_owners_and_the_committee_only(client, org):
    survey_round = make_round(org, "open")
    trd, gjo = students(org, org.trd, 3), students(org, org.gjo, 2)
    for student in trd[:2] + gjo[:1]:
        answer(survey_round, student)
    secretary, member, student = org.secretary(), org.member(), trd[2]
    db.session.commit()
    sign_in(client, secretary)
    page = client.get(f"/surveys/{survey_round.id}").get_data(as_text=True)
    assert "3 of 5 students have answered" in page
    assert "(60%)" in page
    assert 'Trondheim</th>\n        <td class="num">2</td>\n        <td class="num">3</td>' in page
    # Counts only: no name of anyone who has or has not answered.
    for person in trd + gjo:
        assert person.name not in page
        assert person.email not in page
    sign_in(client, member)
    assert "3 of 5 students have answered" in client.get(f"/surveys/{survey_round.id}").get_data(as_text=True)
    sign_in(client, student)
    assert "students have answered" not in client.get(f"/surveys/{survey_round.id}").get_data(as_text=True)


def test_the_owner_closes_a_round_early_and_publishes_the_results(client, org):
    survey_round = make_round(org, "open")
    secretary = org.secretary()
    for student in students(org, org.trd, 6):
        answer(survey_round, student)
    reader = org.student()
    db.session.commit()
    sign_in(client, reader)
    assert "not published yet" in client.get(f"/surveys/{survey_round.id}/results").get_data(as_text=True)
    assert client.get(f"/surveys/{survey_round.id}/results.json").status_code == 404
    assert client.post(f"/surveys/{survey_round.id}/close").status_code == 403
    sign_in(client, secretary)
    # Publishing before the close is refused with a message.
    response = client.post(f"/surveys/{survey_round.id}/publish")
    assert response.status_code == 302
    assert "has not closed yet" in flashes(client.get(response.headers["Location"]).get_data(as_text=True))
    assert client.post(f"/surveys/{survey_round.id}/close").status_code == 302
    db.session.refresh(survey_round)
    assert survey_round.status == Status.CLOSED
    assert survey_round.sealed_at is not None
    assert survey_round.eligible_count == 7
    assert client.post(f"/surveys/{survey_round.id}/close").status_code == 302  # again: a message, no change
    assert client.post(f"/surveys/{survey_round.id}/publish").status_code == 302
    db.session.refresh(survey_round)
    assert survey_round.status == Status.PUBLISHED
    sign_in(client, reader)
    assert client.get(f"/surveys/{survey_round.id}/results.json").status_code == 200


def test_a_round_that_has_opened_keeps_its_audience_but_can_close_later(client, org):
    survey_round = make_round(org, "open")
    students(org, org.trd, 12)
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, secretary)
    page = client.get(f"/surveys/{survey_round.id}/edit").get_data(as_text=True)
    assert "only the closing time and the reminders can change now" in page
    local_open = survey_round.opens_at.astimezone(OSLO)
    later = (survey_round.closes_at + timedelta(days=3)).astimezone(OSLO)
    data = {
        "opens_date": local_open.date().isoformat(),
        "opens_time": local_open.strftime("%H:%M"),
        "closes_date": later.date().isoformat(),
        "closes_time": later.strftime("%H:%M"),
        "scope": "all",
        "min_group": "5",
    }
    assert client.post(f"/surveys/{survey_round.id}/edit", data={**data, "min_group": "7"}).status_code == 400
    assert client.post(f"/surveys/{survey_round.id}/edit", data=data).status_code == 302
    db.session.refresh(survey_round)
    assert survey_round.closes_at.astimezone(OSLO).date() == later.date()


def test_an_upcoming_round_can_be_withdrawn_an_open_one_cannot(client, org):
    upcoming, running = make_round(org, "upcoming"), make_round(org, "open")
    secretary = org.secretary()
    db.session.commit()
    upcoming_id = upcoming.id
    sign_in(client, secretary)
    assert client.post(f"/surveys/{running.id}/delete").status_code == 302
    assert db.session.get(SurveyRound, running.id) is not None
    assert client.post(f"/surveys/{upcoming.id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(SurveyRound, upcoming_id) is None


def test_a_leader_owns_only_their_campus_rounds(client, org):
    trd_round = make_round(org, "open", campus=org.trd, audience=[org.trd])
    committee_round = make_round(org, "open")
    leader = org.leader(org.gjo)
    db.session.commit()
    sign_in(client, leader)
    assert client.get(f"/surveys/{trd_round.id}/edit").status_code == 403
    assert client.post(f"/surveys/{committee_round.id}/close").status_code == 403
    assert client.get(f"/surveys/{trd_round.id}/results").status_code == 200
    assert "not published yet" in client.get(f"/surveys/{trd_round.id}/results").get_data(as_text=True)
