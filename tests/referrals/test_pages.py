"""Referral pages as people reach them: the leader refers and withdraws, the unit answers through
its link without an account, administrators keep the units. Other campuses are refused."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.i18n import today_in_oslo
from portal.issues.service import issue_note
from portal.issues.workflow import Status
from portal.referrals.models import Referral, ResponsibleUnit
from portal.referrals.service import referral_withdraw
from portal.referrals.tokens import link_token
from tests.factories import make_issue, sign_in
from tests.referrals.helpers import answer_path, make_unit, referred_issue, unit_mail


def _form(chosen, **values):
    return {
        "unit": str(chosen.id),
        "due_on": (today_in_oslo() + timedelta(days=10)).isoformat(),
        "message": "Se på rom R1.",
        "public_note": "Sendt til eiendom.",
        **values,
    }


def test_a_leader_refers_from_the_triage_page(app, org, client):
    leader = org.leader(org.trd)
    issue = make_issue(org, status="accepted")
    unit = make_unit()
    db.session.commit()
    sign_in(client, leader)
    page = client.get(f"/triage/issues/{issue.reference}")
    assert page.status_code == 200
    assert f'action="/referrals/issues/{issue.reference}/refer"' in page.text  # the refer form
    assert unit.name_nb in page.text
    form = client.get(f"/referrals/issues/{issue.reference}/refer")  # also a page of its own
    assert form.status_code == 200
    assert unit.name_nb in form.text
    assert issue.description in form.text
    response = client.post(f"/referrals/issues/{issue.reference}/refer", data=_form(unit))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/triage/issues/{issue.reference}")
    db.session.refresh(issue)
    assert issue.status == Status.REFERRED
    assert len(unit_mail(unit)) == 1
    page = client.get(f"/triage/issues/{issue.reference}")
    assert "venter på svar innen" in page.text
    assert "Se på rom R1." in page.text  # the message to the unit, for staff
    assert "/referrals/answer/" in page.text  # outside production, the unit's link to try


def test_the_units_link_is_not_shown_to_the_leader_in_production(app, org, client):
    issue, _referral = referred_issue(org)
    sign_in(client, org.leader(org.trd))
    app.config["PORTAL_ENV"] = "production"
    try:
        page = client.get(f"/triage/issues/{issue.reference}")
    finally:
        app.config["PORTAL_ENV"] = "development"
    assert page.status_code == 200
    assert "/referrals/answer/" not in page.text


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"unit": "0"}, "Velg en enhet fra listen."),
        ({"unit": "999999"}, "Ikke et gyldig valg."),
        ({"due_on": ""}, "Oppgi datoen enheten skal svare innen."),
        ({"due_on": "2026-13-45"}, "Ikke en gyldig dato."),
        ({"due_on": "2020-01-01"}, "Svarfristen har gått ut."),
        ({"message": "m" * 2001}, "Bruk høyst 2000 tegn."),
    ],
)
def test_bad_referral_input_is_refused_with_the_text_kept(app, org, client, values, message):
    issue = make_issue(org, status="accepted")
    unit = make_unit()
    db.session.commit()
    sign_in(client, org.leader(org.trd))
    response = client.post(
        f"/referrals/issues/{issue.reference}/refer",
        data=_form(unit, public_note="Beholdt tekst ✓", **values),
    )
    assert response.status_code == 400
    assert message in response.text
    assert "Beholdt tekst ✓" in response.text
    db.session.refresh(issue)
    assert issue.status == Status.ACCEPTED


def test_an_inactive_unit_cannot_be_chosen_by_a_crafted_post(app, org, client):
    issue = make_issue(org, status="accepted")
    unit = make_unit(active=False)
    db.session.commit()
    sign_in(client, org.leader(org.trd))
    response = client.post(f"/referrals/issues/{issue.reference}/refer", data=_form(unit))
    assert response.status_code == 400
    db.session.refresh(issue)
    assert issue.status == Status.ACCEPTED
    assert unit_mail(unit) == []


def test_another_campus_cannot_refer_or_withdraw(app, org, client):
    issue, referral = referred_issue(org)
    accepted = make_issue(org, status="accepted")
    unit = make_unit()
    db.session.commit()
    sign_in(client, org.leader(org.gjo))
    assert client.get(f"/referrals/issues/{accepted.reference}/refer").status_code == 403
    assert client.post(f"/referrals/issues/{accepted.reference}/refer", data=_form(unit)).status_code == 403
    assert client.post(f"/referrals/{referral.id}/withdraw", data={}).status_code == 403
    assert client.get(f"/triage/issues/{issue.reference}").status_code == 403
    db.session.refresh(issue)
    db.session.refresh(accepted)
    assert (issue.status, accepted.status) == (Status.REFERRED, Status.ACCEPTED)
    assert client.post("/referrals/999999/withdraw", data={}).status_code == 404


def test_students_and_members_cannot_refer(app, org, client):
    issue = make_issue(org, status="accepted")
    unit = make_unit()
    db.session.commit()
    for person in (org.student(), org.member()):
        sign_in(client, person)
        assert client.post(f"/referrals/issues/{issue.reference}/refer", data=_form(unit)).status_code == 403


def test_a_leader_cannot_refer_an_escalated_issue_but_its_secretary_can(app, org, client):
    issue = make_issue(org, status="escalated")
    unit = make_unit()
    db.session.commit()
    sign_in(client, org.leader(org.trd))
    page = client.get(f"/referrals/issues/{issue.reference}/refer")
    assert page.status_code == 200
    assert "kan ikke sendes videre nå" in page.text
    assert client.post(f"/referrals/issues/{issue.reference}/refer", data=_form(unit)).status_code == 409
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, secretary)
    detail = client.get(f"/issues/{issue.reference}")
    assert f'href="/referrals/issues/{issue.reference}/refer"' in detail.text
    response = client.post(f"/referrals/issues/{issue.reference}/refer", data=_form(unit))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/issues/{issue.reference}")
    referral = db.session.scalar(sa.select(Referral).where(Referral.issue_id == issue.id))
    assert referral.referred_by_role == "secretary"


def test_the_leader_withdraws(app, org, client):
    issue, referral = referred_issue(org)
    sign_in(client, org.leader(org.trd))
    response = client.post(f"/referrals/{referral.id}/withdraw", data={"public_note": "Vi ordner det selv."})
    assert response.status_code == 302
    db.session.refresh(issue)
    assert issue.status == Status.ACCEPTED
    assert client.get(answer_path(referral)).status_code == 410


def test_the_unit_answers_through_its_link(app, org, client):
    author = org.student(locale="nn", name="Nils Anonym", email="nils.anonym@example.test")
    issue, referral = referred_issue(org, author=author, anonymous=True, unit=make_unit(language="nn"))
    path = answer_path(referral)
    page = client.get(path)
    assert page.status_code == 200
    assert '<html lang="nn">' in page.text  # the unit's language
    assert issue.title in page.text
    assert issue.description in page.text
    assert "Gjelder rom R1." in page.text
    assert page.headers["Cache-Control"] == "no-store"
    response = client.post(path, data={"answer": "Vi byter ruteren i R1 før eksamen."})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/referrals/answered")
    assert client.get("/referrals/answered").status_code == 200
    db.session.refresh(issue)
    assert issue.status == Status.ACCEPTED
    # Used: the link now says so, in a translated page.
    again = client.get(path)
    assert again.status_code == 410
    assert "Innspelet er allereie svart på" in again.text
    assert client.post(path, data={"answer": "Eit svar til."}).status_code == 410
    # The author (nynorsk) sees the answer on the issue's page.
    sign_in(client, author)
    detail = client.get(f"/issues/{issue.reference}")
    assert "Vi byter ruteren i R1 før eksamen." in detail.text
    assert "Den ansvarlege eininga" in detail.text
    assert "svart på" in detail.text


def test_the_referral_page_of_an_anonymous_issue_shows_no_trace_of_the_author(app, org, client):
    author = org.student(name="Tuva Skjult", email="tuva.skjult@example.test")
    issue, referral = referred_issue(org, author=author, anonymous=True)
    issue_note(
        issue=issue,
        author=org.leader(org.trd),
        public_note=None,
        internal_note="Intern: Tuva ringte oss om dette.",
    )
    db.session.commit()
    for response in (
        client.get(answer_path(referral)),
        client.post(answer_path(referral), data={"answer": ""}),
    ):
        text = response.text
        for trace in ("Tuva", "Skjult", "tuva.skjult", "Intern:", f"/users/{author.id}"):
            assert trace not in text, trace
    for mail in unit_mail(referral.unit):
        assert "Tuva" not in mail.body_text
        assert "tuva.skjult" not in mail.body_text


def test_a_named_authors_name_is_not_on_the_referral_page_either(app, org, client):
    author = org.student(name="Ola Synlig", email="ola.synlig@example.test")
    issue, referral = referred_issue(org, author=author, anonymous=False)
    assert "Ola Synlig" in client.get(f"/issues/{issue.reference}").text  # public on the issue
    page = client.get(answer_path(referral))
    assert page.status_code == 200
    assert "Synlig" not in page.text
    assert "ola.synlig" not in page.text


def test_forged_expired_and_withdrawn_links_get_a_translated_page(app, org, client, time_machine):
    issue, referral = referred_issue(org)
    token = link_token(referral)
    forged = client.get(f"/referrals/answer/{token[:-3]}abc")
    assert forged.status_code == 404
    assert "Denne lenken virker ikke" in forged.text
    assert client.get("/referrals/answer/x").status_code == 404
    assert client.post("/referrals/answer/" + "y" * 600, data={"answer": "Hei"}).status_code == 404
    _other_issue, other = referred_issue(org)
    referral_withdraw(referral=other, leader=org.leader(org.trd))
    db.session.commit()
    withdrawn = client.get(answer_path(other))
    assert withdrawn.status_code == 410
    assert "Oversendelsen er trukket tilbake" in withdrawn.text
    time_machine.move_to(today_in_oslo() + timedelta(days=200), tick=False)
    expired = client.get(f"/referrals/answer/{token}")
    assert expired.status_code == 410
    assert "Lenken er utløpt" in expired.text
    assert client.post(f"/referrals/answer/{token}", data={"answer": "Sent svar."}).status_code == 410
    db.session.refresh(issue)
    assert issue.status == Status.REFERRED


def test_a_100000_character_answer_is_refused_and_kept(app, org, client):
    issue, referral = referred_issue(org)
    # Mostly æøå: about 600 kB as the browser sends it (an ordinary form, not multipart).
    answer = (("Vi har sett på det. " + "å" * 200 + " ") * 500)[:100_000]
    response = client.post(answer_path(referral), data={"answer": answer})
    assert response.status_code == 400
    assert "Bruk høyst 5000 tegn." in response.text
    assert answer.strip()[:2000] in response.text
    db.session.refresh(issue)
    assert issue.status == Status.REFERRED
    assert referral.answered_at is None


def test_an_empty_answer_is_refused(app, org, client):
    _issue, referral = referred_issue(org)
    response = client.post(answer_path(referral), data={"answer": "   "})
    assert response.status_code == 400
    assert "Skriv svaret ditt." in response.text


def test_the_answer_page_follows_a_chosen_language(app, org, client):
    _issue, referral = referred_issue(org, unit=make_unit(language="nb"))
    client.set_cookie("lang", "en")
    page = client.get(answer_path(referral))
    assert '<html lang="en">' in page.text
    assert "Send the answer" in page.text


def test_administrators_keep_the_units(app, org, client):
    admin = org.admin()
    db.session.commit()
    sign_in(client, admin)
    assert client.get("/admin/").text.count("/admin/units/") == 1
    assert client.get("/admin/units/").status_code == 200
    assert client.get("/admin/units/new").status_code == 200
    values = {
        "name_nb": "IT-avdelingen",
        "name_nn": "IT-avdelinga",
        "name_en": "IT services",
        "email": "it@example.test",
        "language": "nn",
        "active": "y",
    }
    bad = client.post("/admin/units/new", data={**values, "email": "ikke en adresse", "name_en": ""})
    assert bad.status_code == 400
    assert "IT-avdelinga" in bad.text
    assert client.post("/admin/units/new", data={**values, "language": "de"}).status_code == 400
    assert client.post("/admin/units/new", data=values).status_code == 302
    unit = db.session.scalar(sa.select(ResponsibleUnit).where(ResponsibleUnit.email == "it@example.test"))
    assert (unit.name_nn, unit.language, unit.active) == ("IT-avdelinga", "nn", True)
    edit = client.post(f"/admin/units/{unit.id}", data={**values, "active": ""})
    assert edit.status_code == 302
    db.session.refresh(unit)
    assert unit.active is False
    assert client.get("/admin/units/999999").status_code == 404


def test_only_administrators_keep_units(app, org, client):
    sign_in(client, org.leader(org.trd))
    assert client.get("/admin/units/").status_code == 403
    assert client.post("/admin/units/new", data={"name_nb": "X"}).status_code == 403


def test_overdue_referrals_are_flagged_in_the_inbox(app, org, client, time_machine):
    issue, _referral = referred_issue(org, days=3)
    sign_in(client, org.leader(org.trd))
    inbox = client.get("/triage/TRD/")
    badge = '<span class="badge badge-error">svaret er forsinket</span>'
    assert issue.reference in inbox.text
    assert badge not in inbox.text
    time_machine.move_to(today_in_oslo() + timedelta(days=5), tick=False)
    inbox = client.get("/triage/TRD/")
    assert badge in inbox.text
    assert "<strong>1</strong> sendt videre, svaret er forsinket" in inbox.text
    page = client.get(f"/triage/issues/{issue.reference}")
    assert "svaret er forsinket siden" in page.text


def test_the_weekly_digest_counts_overdue_referrals(app, org, time_machine):
    from portal.triage.digest import send_digests

    leader = org.leader(org.trd)
    issue, referral = referred_issue(org, leader=leader, days=1)
    time_machine.move_to(today_in_oslo() + timedelta(days=3), tick=False)
    assert send_digests() == 2  # both of TRD's leaders (make_issue made one to accept it)
    db.session.commit()
    from portal.notifications.models import OutboxMessage

    [digest] = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.to_address == leader.email)
    ).all()
    assert "1 oversendelse venter på svar etter fristen:" in digest.body_text
    assert issue.reference in digest.body_text
    assert referral.unit.name_nb in digest.body_text


def test_the_annual_report_counts_referrals(app, org, client):
    from portal.referrals.service import referral_answer

    _first_issue, first = referred_issue(org)
    referred_issue(org)
    referral_answer(referral=first, answer="Ordnet.")
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, secretary)
    page = client.get(f"/reports/LMU/{today_in_oslo().year}")
    assert page.status_code == 200
    assert "Oversendelser til ansvarlige enheter" in page.text
    assert "<dt>Innspill sendt videre</dt><dd>2</dd>" in page.text
    assert "<dt>Besvart</dt><dd>1</dd>" in page.text


def test_the_triage_action_route_does_not_refer_without_a_unit(app, org, client):
    issue = make_issue(org, status="accepted")
    sign_in(client, org.leader(org.trd))
    db.session.commit()
    for action in ("refer", "withdraw_referral", "referral_answered"):
        response = client.post(f"/triage/issues/{issue.reference}/act/{action}", data={"public_note": "x"})
        assert response.status_code == 404, action
    db.session.refresh(issue)
    assert issue.status == Status.ACCEPTED


@pytest.mark.parametrize(
    "text",
    ["Ærlig 🙂 \u202e\u0000 ǅ ﬁ <script>alert(1)</script>", "\u0000\u0001", "-1", "\r\n\r\nLinje\rto"],
)
def test_odd_answers_never_cause_a_server_error(app, org, client, text):
    _issue, referral = referred_issue(org)
    response = client.post(answer_path(referral), data={"answer": text})
    assert response.status_code == (400 if text == "\u0000\u0001" else 302)
    db.session.refresh(referral)
    if referral.answer is not None:
        assert "\u0000" not in referral.answer
        assert "\r" not in referral.answer
