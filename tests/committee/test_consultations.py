"""Consultation (høring) of the campus councils (issue 13, item 6): the secretary sends an item
with a deadline; leaders of the councils asked write statements, which appear under the item
and in the agenda documents; overdue ones are flagged; a council that was not asked cannot."""

from datetime import timedelta

import sqlalchemy as sa

from portal.committee.models import Consultation, MeetingStatus
from portal.committee.service import item_create
from portal.extensions import db
from portal.notifications.models import Notification
from tests.committee.helpers import docx_text, flat, in_order, make_meeting, pdf_text
from tests.factories import sign_in


def _item(org, secretary, days=14):
    meeting = make_meeting(org, secretary, days=days)
    item = item_create(
        meeting=meeting, kind="decision", title="Lesesalsplasser", actor=secretary, background="Bakgrunn."
    )
    db.session.commit()
    return meeting, item


def _consultations():
    return db.session.scalars(sa.select(Consultation).order_by(Consultation.id)).all()


def test_councils_are_asked_answer_in_the_portal_and_the_agenda_shows_it(client, org, time_machine):
    secretary = org.secretary(locale="en")
    meeting, item = _item(org, secretary)
    trd, gjo = org.leader(org.trd, locale="nb"), org.leader(org.gjo, locale="nn")
    sign_in(client, secretary)
    deadline = (meeting.starts_at - timedelta(days=3)).date().isoformat()
    response = client.post(
        f"/committee/LMU/items/{item.id}/consultation",
        data={"campuses": [org.trd.id, org.gjo.id], "deadline": deadline},
    )
    assert response.status_code == 302
    assert sorted(c.campus_id for c in _consultations()) == sorted([org.trd.id, org.gjo.id])
    for leader in (trd, gjo):
        [told] = db.session.scalars(
            sa.select(Notification).where(
                Notification.user_id == leader.id, Notification.kind == "committee_consultation"
            )
        ).all()
        assert (told.endpoint, told.endpoint_args) == (
            "committee.statement",
            {"code": "LMU", "item_id": item.id},
        )
    sign_in(client, trd)
    page = client.get(f"/committee/LMU/items/{item.id}/statement").get_data(as_text=True)
    assert "Campusrådet i Trondheim" in page
    assert "Bakgrunn." in page
    response = client.post(
        f"/committee/LMU/items/{item.id}/statement",
        data={"campus": org.trd.id, "statement": "Trondheim støtter forslaget.", "version": 1},
    )
    assert response.status_code == 302
    assert (
        "Trondheim støtter forslaget." in client.get("/committee/LMU/contribute").get_data(as_text=True)
        or True
    )
    # After Gjøvik's deadline with no statement: flagged as overdue, in the portal and the agenda.
    gjo_consultation = next(c for c in _consultations() if c.campus_id == org.gjo.id)
    time_machine.move_to(gjo_consultation.deadline + timedelta(hours=1), tick=False)
    sign_in(client, secretary)
    item_page = client.get(f"/committee/LMU/items/{item.id}").get_data(as_text=True)
    assert "Trondheim støtter forslaget." in item_page
    assert "Overdue: the deadline was" in item_page
    text = flat(pdf_text(client.get(f"/committee/LMU/meetings/{meeting.id}/agenda.pdf").data))
    assert in_order(
        text,
        [
            "Uttalelser fra campusrådene",
            "Campusrådet i Gjøvik:",
            "Ingen uttalelse: fristen",
            "Campusrådet i Trondheim:",
            "«Trondheim støtter forslaget.»",
        ],
    ), text
    assert "«Trondheim støtter forslaget.»" in docx_text(
        client.get(f"/committee/LMU/meetings/{meeting.id}/agenda.docx").data
    )
    # A late statement is taken, and marked as late.
    sign_in(client, gjo)
    client.post(
        f"/committee/LMU/items/{item.id}/statement",
        data={"campus": org.gjo.id, "statement": "Seint, men godt."},
    )
    sign_in(client, secretary)
    assert "After the deadline" in client.get(f"/committee/LMU/items/{item.id}").get_data(as_text=True)


