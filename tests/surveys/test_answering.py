"""Answering a survey the way a phone without JavaScript does: one part per page, answers kept on
errors, one response per student, and every kind of bad input refused with a message."""

import re

import pytest

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.notifications.models import Notification, OutboxMessage
from portal.surveys.models import SurveyAnswer
from tests.factories import sign_in
from tests.surveys.helpers import (
    answer,
    answer_over_http,
    as_form,
    carry_of,
    count,
    errors_in,
    flashes,
    full_answers,
    make_round,
    response_count,
    roll_count,
    section_of,
)


@pytest.fixture
def open_round(org):
    survey_round = make_round(org, "open")
    db.session.commit()
    return survey_round


def test_a_student_answers_part_by_part_and_is_counted_once(client, org, open_round):
    student = org.student()
    sign_in(client, student)
    definition = open_round.version.spec
    answers = full_answers(definition)
    response = answer_over_http(client, open_round, answers)
    assert response.headers["Location"].endswith(f"/surveys/{open_round.id}")
    assert "Thank you! Your answers are saved" in flashes(
        client.get(response.headers["Location"]).get_data(as_text=True)
    )
    assert roll_count(open_round) == response_count(open_round) == 1
    # Every answer is stored (multiple choice as one row per option); the follow-up was asked.
    assert count(SurveyAnswer) == len(answers)
    assert "dig-kvalitet" in answers
    # The round page now says when, not what.
    page = client.get(f"/surveys/{open_round.id}").get_data(as_text=True)
    assert "You answered on" in page
    assert "Answer the survey" not in page
    # A second try is turned away before the form.
    again = client.get(f"/surveys/{open_round.id}/answer")
    assert again.status_code == 302
    assert "already answered" in flashes(client.get(again.headers["Location"]).get_data(as_text=True))


def test_the_page_says_which_part_and_warns_about_names_above_free_text(client, org, open_round):
    sign_in(client, org.student())
    html = client.get(f"/surveys/{open_round.id}/answer").get_data(as_text=True)
    assert "Part 1 of 5" in html
    definition = open_round.version.spec
    answers = full_answers(definition)
    # Walk to the last part: it has the free-text question and the warning right above it.
    response = None
    for index in range(4):
        data = {
            "section": str(index),
            "carry": carry_of(html),
            "action": "next",
            **as_form(definition, index, answers),
        }
        response = client.post(f"/surveys/{open_round.id}/answer", data=data)
        html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Part 5 of 5" in html
    warning = html.index("Do not write names")
    assert html.index('for="q-ped-forbedring"') < warning < html.index('id="q-ped-forbedring"')
    assert 'value="send"' in html
    assert 'value="back"' in html


def test_a_missing_answer_shows_a_message_next_to_it_and_keeps_what_was_chosen(client, org, open_round):
    sign_in(client, org.student())
    html = client.get(f"/surveys/{open_round.id}/answer").get_data(as_text=True)
    data = {
        "section": "0",
        "carry": carry_of(html),
        "action": "next",
        "q-fys-rom": "2",
        "q-fys-plasser": "dont_know",
    }
    response = client.post(f"/surveys/{open_round.id}/answer", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert errors_in(page) == ["Answer this question.", "Answer this question."]
    assert 'id="q-fys-inneklima-error"' in page
    assert 'id="q-fys-tilgjengelig-error"' in page
    assert 'id="q-fys-rom-2" name="q-fys-rom" value="2" checked' in page
    assert 'id="q-fys-plasser-dont_know" name="q-fys-plasser" value="dont_know" checked' in page
    assert section_of(page) == "0"
    assert "There is a problem" in page
    assert roll_count(open_round) == 0


def test_going_back_keeps_the_answers_of_both_parts(client, org, open_round):
    sign_in(client, org.student())
    definition = open_round.version.spec
    answers = full_answers(definition, likert="5")
    url = f"/surveys/{open_round.id}/answer"
    html = client.get(url).get_data(as_text=True)
    html = client.post(
        url,
        data={"section": "0", "carry": carry_of(html), "action": "next", **as_form(definition, 0, answers)},
    ).get_data(as_text=True)
    # On part 2, choose one answer, then go back.
    back = client.post(
        url, data={"section": "1", "carry": carry_of(html), "action": "back", "q-psy-trivsel": "1"}
    )
    page = back.get_data(as_text=True)
    assert back.status_code == 200
    assert section_of(page) == "0"
    assert 'id="q-fys-rom-5" name="q-fys-rom" value="5" checked' in page
    forward = client.post(
        url,
        data={"section": "0", "carry": carry_of(page), "action": "next", **as_form(definition, 0, answers)},
    )
    assert 'id="q-psy-trivsel-1" name="q-psy-trivsel" value="1" checked' in forward.get_data(as_text=True)


def test_a_follow_up_question_is_not_required_when_its_condition_is_not_met(client, org, open_round):
    student = org.student()
    sign_in(client, student)
    definition = open_round.version.spec
    answers = full_answers(definition, **{"dig-fulgt": "nei", "dig-kvalitet": None})
    assert "dig-kvalitet" not in answers
    answer_over_http(client, open_round, answers)
    assert count(SurveyAnswer, question="dig-kvalitet") == 0
    # An answer posted anyway to a question not asked is dropped, not stored.
    other = org.student()
    answer(open_round, other, full_answers(definition, **{"dig-fulgt": "nei", "dig-kvalitet": "2"}))
    assert count(SurveyAnswer, question="dig-kvalitet") == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("q-fys-rom", "0", "Choose one of the answers shown."),
        ("q-fys-rom", "6", "Choose one of the answers shown."),
        ("q-fys-rom", "", "Answer this question."),
        ("q-fys-rom", "3\x00", None),  # NUL bytes are dropped: "3" is a valid answer
        ("q-fys-rom", "٣", "Choose one of the answers shown."),
        ("q-fys-rom", ["2", "3"], "Choose only one answer."),
        ("q-fys-rom", "ja", "Choose one of the answers shown."),  # an option id of another question
        ("q-psy-trivsel", "dont_know", None),  # not in this part: ignored here
    ],
)
def test_bad_values_are_refused_next_to_the_field(client, org, open_round, field, value, message):
    sign_in(client, org.student())
    definition = open_round.version.spec
    html = client.get(f"/surveys/{open_round.id}/answer").get_data(as_text=True)
    data = {
        "section": "0",
        "carry": carry_of(html),
        "action": "next",
        **as_form(definition, 0, full_answers(definition)),
    }
    data[field] = value
    response = client.post(f"/surveys/{open_round.id}/answer", data=data)
    if message is None:
        assert response.status_code == 200
        assert section_of(response.get_data(as_text=True)) == "1"
        return
    assert response.status_code == 400
    assert errors_in(response.get_data(as_text=True)) == [message]


