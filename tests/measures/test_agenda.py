"""An action plan's status report on a committee's agenda in one step (issue 12, part 2): an
information item (O-sak) on a meeting still to come, per measure its purpose, result and process
in the meeting's language. The committee's plan by its secretary; a campus plan by the secretary,
never by the campus's leader; refused with words for a held meeting or another committee's."""

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.authz import Role
from portal.committee.models import AgendaItem, MeetingStatus
from portal.extensions import db
from portal.measures.models import MeasureStatus
from portal.measures.service import measure_evaluate, measure_progress, measure_set_status
from tests.committee.helpers import make_meeting
from tests.factories import make_committee, make_user, sign_in
from tests.measures.helpers import make_measure

YEAR = 2026


@pytest.fixture
def plans(org):
    secretary = org.secretary(locale="en")
    leader = org.leader(org.trd, locale="en")
    done = make_measure(org, committee=org.lmu, actor=secretary, title="Kartlegging av bygg A")
    measure_set_status(measure=done, status=MeasureStatus.DONE, actor=secretary)
    measure_evaluate(
        measure=done,
        actor=secretary,
        purpose="Vi ville vite hva som hindrer studentene.",
        result="Ja: rapporten er lagt fram.",
        process="Befaringen med studentene fant feil vi ellers ville oversett.",
    )
    going = make_measure(org, committee=org.lmu, actor=secretary, title="Stille lesesal til kl. 22")
    measure_set_status(measure=going, status=MeasureStatus.IN_PROGRESS, actor=secretary)
    measure_progress(measure=going, actor=secretary, text="Vektere er bestilt for mai.")
    make_measure(org, campus=org.trd, actor=leader, title="Stikkontakter på lesesal 2")
    meeting = make_meeting(org, secretary, days=14)
    db.session.commit()
    return {"secretary": secretary, "leader": leader, "meeting": meeting}


def _place(client, scope, code, meeting_id):
    return client.post(f"/measures/{scope}/{code}/{YEAR}/agenda", data={"meeting": str(meeting_id)})


def _new_items(meeting):
    return db.session.scalars(
        sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting.id, AgendaItem.standing.is_(None))
    ).all()


def test_the_secretary_puts_the_committee_plan_on_the_agenda_in_the_meetings_language(client, org, plans):
    org.lmu.language = "nn"
    db.session.commit()
    meeting = plans["meeting"]
    sign_in(client, plans["secretary"])
    page = client.get(f"/measures/committee/LMU/{YEAR}/")
    assert "Status report on the agenda" in page.text
    assert f'<option value="{meeting.id}">' in page.text
    response = _place(client, "committee", "LMU", meeting.id)
    assert response.status_code == 302
    [item] = _new_items(meeting)
    assert response.headers["Location"].endswith(f"/committee/LMU/items/{item.id}")
    assert item.kind == "information"
    # In the meeting's language (nynorsk), whoever clicks (the secretary reads English).
    assert item.title == "Statusrapport: Tiltaksplan 2026 – Læringsmiljøutvalet"
    text = item.background
    for expected in (
        "Kartlegging av bygg A (Gjennomført)",
        "Formål: Vi ville vite hva som hindrer studentene.",
        "Resultat: Ja: rapporten er lagt fram.",
        "Prosess: Befaringen med studentene fant feil vi ellers ville oversett.",
        "Stille lesesal til kl. 22 (I gang)",
        "Prosess: Vektere er bestilt for mai.",
        f"/measures/committee/LMU/{YEAR}/",
    ):
        assert expected in text, expected
    assert "Stikkontakter på lesesal 2" not in text  # Trondheim's plan is not the committee's
    page = client.get(response.headers["Location"])
    assert "The status report is on the agenda of the meeting on" in page.text
    assert f"as case {item.case_number}" in page.text
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "action-plan.agenda"))
    assert (event.target_type, event.target_id, event.after["case"]) == (
        "committee",
        org.lmu.id,
        item.case_number,
    )


def test_a_campus_plan_goes_on_the_committees_agenda_by_the_secretary_not_the_leader(client, org, plans):
    meeting = plans["meeting"]
    sign_in(client, plans["leader"])
    page = client.get(f"/measures/campus/TRD/{YEAR}/")
    assert page.status_code == 200
    assert "/agenda" not in page.text.split("<main", 1)[1]
    assert _place(client, "campus", "TRD", meeting.id).status_code == 403
    assert _new_items(meeting) == []
    sign_in(client, plans["secretary"])
    assert _place(client, "campus", "TRD", meeting.id).status_code == 302
    [item] = _new_items(meeting)
    assert "Stikkontakter på lesesal 2" in item.background
    assert item.title == "Statusrapport: Tiltaksplan 2026 – Trondheim"


@pytest.mark.parametrize("status", [MeetingStatus.HELD, MeetingStatus.MINUTES_PUBLISHED])
def test_a_held_meeting_is_refused_with_words(client, org, plans, status):
    meeting = plans["meeting"]
    meeting.status = status
    db.session.commit()
    sign_in(client, plans["secretary"])
    response = _place(client, "committee", "LMU", meeting.id)
    assert response.status_code == 409
    assert "That meeting has been held, so its agenda cannot change." in response.text
    assert _new_items(meeting) == []


def test_another_committees_meeting_is_refused_with_words(client, org, plans):
    other = make_committee("UU")
    their_secretary = make_user(roles=[(Role.SECRETARY, other)], student=False, locale="en")
    theirs = make_meeting(org, their_secretary, committee=other, days=10)
    sign_in(client, plans["secretary"])
    for scope, code in (("committee", "LMU"), ("campus", "TRD")):
        response = _place(client, scope, code, theirs.id)
        assert response.status_code == 400
        assert "That meeting belongs to a committee you are not secretary of." in response.text
    assert _new_items(theirs) == []
    # Their secretary cannot act on LMU's plan (403), and may put a campus plan on their own meeting
    # but not on LMU's.
    sign_in(client, their_secretary)
    assert _place(client, "committee", "LMU", theirs.id).status_code == 403
    assert _place(client, "committee", "LMU", plans["meeting"].id).status_code == 403
    refused = _place(client, "campus", "TRD", plans["meeting"].id)
    assert refused.status_code == 400
    assert _new_items(plans["meeting"]) == []


@pytest.mark.parametrize(
    ("meeting", "message"),
    [
        ("", "meetings that are not held yet."),
        ("99999999", "meetings that are not held yet."),
        ("abc", "Invalid Choice"),
        ("1" * 40, "meetings that are not held yet."),
    ],
)
def test_bad_meeting_ids_are_refused_with_words(client, org, plans, meeting, message):
    sign_in(client, plans["secretary"])
    response = client.post(f"/measures/committee/LMU/{YEAR}/agenda", data={"meeting": meeting})
    assert response.status_code == 400
    assert message in response.text
    assert _new_items(plans["meeting"]) == []


def test_an_empty_plan_has_nothing_to_report(client, org, plans):
    sign_in(client, plans["secretary"])
    response = client.post(
        f"/measures/committee/LMU/{YEAR - 1}/agenda", data={"meeting": plans["meeting"].id}
    )
    assert response.status_code == 400
    assert "The plan has no measures yet" in response.text


def test_students_and_members_cannot_place_a_plan(client, org, plans):
    for person in (org.student(), org.member()):
        sign_in(client, person)
        for scope, code in (("committee", "LMU"), ("campus", "TRD")):
            assert _place(client, scope, code, plans["meeting"].id).status_code == 403
    assert _new_items(plans["meeting"]) == []
