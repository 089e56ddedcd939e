"""Results: aggregates in SQL, "don't know" left out of the mean, small campuses hidden the same way
on the page and in CSV, JSON and PDF, free text for owners only, the change from the last round."""

import csv
import io
import json
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from portal.db import utcnow
from portal.extensions import db
from portal.surveys.results import round_results
from tests.factories import sign_in
from tests.surveys.helpers import answer, full_answers, make_round


@pytest.fixture
def closed_round(org):
    """TRD 8 answers, GJO 7, ALE 4: ALE is too small, GJO is hidden with it so ALE cannot be worked out."""
    survey_round = make_round(org, "open")
    definition = survey_round.version.spec
    for campus, count, likert in ((org.trd, 8, "5"), (org.gjo, 7, "3"), (org.ale, 4, "1")):
        for n in range(count):
            student = org.student(campus=campus)
            first = "dont_know" if (campus is org.trd and n == 0) else likert
            text = f"Tekst fra {campus.code} {n}" if n < 2 else None
            answers = full_answers(definition, likert=likert, **{"fys-rom": first, "ped-forbedring": text})
            answer(survey_round, student, answers)
    survey_round.closes_at = utcnow()
    db.session.commit()
    return survey_round


def test_aggregates_and_suppression_without_http(app, org, closed_round):
    results = round_results(closed_round)
    assert results.responses == 19
    rates = {row.key: row.responses for row in results.rates}
    assert rates == {"TRD": 8, "other": 11}
    assert {(h.label, h.small) for h in results.rates_hidden} == {("Ålesund", True), ("Gjøvik", False)}
    question = next(q for q in results.questions if q.question.id == "fys-rom")
    assert question.overall.answers == 19
    # "Don't know" counts as an answer but not in the mean: (7*5 + 7*3 + 4*1) / 18.
    assert question.overall.counts["dont_know"] == 1
    assert question.overall.mean == pytest.approx((7 * 5 + 7 * 3 + 4 * 1) / 18)
    assert [g.key for g in question.groups] == ["TRD", "other"]
    assert question.groups[1].counts == {"3": 7, "1": 4}
    assert question.groups[0].answers + question.groups[1].answers == question.overall.answers


def test_results_are_computed_in_a_fixed_number_of_queries(app, org, closed_round, count_queries):
    from portal.surveys.models import SurveyRound

    db.session.expire_all()
    db.session.execute(sa.text("SELECT 1"))  # the test transaction's savepoint is not a query of ours
    with count_queries() as few:
        round_results(db.session.get(SurveyRound, closed_round.id))
    more = make_round(org, "open")
    for _ in range(30):
        answer(more, org.student(campus=org.trd))
    more_id = more.id
    db.session.expire_all()
    with count_queries() as many:
        round_results(db.session.get(SurveyRound, more_id))
    assert many.count == few.count <= 12


def test_the_page_hides_the_small_campus_and_shows_the_rest(client, org, closed_round):
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, secretary)
    page = client.get(f"/surveys/{closed_round.id}/results").get_data(as_text=True)
    assert "Ålesund: 5 answers or fewer" in page
    assert "Gjøvik: hidden so that a smaller group cannot be worked out" in page
    # No table has an Ålesund or a Gjøvik column; "Other campuses" stands for both.
    headers = re.findall(r'<th scope="col" class="num">([^<]*)</th>', page)
    assert "Ålesund" not in headers
    assert "Gjøvik" not in headers
    assert "Other campuses" in headers
    assert "Trondheim" in headers
    # Charts are server-rendered SVG, each followed by its table.
    assert page.count('<svg class="chart"') >= 19
    assert page.count("<caption") >= 20
    # Free text: for the owner, never with a campus.
    assert "Tekst fra ALE 0" in page
    assert "Tekst fra TRD 1" in page


def test_free_text_is_for_owners_only_and_only_above_the_minimum(client, org, closed_round):
    member, student = org.member(), org.student()
    closed_round.published_at = closed_round.closes_at
    db.session.commit()
    for reader in (member, student):
        sign_in(client, reader)
        page = client.get(f"/surveys/{closed_round.id}/results").get_data(as_text=True)
        assert "Tekst fra" not in page
        assert "read by the owners of the round only" in page
    small = make_round(org, "open")
    for _ in range(5):
        answer(small, org.student(), full_answers(small.version.spec, **{"ped-forbedring": "Hemmelig tekst"}))
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, secretary)
    page = client.get(f"/surveys/{small.id}/results").get_data(as_text=True)
    assert "Hemmelig tekst" not in page
    assert "Not shown: 5 answers or fewer in all." in page


def test_csv_is_for_a_norwegian_spreadsheet_and_hides_the_same_campuses(client, org, closed_round):
    secretary = org.secretary(locale="nb")
    db.session.commit()
    sign_in(client, secretary)
    client.set_cookie("lang", "nb")
    response = client.get(f"/surveys/{closed_round.id}/results.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="laeringsmiljo-')
    body = response.data
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Spørreundersøkelse" or rows[0][1] == "Læringsmiljøundersøkelsen"
    flat = [cell for row in rows for cell in row]
    # Decimal comma, no free text, Ålesund only as "not shown".
    mean_rows = [row for row in rows if len(row) == 8 and row[0] == "fys-rom" and row[4]]
    assert all("," in row[4] and "." not in row[4] for row in mean_rows)
    ale = [row for row in rows if "Ålesund" in row]
    assert ale
    assert all("Ikke vist" in row for row in ale)
    assert not any("Tekst fra" in cell for cell in flat)
    assert any(row[2] == "Andre campuser" for row in rows if len(row) > 2)


def test_json_and_pdf_hide_the_same_campuses(client, org, closed_round):
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, secretary)
    data = json.loads(client.get(f"/surveys/{closed_round.id}/results.json").data)
    assert data["responses"] == 19
    assert data["round"]["min_group"] == 5
    assert [c["group"] for c in data["campuses"]] == ["TRD", "other"]
    assert {(c["label"], c["reason"]) for c in data["campuses_not_shown"]} == {
        ("Ålesund", "small"),
        ("Gjøvik", "complementary"),
    }
    question = next(q for q in data["questions"] if q["id"] == "fys-rom")
    assert [g["group"] for g in question["groups"]] == ["TRD", "other"]
    assert question["overall"]["counts"]["dont_know"] == 1
    assert question["overall"]["mean_of"] == 18
    assert "Tekst fra" not in json.dumps(data)
    pdf = client.get(f"/surveys/{closed_round.id}/results.pdf")
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    text = " ".join(text.split())
    assert "Ålesund: 5 answers or fewer" in text
    assert "Other campuses" in text
    assert "Tekst fra" not in text


def test_the_change_from_the_previous_published_round_is_shown(client, org):
    earlier = make_round(org, "published")
    for _ in range(6):
        answer(earlier, org.student(), at=earlier.opens_at)
    later = make_round(org, "open")
    later.opens_at = utcnow() - timedelta(minutes=30)
    for _ in range(6):
        answer(later, org.student(), likert="5")
    secretary = org.secretary()
    db.session.commit()
    results = round_results(later)
    question = next(q for q in results.questions if q.question.id == "fys-rom")
    assert question.previous.mean == 4
    assert question.mean_change == 1
    sign_in(client, secretary)
    page = client.get(f"/surveys/{later.id}/results").get_data(as_text=True)
    assert "change from the previous round: +1" in page
    assert "Previous round" in page
