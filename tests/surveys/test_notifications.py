"""`flask portal surveys remind`: told once when a round opens, reminded on each date only if they have
not answered, e-mail settings respected; closed rounds sealed."""

from datetime import timedelta

import sqlalchemy as sa

from portal.db import utcnow
from portal.extensions import db
from portal.i18n import OSLO, in_language
from portal.notifications.kinds import render_notification
from portal.notifications.mail import send_pending
from portal.notifications.models import EmailPreference, Notification, OutboxMessage
from portal.surveys.models import SurveyReminder
from tests.factories import sign_in
from tests.surveys.helpers import answer, make_round


def run(app) -> str:
    result = app.test_cli_runner().invoke(args=["portal", "surveys", "remind"])
    assert result.exit_code == 0, result.output
    return result.output


def notified(kind: str) -> set[int]:
    return set(db.session.scalars(sa.select(Notification.user_id).where(Notification.kind == kind)))


def test_students_in_the_audience_are_told_once_when_a_round_opens(app, org, mail):
    survey_round = make_round(org, "open", audience=[org.trd, org.gjo])
    wants_mail = org.student(campus=org.trd, locale="nn")
    no_mail = org.student(campus=org.gjo)
    db.session.add(EmailPreference(user_id=no_mail.id, kind="survey_open", enabled=False))
    elsewhere = org.student(campus=org.ale)
    unverified = org.student(campus=org.trd, verified=False)
    org.secretary()
    db.session.commit()
    assert f"survey round {survey_round.id}: announced 2" in run(app)
    assert notified("survey_open") == {wants_mail.id, no_mail.id}
    assert elsewhere.id not in notified("survey_open")
    assert unverified.id not in notified("survey_open")
    [message] = db.session.scalars(sa.select(OutboxMessage)).all()
    assert message.to_address == wants_mail.email
    assert message.language == "nn"
    assert run(app).strip() == "nothing to do"
    # The mail goes out over SMTP, in nynorsk, with the link to the round.
    assert send_pending() == (1, 0)
    [sent] = mail.to(wants_mail.email)
    assert "Læringsmiljøundersøkinga" in sent["Subject"]
    assert f"/surveys/{survey_round.id}" in sent.get_content()


def test_reminders_go_to_those_who_have_not_answered_once_per_date(app, org):
    survey_round = make_round(org, "open")
    survey_round.announced_at = survey_round.opens_at
    today = utcnow().astimezone(OSLO).date()
    survey_round.reminders = [
        SurveyReminder(remind_on=today),
        SurveyReminder(remind_on=today + timedelta(days=2)),
    ]
    answered, waiting = org.student(), org.student()
    db.session.add(EmailPreference(user_id=waiting.id, kind="survey_reminder", enabled=True))
    answer(survey_round, answered)
    db.session.commit()
    assert f"survey round {survey_round.id}: reminded 1" in run(app)
    assert notified("survey_reminder") == {waiting.id}
    assert run(app).strip() == "nothing to do"
    # The second date has not come yet; when it does, one more reminder.
    db.session.refresh(survey_round)
    assert [r.sent_at is not None for r in survey_round.reminders] == [True, False]


def test_a_closed_round_is_sealed_and_a_missed_announcement_is_skipped(app, org):
    survey_round = make_round(org, "closed")
    db.session.commit()
    output = run(app)
    assert "skipped-announcement 0" in output
    assert "sealed 0" in output
    db.session.refresh(survey_round)
    assert survey_round.sealed_at is not None
    assert survey_round.eligible_count is not None
    assert notified("survey_open") == set()


def test_the_kinds_are_on_a_students_settings_page_and_render_in_their_language(client, org):
    student = org.student(locale="nn")
    db.session.commit()
    sign_in(client, student)
    client.set_cookie("lang", "nn")
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert 'value="survey_open"' in page
    assert 'value="survey_reminder"' in page
    params = {"title": {"nb": "Undersøkelsen", "nn": "Undersøkinga", "en": "The survey"}}
    with client.application.test_request_context("/"), in_language("en"):
        assert render_notification("survey_open", params) == "Answer the survey “The survey”"
