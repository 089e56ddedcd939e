"""The committee's changes reach the audit log through audited(): the fields before and after."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.committee.membership import member_update
from portal.committee.service import item_create, item_update, meeting_update
from portal.extensions import db
from tests.committee.helpers import add_seat, make_meeting


def _last(action: str) -> AuditEvent:
    return db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id.desc())
    ).first()


def test_a_meeting_change_records_the_place_before_and_after(org):
    secretary = org.secretary()
    meeting = make_meeting(org, secretary)
    created = _last("committee.meeting.create")
    assert created.before is None
    assert created.after["place"] == meeting.place
    meeting_update(
        meeting=meeting,
        starts_at=meeting.starts_at,
        place="Rom 101",
        actor=secretary,
        expected_version=meeting.version,
    )
    event = _last("committee.meeting.update")
    assert (event.target_type, event.target_id, event.actor_id) == ("meeting", meeting.id, secretary.id)
    assert event.before["place"] == created.after["place"]
    assert event.after["place"] == "Rom 101"
    assert event.after["starts_at"] == meeting.starts_at.isoformat()


def test_an_item_change_records_the_texts_and_the_issues_added(org):
    secretary = org.secretary()
    meeting = make_meeting(org, secretary)
    item = item_create(meeting=meeting, kind="decision", title="Lesesalene", actor=secretary)
    assert _last("agenda.item.create").after == {
        "meeting_id": meeting.id,
        "year": item.year,
        "number": item.number,
        "position": item.position,
        "standing": None,
        "kind": "decision",
        "title": "Lesesalene",
        "case_officer": "",
        "background": "",
        "proposed_decision": None,
        "issues": [],
    }
    item_update(
        item=item, values={"title": "Lesesalene i eksamenstida"}, actor=secretary, expected_version=None
    )
    event = _last("agenda.item.update")
    assert event.before["title"] == "Lesesalene"
    assert event.after["title"] == "Lesesalene i eksamenstida"
    assert event.after["issues_added"] == []


def test_a_membership_change_records_the_seat_and_refuses_a_stale_form(org):
    from portal.committee.errors import CommitteeError

    secretary = org.secretary()
    member = add_seat(org, name="Ola Nordmann", seat="student")
    version = member.version
    member_update(
        member=member,
        actor=secretary,
        seat="staff",
        term_start=member.term_start,
        term_end=member.term_end,
        substitute=False,
        rank=0,
        email=None,
        expected_version=version,
    )
    event = _last("committee.member.update")
    assert (event.before["seat"], event.after["seat"]) == ("student", "staff")
    assert member.version == version + 1
    with pytest.raises(CommitteeError) as refused:
        member_update(
            member=member,
            actor=secretary,
            seat="student",
            term_start=member.term_start,
            term_end=member.term_end,
            substitute=False,
            rank=0,
            email=None,
            expected_version=version,
        )
    assert refused.value.code == "stale"
    assert member.seat == "staff"