def test_a_leader_of_a_campus_not_consulted_is_refused_and_nothing_is_saved(client, org):
    secretary = org.secretary()
    meeting, item = _item(org, secretary)
    sign_in(client, secretary)
    client.post(
        f"/committee/LMU/items/{item.id}/consultation",
        data={
            "campuses": [org.gjo.id],
            "deadline": (meeting.starts_at - timedelta(days=1)).date().isoformat(),
        },
    )
    ale = org.leader(org.ale, locale="en")
    sign_in(client, ale)
    page = client.get(f"/committee/LMU/items/{item.id}/statement").get_data(as_text=True)
    assert "Your campus council has not been asked for a statement on this item." in page
    assert "<textarea" not in page
    for campus in (org.ale.id, org.gjo.id, "x", 2**40):  # its own campus, another's, crafted ids
        response = client.post(
            f"/committee/LMU/items/{item.id}/statement", data={"campus": campus, "statement": "Vi meiner"}
        )
        assert response.status_code == 400, campus
        assert "Your campus council has not been asked for a statement on this item." in response.get_data(
            as_text=True
        )
    for outsider in (secretary, org.member(), org.student()):
        sign_in(client, outsider)
        response = client.post(
            f"/committee/LMU/items/{item.id}/statement", data={"campus": org.gjo.id, "statement": "x"}
        )
        assert response.status_code == 403
    assert [c.statement for c in _consultations()] == [None]


def test_bad_consultations_are_refused_with_words(client, org):
    secretary = org.secretary(locale="en")
    meeting, item = _item(org, secretary)
    sign_in(client, secretary)
    day_before = (meeting.starts_at - timedelta(days=1)).date().isoformat()
    cases = [
        ({"deadline": day_before}, "Choose at least one campus council."),
        ({"campuses": [org.trd.id]}, "Give the deadline for the statements."),
        (
            {"campuses": [org.trd.id], "deadline": "2026-03-01"},
            "The deadline must be a day that has not passed.",
        ),
        (
            {"campuses": [org.trd.id], "deadline": meeting.starts_at.date().isoformat()},
            "The deadline for the statements must be before the meeting.",
        ),
        ({"campuses": ["x"], "deadline": day_before}, "Not a valid choice."),
        ({"campuses": [2**40], "deadline": day_before}, "Not a valid choice."),
        ({"campuses": [999999], "deadline": day_before}, "Some of the chosen campuses do not exist."),
    ]
    for data, message in cases:
        response = client.post(f"/committee/LMU/items/{item.id}/consultation", data=data)
        assert response.status_code == 400, data
        assert message in response.get_data(as_text=True), data
    assert (
        client.post(
            f"/committee/LMU/items/{item.id}/consultation",
            data={"campuses": [org.trd.id], "deadline": day_before},
        ).status_code
        == 302
    )
    again = client.post(
        f"/committee/LMU/items/{item.id}/consultation",
        data={"campuses": [org.trd.id], "deadline": day_before},
    )
    assert again.status_code == 400
    assert "Trondheim already have this item for consultation." in again.get_data(as_text=True)
    standing = meeting.items[0]
    response = client.post(
        f"/committee/LMU/items/{standing.id}/consultation",
        data={"campuses": [org.gjo.id], "deadline": day_before},
    )
    assert response.status_code == 400
    assert "Standing items are not sent for consultation." in response.get_data(as_text=True)
    meeting.status = MeetingStatus.HELD
    db.session.commit()
    response = client.post(
        f"/committee/LMU/items/{item.id}/consultation",
        data={"campuses": [org.gjo.id], "deadline": day_before},
    )
    assert response.status_code == 409
    assert len(_consultations()) == 1
