"""Open rounds on a student's home page; survey rounds in the annual report; the roll in "my data"."""

from datetime import timedelta

from portal.db import utcnow
from portal.extensions import db
from portal.i18n import OSLO
from tests.factories import sign_in
from tests.surveys.helpers import answer, make_round


def test_students_in_the_audience_see_open_rounds_on_the_home_page(client, org):
    survey_round = make_round(org, "open", audience=[org.trd])
    make_round(org, "upcoming")
    here, elsewhere = org.student(campus=org.trd), org.student(campus=org.ale)
    db.session.commit()
    sign_in(client, here)
    page = client.get("/").get_data(as_text=True)
    assert "Learning environment survey" in page
    assert f"/surveys/{survey_round.id}/answer" in page
    sign_in(client, elsewhere)
    assert f"/surveys/{survey_round.id}/answer" not in client.get("/").get_data(as_text=True)
    # Once answered, the home page thanks instead of asking.
    answer(survey_round, here)
    db.session.commit()
    sign_in(client, here)
    page = client.get("/").get_data(as_text=True)
    assert "You answered on" in page
    assert f"/surveys/{survey_round.id}/answer" not in page


def test_the_annual_report_lists_the_years_rounds_with_response_rates(client, org):
    survey_round = make_round(org, "open")
    for _ in range(3):
        answer(survey_round, org.student())
    org.student()
    survey_round.closes_at = utcnow() - timedelta(minutes=1)
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, secretary)
    year = utcnow().astimezone(OSLO).year
    page = client.get(f"/reports/LMU/{year}").get_data(as_text=True)
    assert "Surveys in" in page
    row = page[page.index("Survey rounds that closed in") :]
    assert f"/surveys/{survey_round.id}/results" in row
    assert '<td class="num">3</td>' in row
    assert '<td class="num">4</td>' in row
    assert "75%" in row
    assert client.get(f"/reports/LMU/{year}.pdf").status_code == 200
    assert "No survey round closed in" in client.get(f"/reports/LMU/{year - 1}").get_data(as_text=True)


def test_my_data_shows_which_rounds_i_answered_and_when_never_what(client, org):
    survey_round = make_round(org, "open")
    student = org.student()
    answer(survey_round, student)
    db.session.commit()
    from portal.accounts.privacy import export_user_data

    data = export_user_data(student)
    [entry] = data["surveys"]
    assert entry["round"] == survey_round.id
    assert entry["survey"] == "laeringsmiljo"
    assert entry["answered_on"] == utcnow().astimezone(OSLO).date().isoformat()
    assert "fys-rom" not in str(data)
