"""Issue 11's "done when", in a real browser at 360 px:

A student answers the learning-environment survey in nynorsk with JavaScript off; the owner
sees the response rate go up; after the close the results page shows a campus with four answers
as suppressed, and so do its CSV, PDF and JSON; a student reads the published results in
English. axe finds nothing on these pages in nb, nn and en, and every page fits 320 px.
"""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timedelta

from pypdf import PdfReader

from portal.extensions import db
from portal.i18n import OSLO
from tests.browser.conftest import assert_accessible, new_page, sign_in

LANGUAGES = ("nb", "nn", "en")


def check_every_language(page, label: str, home_language: str) -> None:
    """axe in nb, nn and en; the content fits 320 px without sideways scrolling; back to the person's language."""
    path = page.url.split("://", 1)[1].split("/", 1)[1]
    for language in LANGUAGES:
        page.goto(f"/language/{language}?next=/{path}")
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page, f"{label} [{language}]")
        page.set_viewport_size({"width": 320, "height": 640})
        width = page.evaluate("document.documentElement.scrollWidth")
        page.set_viewport_size({"width": 360, "height": 740})
        assert width <= 320, f"{label} [{language}] is {width} px wide at 320 px"
    page.goto(f"/language/{home_language}?next=/{path}")


def accept_dialogs(page) -> None:
    page.on("dialog", lambda dialog: dialog.accept())


def rate(page) -> tuple[int, int]:
    text = page.locator("main .big-number").inner_text()
    numbers = [int(n) for n in re.findall(r"\d+", text.replace("\u00a0", ""))]
    return numbers[0], numbers[1]


def choose(page, question: str, value: str) -> None:
    page.check(f"#q-{question}-{value}")


def answer_part(page, answers: dict) -> None:
    for question, value in answers.items():
        if isinstance(value, list):
            for item in value:
                choose(page, question, item)
        elif question == "ped-forbedring":
            page.fill(f"#q-{question}", value)
        else:
            choose(page, question, value)


PARTS = [
    {"fys-rom": "4", "fys-plasser": "2", "fys-inneklima": "3", "fys-tilgjengelig": "dont_know"},
    {
        "psy-trivsel": "5",
        "psy-fellesskap": "4",
        "psy-hjelp": "3",
        "psy-stotte": ["medstudent", "helsetjeneste"],
    },
    {"org-informasjon": "3", "org-timeplan": "2", "org-alvor": "3", "org-tillitsvalgt": "ja"},
    {"dig-verktoy": "4", "dig-nett": "2", "dig-fulgt": "ja", "dig-kvalitet": "3"},
    {
        "ped-tilbakemelding": "2",
        "ped-vurdering": "3",
        "ped-engasjement": "4",
        "ped-forbedring": "Fleire grupperom.",
    },
]


def add_responses(live_app, round_id: int) -> None:
    """Answers from the demo's respondents (committed: the server sees them): Trondheim 8,
    Gjøvik 6 (7 with the nynorsk student), Ålesund 4."""
    from sqlalchemy import select

    from portal.accounts.models import User
    from portal.surveys.models import SurveyRound
    from portal.surveys.service import response_submit
    from tests.surveys.helpers import full_answers

    with live_app.app_context():
        survey_round = db.session.get(SurveyRound, round_id)
        definition = survey_round.version.spec
        emails = [f"respondent.trd{n:02d}@demo.test" for n in range(1, 9)]
        emails += [f"respondent.gjo{n:02d}@demo.test" for n in range(1, 7)]
        emails += [f"respondent.ale{n:02d}@demo.test" for n in range(1, 4)] + ["leader.ale@demo.test"]
        for n, email in enumerate(emails):
            person = db.session.scalar(select(User).where(User.email == email))
            response_submit(
                survey_round=survey_round,
                respondent=person,
                answers=full_answers(definition, likert=str(1 + n % 5)),
            )
        db.session.commit()


