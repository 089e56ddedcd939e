"""Notice, absence, substitutes, minutes (issue 13, items 2–3): publishing tells those summoned
and the chosen campus councils, each in their language and as their e-mail settings say;
members report absence up to the meeting; the secretary calls in a substitute in one step;
the minutes record attendance and the minute-taker and are approved at the next meeting."""

from datetime import timedelta

import sqlalchemy as sa

from portal.committee.models import MeetingAttendance, MeetingStatus, Standing
from portal.committee.queries import minutes_approval_of
from portal.committee.service import allowed_statuses, item_decide
from portal.extensions import db
from portal.notifications.mail import send_pending
from portal.notifications.models import EmailPreference, Notification, OutboxMessage
from tests.committee.helpers import add_seat, docx_text, flat, in_order, make_meeting, pdf_text
from tests.factories import sign_in


def _world(org):
    secretary = org.secretary(locale="en", name="Eva Sekretær")
    student = org.student(name="Kari Student", locale="nn")
    staff = org.member(name="Per Tilsett", locale="en")
    people = {
        "secretary": secretary,
        "student": add_seat(org, user=student),
        "staff": add_seat(org, user=staff, seat="staff"),
        "named": add_seat(org, name="Ingrid Hov", email="ingrid.hov@example.test", seat="staff"),
        "sub": add_seat(
            org, name="Nina Vara", email="nina@example.test", seat="staff", substitute=True, rank=1
        ),
        "sub_student": add_seat(org, user=org.student(name="Jonas Vara"), substitute=True, rank=1),
    }
    meeting = make_meeting(org, secretary)
    return people, meeting


def _notifications(user, kind):
    return db.session.scalars(
        sa.select(Notification).where(Notification.user_id == user.id, Notification.kind == kind)
    ).all()


def test_publishing_the_notice_tells_everyone_summoned_and_the_chosen_councils(client, org, mail):
    people, meeting = _world(org)
    trd_leader = org.leader(org.trd, locale="nb")
    gjo_leader = org.leader(org.gjo)
    db.session.add(EmailPreference(user_id=people["staff"].user_id, kind="committee_notice", enabled=False))
    db.session.commit()
    assert MeetingStatus.AGENDA_PUBLISHED not in allowed_statuses(meeting)  # only by publishing
    sign_in(client, people["secretary"])
    response = client.post(
        f"/committee/LMU/meetings/{meeting.id}/publish",
        data={"campuses": [org.trd.id], "version": meeting.version},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "The notice and agenda are published, and 4 people are told." in response.get_data(as_text=True)
    db.session.refresh(meeting)
    assert meeting.status == MeetingStatus.AGENDA_PUBLISHED
    assert meeting.notice_published_at is not None
    student, staff = people["student"].user, people["staff"].user
    for user in (student, staff, trd_leader):
        assert len(_notifications(user, "committee_notice")) == 1, user.name
    assert _notifications(gjo_leader, "committee_notice") == []
    assert _notifications(people["sub_student"].user, "committee_notice") == []  # substitutes wait
    outbox = {m.to_address: m for m in db.session.scalars(sa.select(OutboxMessage))}
    assert staff.email not in outbox  # Per turned these e-mails off
    assert outbox[student.email].language == "nn"
    assert "Du er kalla inn til møtet i Læringsmiljøutvalet." in outbox[student.email].body_text
    assert "meld forfall på sida for møtet" in outbox[student.email].body_text.lower()
    assert outbox[trd_leader.email].language == "nb"
    assert "Campusrådet ditt får beskjed" in outbox[trd_leader.email].body_text
    # A member without an account gets it by e-mail in the committee's language.
    named = outbox["ingrid.hov@example.test"]
    assert named.language == "nb"
    assert "si fra til sekretæren før møtet starter" in named.body_text
    assert "nina@example.test" not in outbox
    assert send_pending()[0] == 3
    [message] = mail.to(student.email)
    assert message["Content-Language"] == "nn"
    assert message["Subject"].startswith("Innkalling til møte:")


def test_a_member_reports_absence_with_or_without_a_reason_and_the_secretary_is_told(client, org):
    people, meeting = _world(org)
    student = people["student"].user
    sign_in(client, student)
    page = client.get(f"/committee/LMU/meetings/{meeting.id}").get_data(as_text=True)
    assert "Meld forfall" in page  # nynorsk: Kari's language
    response = client.post(
        f"/committee/LMU/meetings/{meeting.id}/absence", data={"reason": "Eksamen\x00 same dag"}
    )
    assert response.status_code == 302
    row = db.session.scalar(sa.select(MeetingAttendance))
    assert (row.member_id, row.absence_reason, row.absence_reported_by_id) == (
        people["student"].id,
        "Eksamen same dag",
        student.id,
    )
    assert len(_notifications(people["secretary"], "committee_absence")) == 1
    # Without a reason, for the staff member; and reporting twice tells the secretary once.
    staff = people["staff"].user
    sign_in(client, staff)
    assert client.post(f"/committee/LMU/meetings/{meeting.id}/absence", data={}).status_code == 302
    assert (
        client.post(f"/committee/LMU/meetings/{meeting.id}/absence", data={"reason": ""}).status_code == 302
    )
    assert len(_notifications(people["secretary"], "committee_absence")) == 2
    # The secretary sees who reported, and why.
    sign_in(client, people["secretary"])
    page = client.get(f"/committee/LMU/meetings/{meeting.id}").get_data(as_text=True)
    assert page.count("Has reported absence") == 2
    assert "Eksamen same dag" in page
    # A member who can come after all withdraws it.
    sign_in(client, staff)
    assert client.post(f"/committee/LMU/meetings/{meeting.id}/absence/withdraw").status_code == 302
    assert (
        db.session.scalar(
            sa.select(MeetingAttendance.absence_reported_at).where(
                MeetingAttendance.member_id == people["staff"].id
            )
        )
        is None
    )


def test_absence_after_the_meeting_or_from_someone_not_summoned_is_refused_with_words(
    client, org, time_machine
):
    people, meeting = _world(org)
    outsider_member = org.member(locale="en")  # reads the committee, has no seat
    sign_in(client, outsider_member)
    response = client.post(
        f"/committee/LMU/meetings/{meeting.id}/absence", data={"reason": "x"}, follow_redirects=True
    )
    assert "Only members summoned to this meeting can report absence from it." in response.get_data(
        as_text=True
    )
    student = org.student(locale="en")  # neither reads nor sits
    sign_in(client, student)
    assert client.post(f"/committee/LMU/meetings/{meeting.id}/absence", data={}).status_code == 403
    time_machine.move_to(meeting.starts_at + timedelta(minutes=1), tick=False)
    sign_in(client, people["staff"].user)
    response = client.post(f"/committee/LMU/meetings/{meeting.id}/absence", data={}, follow_redirects=True)
    assert "Absence can be reported in the portal only until the meeting starts." in response.get_data(
        as_text=True
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MeetingAttendance)) == 0
    long_reason = client.post(
        f"/committee/LMU/meetings/{meeting.id}/absence", data={"reason": "x" * 501}, follow_redirects=True
    )
    assert "Use at most 500 characters." in long_reason.get_data(as_text=True)


