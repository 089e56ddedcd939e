"""What the committee holds about a person is in their download and is unlinked when they
delete their account, while the minutes stay whole (portal/committee/privacy.py)."""

from __future__ import annotations

import json
from datetime import timedelta

from portal.committee.attendance import absence_report
from portal.committee.models import Consultation, ItemProposal, MeetingAttendance
from portal.committee.service import item_create
from portal.db import utcnow
from portal.extensions import db
from tests.committee.helpers import add_seat, make_meeting
from tests.factories import PASSWORD, sign_in


def _member_with_papers(org):
    secretary = org.secretary()
    me = org.leader(org.trd, name="Kari Medlem", student=False)
    seat = add_seat(org, user=me, seat="staff")
    meeting = make_meeting(org, secretary)
    absence_report(meeting=meeting, user=me, reason="Legetime")
    item = item_create(meeting=meeting, kind="decision", title="Lesesalene", actor=secretary)
    proposal = ItemProposal(
        committee_id=org.lmu.id,
        meeting_id=meeting.id,
        proposer_id=me.id,
        source="member",
        title="Lengre åpningstider",
        text="Biblioteket stenger for tidlig.",
        language="nb",
    )
    consultation = Consultation(
        item_id=item.id,
        campus_id=org.trd.id,
        deadline=utcnow() + timedelta(days=5),
        statement="Rådet støtter forslaget.",
        statement_at=utcnow(),
        statement_by_id=me.id,
    )
    db.session.add_all([proposal, consultation])
    db.session.commit()
    return me, seat, meeting, proposal, consultation


def test_my_committee_papers_are_in_my_download(client, org):
    me, _seat, meeting, _proposal, _consultation = _member_with_papers(org)
    sign_in(client, me)
    response = client.get("/account/export")
    assert response.status_code == 200
    data = json.loads(response.data)["committee"]
    assert [(m["committee"], m["seat"], m["name"]) for m in data["memberships"]] == [
        ("LMU", "staff", "Kari Medlem")
    ]
    assert [(a["meeting"], a["reason"]) for a in data["absences_reported"]] == [(meeting.id, "Legetime")]
    assert [p["title"] for p in data["item_proposals"]] == ["Lengre åpningstider"]
    assert [(s["campus"], s["statement"]) for s in data["consultation_statements"]] == [
        ("TRD", "Rådet støtter forslaget.")
    ]


def test_deleting_my_account_unlinks_me_and_keeps_the_minutes_whole(client, org):
    me, seat, _meeting, proposal, consultation = _member_with_papers(org)
    someone_else = add_seat(org, name="Ola Annen", email="ola@example.test")
    sign_in(client, me)
    response = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    seat = db.session.get(type(seat), seat.id)
    assert seat.user_id is None
    assert seat.name == "Kari Medlem"  # the minutes name who sat and who attended
    attendance = db.session.query(MeetingAttendance).filter_by(member_id=seat.id).one()
    assert attendance.absence_reported_at is not None  # that they were absent stays on record
    assert attendance.absence_reason is None  # why (health, family) goes
    assert attendance.absence_reported_by_id is None
    assert db.session.get(ItemProposal, proposal.id).proposer_id is None
    assert db.session.get(ItemProposal, proposal.id).title == "Lengre åpningstider"
    assert db.session.get(Consultation, consultation.id).statement_by_id is None
    assert db.session.get(Consultation, consultation.id).statement == "Rådet støtter forslaget."
    # Nobody else's membership is touched.
    assert db.session.get(type(someone_else), someone_else.id).email == "ola@example.test"
