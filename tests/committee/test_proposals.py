"""Agenda items proposed by members, campus councils and the student parliament before the
meeting's deadline (issue 13, item 5); the secretary puts them on the agenda or answers why
not, and the proposer is told."""

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from portal.committee.models import AgendaItem, ItemProposal
from portal.committee.proposals import proposal_sources
from portal.extensions import db
from portal.i18n import OSLO
from portal.notifications.models import Notification
from tests.committee.helpers import add_seat, make_meeting
from tests.factories import sign_in


def _open_meeting(org, secretary, days=14):
    meeting = make_meeting(org, secretary, days=days)
    meeting.proposal_deadline = datetime.combine(
        (meeting.starts_at - timedelta(days=7)).astimezone(OSLO).date(), datetime.max.time(), tzinfo=OSLO
    )
    db.session.commit()
    return meeting


def _proposals():
    return db.session.scalars(sa.select(ItemProposal).order_by(ItemProposal.id)).all()


def test_members_councils_and_the_student_parliament_propose(client, org):
    secretary = org.secretary(locale="en")
    meeting = _open_meeting(org, secretary)
    member = org.member(locale="en")
    leader = org.leader(org.gjo, locale="nn")
    student = org.student(name="Studentrepresentant")
    add_seat(org, user=student)
    assert [(s, c.code if c else None) for s, c in proposal_sources(leader, org.lmu, [org.trd, org.gjo])] == [
        ("campus_council", "GJO")
    ]
    assert [s for s, _c in proposal_sources(student, org.lmu, [])] == ["member", "student_parliament"]
    for person, source, language in (
        (member, "member", "en"),
        (leader, f"campus_council:{org.gjo.id}", "nn"),
        (student, "student_parliament", "nb"),
    ):
        sign_in(client, person)
        assert client.get(f"/committee/LMU/meetings/{meeting.id}/propose").status_code == 200
        response = client.post(
            f"/committee/LMU/meetings/{meeting.id}/propose",
            data={
                "source": source,
                "title": f"Forslag {source}",
                "text": "Grunngjeving.",
                "language": language,
            },
        )
        assert response.status_code == 302, source
    assert [(p.source, p.campus_id, p.language, p.status) for p in _proposals()] == [
        ("member", None, "en", "pending"),
        ("campus_council", org.gjo.id, "nn", "pending"),
        ("student_parliament", None, "nb", "pending"),
    ]
    told = db.session.scalars(
        sa.select(Notification).where(
            Notification.user_id == secretary.id, Notification.kind == "committee_proposal"
        )
    ).all()
    assert len(told) == 3