def test_a_psychosocial_dont_know_is_refused_where_the_question_has_none(client, org, open_round):
    sign_in(client, org.student())
    definition = open_round.version.spec
    answers = full_answers(definition)
    url = f"/surveys/{open_round.id}/answer"
    html = client.get(url).get_data(as_text=True)
    html = client.post(
        url,
        data={"section": "0", "carry": carry_of(html), "action": "next", **as_form(definition, 0, answers)},
    ).get_data(as_text=True)
    data = {"section": "1", "carry": carry_of(html), "action": "next", **as_form(definition, 1, answers)}
    data["q-psy-trivsel"] = "dont_know"
    data["q-psy-stotte"] = ["medstudent", "nei"]  # "nei" belongs to another question
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert errors_in(response.get_data(as_text=True)) == ["Choose one of the answers shown."] * 2


def test_a_free_text_of_100000_characters_is_refused_and_kept(client, org, open_round):
    sign_in(client, org.student())
    definition = open_round.version.spec
    answers = full_answers(definition)
    url = f"/surveys/{open_round.id}/answer"
    html = client.get(url).get_data(as_text=True)
    for index in range(4):
        html = client.post(
            url,
            data={
                "section": str(index),
                "carry": carry_of(html),
                "action": "next",
                **as_form(definition, index, answers),
            },
        ).get_data(as_text=True)
    huge = "Læringsmiljø " * 8000
    data = {"section": "4", "carry": carry_of(html), "action": "send", **as_form(definition, 4, answers)}
    data["q-ped-forbedring"] = huge + "\x00\u200b"
    response = client.post(url, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert errors_in(page) == ["Use at most 1500 characters."]
    assert huge.strip() in page
    assert roll_count(open_round) == 0


def test_invisible_text_counts_as_no_answer(client, org, open_round):
    student = org.student()
    sign_in(client, student)
    definition = open_round.version.spec
    answer_over_http(
        client, open_round, full_answers(definition, **{"ped-forbedring": "\u200b\u200d \u2060"})
    )
    assert count(SurveyAnswer, question="ped-forbedring") == 0


def test_a_forged_carry_is_not_trusted(client, org, open_round):
    sign_in(client, org.student())
    definition = open_round.version.spec
    data = {
        "section": "4",
        "carry": "eyJmeXMtcm9tIjoiNiJ9.forged",
        "action": "send",
        **as_form(definition, 4, full_answers(definition)),
    }
    response = client.post(f"/surveys/{open_round.id}/answer", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Look at your answers again" in page
    assert section_of(page) == "0"
    assert roll_count(open_round) == 0


def test_answers_carried_from_another_round_or_person_are_not_accepted(client, org, open_round):
    first = org.student()
    sign_in(client, first)
    html = client.get(f"/surveys/{open_round.id}/answer").get_data(as_text=True)
    carry = carry_of(html)
    other = org.student()
    sign_in(client, other)
    response = client.post(
        f"/surveys/{open_round.id}/answer", data={"section": "1", "carry": carry, "action": "next"}
    )
    assert response.status_code == 400
    assert "Look at your answers again" in response.get_data(as_text=True)


def test_a_forged_final_post_with_an_earlier_part_wrong_shows_that_part(client, org, open_round):
    """The last POST is checked as a whole: a carried answer that does not hold sends the student
    back to its part with the message, and nothing is counted."""
    student = org.student()
    sign_in(client, student)
    definition = open_round.version.spec
    from portal.surveys.carry import sign_answers

    answers = full_answers(definition)
    carried = {k: v for k, v in answers.items() if definition.by_id[k].section != 4}
    carried["fys-rom"] = "9"
    carry = sign_answers(carried, round_id=open_round.id, user_id=student.id, digest=definition.digest)
    data = {"section": "4", "carry": carry, "action": "send", **as_form(definition, 4, answers)}
    response = client.post(f"/surveys/{open_round.id}/answer", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert section_of(page) == "0"
    assert errors_in(page) == ["Choose one of the answers shown."]
    assert roll_count(open_round) == 0


def test_a_replayed_final_post_counts_once(client, org, open_round):
    student = org.student()
    sign_in(client, student)
    definition = open_round.version.spec
    answers = full_answers(definition)
    url = f"/surveys/{open_round.id}/answer"
    html = client.get(url).get_data(as_text=True)
    for index in range(4):
        html = client.post(
            url,
            data={
                "section": str(index),
                "carry": carry_of(html),
                "action": "next",
                **as_form(definition, index, answers),
            },
        ).get_data(as_text=True)
    final = {"section": "4", "carry": carry_of(html), "action": "send", **as_form(definition, 4, answers)}
    assert client.post(url, data=final).status_code == 302
    replay = client.post(url, data=final)
    assert replay.status_code == 302
    assert "already answered" in flashes(client.get(replay.headers["Location"]).get_data(as_text=True))
    assert roll_count(open_round) == response_count(open_round) == 1


@pytest.mark.parametrize(
    ("status", "message"), [("upcoming", "has not opened yet"), ("closed", "has closed")]
)
def test_answering_outside_the_round_is_refused(client, org, status, message):
    survey_round = make_round(org, status)
    student = org.student()
    db.session.commit()
    sign_in(client, student)
    for send in (
        lambda: client.get(f"/surveys/{survey_round.id}/answer"),
        lambda: client.post(f"/surveys/{survey_round.id}/answer", data={"section": "4", "action": "send"}),
    ):
        response = send()
        assert response.status_code == 302
        assert message in flashes(client.get(response.headers["Location"]).get_data(as_text=True))
    assert roll_count(survey_round) == 0


def test_a_student_outside_the_audience_cannot_answer(client, org):
    survey_round = make_round(org, "open", audience=[org.gjo])
    student = org.student(campus=org.trd)
    db.session.commit()
    sign_in(client, student)
    response = client.post(f"/surveys/{survey_round.id}/answer", data={"section": "0", "action": "next"})
    assert response.status_code == 302
    assert "students at other campuses" in flashes(
        client.get(response.headers["Location"]).get_data(as_text=True)
    )


def test_staff_cannot_answer_and_unknown_rounds_are_404(client, org, open_round):
    sign_in(client, org.secretary())
    assert client.get(f"/surveys/{open_round.id}/answer").status_code == 403
    assert client.get("/surveys/99999/answer").status_code == 404
    assert client.get("/surveys/2147483648/answer").status_code == 404


def test_answering_writes_no_audit_event_notification_or_mail_and_keeps_nothing_in_the_session(
    client, org, open_round
):
    student = org.student()
    db.session.commit()
    before = (count(AuditEvent), count(Notification), count(OutboxMessage))
    sign_in(client, student)
    answer_over_http(client, open_round, full_answers(open_round.version.spec))
    assert (count(AuditEvent), count(Notification), count(OutboxMessage)) == before
    with client.session_transaction() as session:
        assert set(session) <= {"_user_id", "_fresh", "_id", "_flashes", "csrf_token"}


def test_the_answer_page_in_nynorsk_with_csrf_on(app, org, open_round, csrf):
    student = org.student(locale="nn")
    db.session.commit()
    client = app.test_client()
    sign_in(client, student)
    html = client.get(f"/surveys/{open_round.id}/answer").get_data(as_text=True)
    assert 'lang="nn"' in html
    assert "Undervisningsromma passar" in html
    # Without the token: refused; with it, the next part comes, in nynorsk.
    data = {"section": "0", "carry": carry_of(html), "action": "next", "q-fys-rom": "3"}
    assert client.post(f"/surveys/{open_round.id}/answer", data=data).status_code == 400
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post(f"/surveys/{open_round.id}/answer", data={**data, "csrf_token": token})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'value="3" checked' in page
    assert "Svar på dette spørsmålet." in page
    assert roll_count(open_round) == 0