def test_answer_in_nynorsk_without_javascript_follow_the_rate_suppress_a_small_campus_everywhere(
    browser, live_server, live_app
):
    now = datetime.now(OSLO)
    closes = now + timedelta(days=7)

    # The secretary publishes a round of the learning-environment survey for every campus, on a phone.
    secretary = new_page(browser, live_server, "phone")
    accept_dialogs(secretary)
    sign_in(secretary, "secretary@demo.test")
    secretary.goto("/surveys/new")
    check_every_language(secretary, "new round", "nb")
    secretary.select_option("#survey", "laeringsmiljo")
    secretary.fill("#opens_date", now.date().isoformat())
    secretary.fill("#opens_time", now.strftime("%H:%M"))
    secretary.fill("#closes_date", closes.date().isoformat())
    secretary.fill("#closes_time", "23:59")
    with secretary.expect_navigation():
        secretary.locator("main form button[type=submit]").click()
    match = re.search(r"/surveys/(\d+)$", secretary.url)
    assert match, secretary.url
    round_id = int(match.group(1))
    round_url = f"/surveys/{round_id}"
    answered, eligible = rate(secretary)
    assert answered == 0
    assert eligible >= 20
    check_every_language(secretary, "round page (owner)", "nb")

    # The nynorsk student: the pages pass axe and fit 320 px (checked with JavaScript on) …
    checker = new_page(browser, live_server, "phone")
    sign_in(checker, "student2@demo.test")
    checker.goto(f"{round_url}/answer")
    check_every_language(checker, "answer page", "nn")
    with checker.expect_navigation():
        checker.locator("button[name=action][value=next]").click()
    assert checker.locator(".error-summary").count() == 1
    check_every_language(checker, "answer page with errors", "nn")
    checker.context.close()

    # … and answers them on a phone with JavaScript off, in nynorsk.
    student = new_page(browser, live_server, "phone", javascript=False)
    sign_in(student, "student2@demo.test")
    student.goto(f"{round_url}/answer")
    assert student.locator("html").get_attribute("lang") == "nn"
    assert "Del 1 av 5" in student.locator("main").inner_text()
    assert "Undervisningsromma passar" in student.locator("main").inner_text()
    # One answer left out: a message in nynorsk next to it, the others still chosen.
    first = dict(PARTS[0])
    left_out = first.pop("fys-inneklima")
    answer_part(student, first)
    with student.expect_navigation():
        student.locator("button[name=action][value=next]").click()
    assert student.locator("#q-fys-inneklima-error").inner_text() == "Svar på dette spørsmålet."
    assert student.locator("#q-fys-rom-4").is_checked()
    assert student.locator("#q-fys-plasser-2").is_checked()
    choose(student, "fys-inneklima", left_out)
    with student.expect_navigation():
        student.locator("button[name=action][value=next]").click()
    for number, part in enumerate(PARTS[1:], start=2):
        assert f"Del {number} av 5" in student.locator("main").inner_text()
        if number == 5:
            warning = student.locator("#q-ped-forbedring-names").inner_text()
            assert "Ikkje skriv namn" in warning
        answer_part(student, part)
        button = "send" if number == 5 else "next"
        with student.expect_navigation():
            student.locator(f"button[name=action][value={button}]").click()
    assert student.url.endswith(round_url)
    assert "Takk! Svara dine er lagra." in student.locator(".flash-success").inner_text()

    # The owner sees the response rate go up.
    secretary.goto(round_url)
    assert rate(secretary) == (1, eligible)

    # More answers come in; Ålesund ends with four.
    add_responses(live_app, round_id)
    secretary.goto(round_url)
    assert rate(secretary) == (19, eligible)

    # The owner closes the round: the results page hides Ålesund (and Gjøvik with it).
    with secretary.expect_navigation():
        secretary.locator(f"form[action$='{round_url}/close'] button").click()
    assert secretary.url.endswith(f"{round_url}/results")
    main = secretary.locator("main").inner_text()
    assert "Ålesund: 5 svar eller færre" in main
    assert "Gjøvik: skjult så en mindre gruppe ikke kan regnes ut" in main
    headers = secretary.locator("main table thead th").all_inner_texts()
    assert "Ålesund" not in headers
    assert "Gjøvik" not in headers
    assert "Andre campuser" in headers
    assert secretary.locator("main svg.chart").count() >= 19
    check_every_language(secretary, "results (owner)", "nb")

    # The same in the CSV, the PDF and the JSON.
    csv_text = secretary.request.get(f"{round_url}/results.csv").body().decode("utf-8")
    assert csv_text.startswith("\ufeff")
    ale_rows = [line for line in csv_text.splitlines() if "Ålesund" in line]
    assert ale_rows
    assert all(";Ikke vist" in line for line in ale_rows)
    assert "Fleire grupperom." not in csv_text
    data = json.loads(secretary.request.get(f"{round_url}/results.json").body())
    assert {"label": "Ålesund", "reason": "small"} in data["campuses_not_shown"]
    assert all(g["group"] in ("TRD", "other") for q in data["questions"] for g in q["groups"])
    pdf = secretary.request.get(f"{round_url}/results.pdf").body()
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Ålesund: 5 svar eller færre" in text
    assert "Andre campuser" in text

    # Published: a student reads the results in English.
    secretary.goto(round_url)
    with secretary.expect_navigation():
        secretary.locator(f"form[action$='{round_url}/publish'] button").click()
    reader = new_page(browser, live_server, "phone")
    sign_in(reader, "intl.student@demo.test")
    reader.goto(f"{round_url}/results")
    assert reader.locator("html").get_attribute("lang") == "en"
    main = reader.locator("main").inner_text()
    assert "Results: Learning environment survey" in main
    assert "Ålesund: 5 answers or fewer" in main
    assert "Fleire grupperom." not in main  # free text is for the owners
    check_every_language(reader, "published results (student)", "en")
    reader.goto("/surveys/")
    check_every_language(reader, "survey list (student)", "en")

    for page in (secretary, student, reader):
        page.context.close()