def test_a_proposal_after_the_deadline_or_on_behalf_of_another_body_is_refused(client, org, time_machine):
    secretary = org.secretary(locale="en")
    meeting = _open_meeting(org, secretary)
    leader = org.leader(org.trd, locale="en")
    sign_in(client, leader)
    data = {
        "source": f"campus_council:{org.trd.id}",
        "title": "Sent forslag",
        "text": "Tekst",
        "language": "nb",
    }
    for source in (
        f"campus_council:{org.gjo.id}",
        "student_parliament",
        "member",
        "campus_council:99999999999",
    ):
        response = client.post(
            f"/committee/LMU/meetings/{meeting.id}/propose", data={**data, "source": source}
        )
        assert response.status_code == 400, source
        assert "You cannot propose an item on behalf of that body." in response.get_data(as_text=True)
    for bad in ({"title": ""}, {"title": "x" * 201}, {"text": ""}, {"language": "sv"}):
        response = client.post(f"/committee/LMU/meetings/{meeting.id}/propose", data={**data, **bad})
        assert response.status_code == 400, bad
    time_machine.move_to(meeting.proposal_deadline + timedelta(seconds=1), tick=False)
    response = client.post(f"/committee/LMU/meetings/{meeting.id}/propose", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "The deadline for proposing items to this meeting has passed." in html
    assert 'value="Sent forslag"' in html  # what was typed is kept
    page = client.get(f"/committee/LMU/meetings/{meeting.id}/propose").get_data(as_text=True)
    assert "The deadline for proposing items to this meeting has passed." in page
    assert "<textarea" not in page
    no_deadline = make_meeting(org, secretary, days=20)
    response = client.post(f"/committee/LMU/meetings/{no_deadline.id}/propose", data=data)
    assert response.status_code == 400
    assert "This meeting takes no proposals" in response.get_data(as_text=True)
    assert _proposals() == []
    # Students without a seat, and another committee's secretary, have no proposal form.
    for outsider in (org.student(), org.admin()):
        sign_in(client, outsider)
        assert client.get(f"/committee/LMU/meetings/{meeting.id}/propose").status_code == 403


def test_the_secretary_puts_a_proposal_on_the_agenda_or_answers_why_not(client, org):
    secretary = org.secretary(locale="en")
    meeting = _open_meeting(org, secretary)
    leader = org.leader(org.gjo, locale="nn")
    sign_in(client, leader)
    for title in ("Opningstider", "Parkering"):
        client.post(
            f"/committee/LMU/meetings/{meeting.id}/propose",
            data={
                "source": f"campus_council:{org.gjo.id}",
                "title": title,
                "text": "Grunngjeving.",
                "language": "nn",
            },
        )
    first, second = _proposals()
    # The proposer sees their own proposal; another campus's leader does not.
    assert client.get(f"/committee/LMU/proposals/{first.id}").status_code == 200
    sign_in(client, org.leader(org.ale))
    assert client.get(f"/committee/LMU/proposals/{first.id}").status_code == 403
    sign_in(client, secretary)
    assert client.get(f"/committee/LMU/proposals/{first.id}/accept").status_code == 200
    response = client.post(
        f"/committee/LMU/proposals/{first.id}/accept",
        data={
            "kind": "decision",
            "title": "Opningstider for eksamenskontora",
            "background": "Frå Gjøvik.",
            "version": first.version,
        },
    )
    assert response.status_code == 302
    item = db.session.scalar(
        sa.select(AgendaItem).where(AgendaItem.title == "Opningstider for eksamenskontora")
    )
    db.session.refresh(first)
    assert (first.status, first.item_id) == ("accepted", item.id)
    assert "Proposed by the campus council of Gjøvik." in client.get(
        f"/committee/LMU/items/{item.id}"
    ).get_data(as_text=True)
    again = client.post(f"/committee/LMU/proposals/{first.id}/decline", data={"answer": "Nei"})
    assert again.status_code == 409
    assert "This proposal is answered already." in again.get_data(as_text=True)
    empty = client.post(f"/committee/LMU/proposals/{second.id}/decline", data={"answer": "  "})
    assert empty.status_code == 400
    response = client.post(
        f"/committee/LMU/proposals/{second.id}/decline", data={"answer": "Parkering er ikkje læringsmiljø."}
    )
    assert response.status_code == 302
    told = db.session.scalars(
        sa.select(Notification).where(
            Notification.user_id == leader.id, Notification.kind == "committee_proposal_answered"
        )
    ).all()
    assert [n.params["accepted"] for n in told] == [True, False]
    sign_in(client, leader)
    page = client.get(f"/committee/LMU/proposals/{second.id}").get_data(as_text=True)
    assert "Parkering er ikkje læringsmiljø." in page
    assert "Ikkje på saklista" in page


@pytest.mark.parametrize("who", ["member", "leader"])
def test_only_the_secretary_answers(client, org, who):
    secretary = org.secretary()
    meeting = _open_meeting(org, secretary)
    member = org.member()
    sign_in(client, member)
    client.post(
        f"/committee/LMU/meetings/{meeting.id}/propose",
        data={"source": "member", "title": "Mitt forslag", "text": "Tekst", "language": "nb"},
    )
    [proposal] = _proposals()
    sign_in(client, member if who == "member" else org.leader(org.trd))
    assert (
        client.post(f"/committee/LMU/proposals/{proposal.id}/decline", data={"answer": "Nei"}).status_code
        == 403
    )
    assert (
        client.post(
            f"/committee/LMU/proposals/{proposal.id}/accept", data={"kind": "decision", "title": "X"}
        ).status_code
        == 403
    )
    db.session.refresh(proposal)
    assert proposal.status == "pending"