def test_the_secretary_calls_in_a_substitute_in_one_step(client, org):
    people, meeting = _world(org)
    sign_in(client, people["staff"].user)
    client.post(f"/committee/LMU/meetings/{meeting.id}/absence", data={"reason": "Syk"})
    sign_in(client, people["secretary"])
    page = client.get(f"/committee/LMU/meetings/{meeting.id}").get_data(as_text=True)
    # The form for Per offers the staff substitute first.
    form = page.split(f'name="absent" value="{people["staff"].id}"', 1)[1].split("</form>", 1)[0]
    assert form.index("Nina Vara") < form.index("Jonas Vara")
    response = client.post(
        f"/committee/LMU/meetings/{meeting.id}/substitutes",
        data={"absent": people["staff"].id, "substitute": people["sub"].id},
        follow_redirects=True,
    )
    assert "Nina Vara is called in for Per Tilsett and is told." in response.get_data(as_text=True)
    [mail] = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.to_address == "nina@example.test")
    ).all()
    assert "Per Tilsett kan ikke komme på møtet" in mail.body_text
    # One step also for an absence told to the secretary directly (Ingrid, no account).
    response = client.post(
        f"/committee/LMU/meetings/{meeting.id}/substitutes",
        data={"absent": people["named"].id, "substitute": people["sub_student"].id},
    )
    assert response.status_code == 302
    assert len(_notifications(people["sub_student"].user, "committee_substitute")) == 1
    rows = {r.member_id: r for r in db.session.scalars(sa.select(MeetingAttendance))}
    assert rows[people["named"].id].absence_reported_by_id == people["secretary"].id
    assert rows[people["sub"].id].called_for_id == people["staff"].id
    # Bad input: a substitute called twice, a member replaced twice, a member as substitute, crafted ids.
    for data, message in [
        (
            {"absent": people["student"].id, "substitute": people["sub"].id},
            "Choose one of the committee&#39;s substitutes",
        ),
        (
            {"absent": people["staff"].id, "substitute": people["sub"].id},
            "Nina Vara is already called in for this member.",
        ),
        (
            {"absent": people["student"].id, "substitute": people["staff"].id},
            "Choose one of the committee&#39;s substitutes",
        ),
        ({"absent": "x", "substitute": people["sub"].id}, "That person is not summoned to this meeting."),
        ({"absent": 2**40, "substitute": 2**40}, "That person is not summoned to this meeting."),
        ({"absent": people["student"].id, "substitute": "ingen"}, "Invalid Choice: could not coerce."),
    ]:
        before = db.session.scalar(sa.select(sa.func.count()).select_from(MeetingAttendance))
        response = client.post(
            f"/committee/LMU/meetings/{meeting.id}/substitutes", data=data, follow_redirects=True
        )
        assert response.status_code == 200
        html = response.get_data(as_text=True).replace("'", "&#39;")
        assert message in html, data
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MeetingAttendance)) == before
    # The notice lists the substitute for the member.
    text = flat(pdf_text(client.get(f"/committee/LMU/meetings/{meeting.id}/agenda.pdf").data))
    assert "Nina Vara (Ansatt, vara for Per Tilsett)" in text, text


def test_minutes_record_attendance_and_are_approved_at_the_next_meeting(client, org):
    people, meeting = _world(org)
    secretary = people["secretary"]
    sign_in(client, people["staff"].user)
    client.post(f"/committee/LMU/meetings/{meeting.id}/absence", data={})
    sign_in(client, secretary)
    client.post(
        f"/committee/LMU/meetings/{meeting.id}/substitutes",
        data={"absent": people["staff"].id, "substitute": people["sub"].id},
    )
    assert client.get(f"/committee/LMU/meetings/{meeting.id}/attendance").status_code == 200
    bad = client.post(f"/committee/LMU/meetings/{meeting.id}/attendance", data={"minutes_taker": "Eva"})
    assert bad.status_code == 409  # not held yet
    meeting.status = MeetingStatus.HELD
    db.session.commit()
    page = client.get(f"/committee/LMU/meetings/{meeting.id}/attendance").get_data(as_text=True)
    staff_id = people["staff"].id
    assert f'id="attended-{staff_id}-absent" name="attended-{staff_id}" value="absent" checked' in page
    data = {f"attended-{m.id}": "present" for m in (people["student"], people["named"], people["sub"])}
    missing = client.post(
        f"/committee/LMU/meetings/{meeting.id}/attendance", data={**data, "minutes_taker": "Eva"}
    )
    assert missing.status_code == 400
    assert "Choose present or absent for Per Tilsett." in missing.get_data(as_text=True)
    data[f"attended-{people['staff'].id}"] = "absent"
    for bad_taker in ("", "x" * 121):
        response = client.post(
            f"/committee/LMU/meetings/{meeting.id}/attendance", data={**data, "minutes_taker": bad_taker}
        )
        assert response.status_code == 400
    wrong = client.post(
        f"/committee/LMU/meetings/{meeting.id}/attendance",
        data={**data, f"attended-{people['student'].id}": "maybe", "minutes_taker": "Eva"},
    )
    assert wrong.status_code == 400
    response = client.post(
        f"/committee/LMU/meetings/{meeting.id}/attendance", data={**data, "minutes_taker": "Eva Sekretær"}
    )
    assert response.status_code == 302
    db.session.refresh(meeting)
    assert meeting.minutes_taker == "Eva Sekretær"
    minutes = flat(docx_text(client.get(f"/committee/LMU/meetings/{meeting.id}/minutes.docx").data))
    assert in_order(
        minutes,
        [
            "Til stede:",
            "Kari Student",
            "Ingrid Hov",
            "Nina Vara",
            "Fraværende:",
            "Per Tilsett",
            "Varaer:",
            "Nina Vara (Ansatt, vara for Per Tilsett)",
            "Referent:",
            "Eva Sekretær",
            "Protokollen godkjennes på utvalgets neste møte.",
        ],
    )
    # The next meeting's standing item approves these minutes; once decided, they are approved.
    following = make_meeting(org, secretary, days=30)
    approval = minutes_approval_of(meeting)
    assert approval.item.meeting_id == following.id
    assert approval.item.standing == Standing.MINUTES
    item_page = client.get(f"/committee/LMU/items/{approval.item.id}").get_data(as_text=True)
    assert "This item approves the minutes of the meeting on" in item_page
    following.status = MeetingStatus.HELD
    db.session.commit()
    item_decide(
        item=approval.item,
        conclusion="decision",
        decision="Godkjent.",
        actor=secretary,
        expected_version=None,
    )
    db.session.commit()
    page = client.get(f"/committee/LMU/meetings/{meeting.id}").get_data(as_text=True)
    assert "Approved at the meeting on" in page
    minutes = flat(pdf_text(client.get(f"/committee/LMU/meetings/{meeting.id}/minutes.pdf").data))
    assert "Protokollen ble godkjent på møtet" in minutes
    assert f"(sak {approval.item.case_number})" in minutes
    # Approved minutes do not change any more.
    locked = client.post(
        f"/committee/LMU/meetings/{meeting.id}/attendance", data={**data, "minutes_taker": "Ny"}
    )
    assert locked.status_code == 409
    assert "These minutes are approved at a later meeting" in locked.get_data(as_text=True)
