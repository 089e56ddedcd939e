"""Meetings and agenda items: standing items, gathering issues, order, moves, stale forms, bad input."""

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.authz import Role
from portal.committee.models import AgendaItem, AgendaItemIssue, Meeting, MeetingStatus, Standing
from portal.committee.service import CommitteeError, item_create, item_reorder
from portal.extensions import db
from portal.issues.models import IssueEvent
from portal.issues.workflow import Status
from tests.committee.helpers import escalated_issue, make_meeting, meeting_year
from tests.factories import make_committee, make_user, sign_in
from tests.issues.helpers import raise_issue

HUGE = "x" * 30000


def _items(meeting):
    return db.session.scalars(
        sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting.id).order_by(AgendaItem.position)
    ).all()


def test_a_new_meeting_starts_with_the_standing_items(client, org):
    secretary = org.secretary(locale="en")
    db.session.commit()
    sign_in(client, secretary)
    assert client.get("/committee/LMU/meetings/new").status_code == 200
    response = client.post(
        "/committee/LMU/meetings/new", data={"date": "2026-12-03", "time": "14:00", "place": "Rom 301"}
    )
    assert response.status_code == 302
    meeting = db.session.scalar(sa.select(Meeting))
    assert meeting.status == MeetingStatus.PLANNED
    assert meeting.starts_at.hour == 13  # 14:00 in Oslo is 13:00 UTC in December
    items = _items(meeting)
    assert [i.standing for i in items] == [Standing.NOTICE, Standing.MINUTES, Standing.OTHER_BUSINESS]
    assert [i.case_number for i in items] == ["1/26", "2/26", ""]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    for text in (
        "Approval of the notice and agenda",
        "Approval of the minutes of the last meeting",
        "Any other business",
    ):
        assert text in html
    assert db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "committee.meeting.create")
    )


def test_meeting_form_refuses_bad_input_with_messages(client, org):
    secretary = org.secretary(locale="en")
    db.session.commit()
    sign_in(client, secretary)
    for data in (
        {"date": "", "time": "", "place": ""},
        {"date": "2026-13-45", "time": "25:99", "place": "Rom"},
        {"date": "0001-01-01", "time": "00:00", "place": "Rom"},
        {"date": "2026-12-03", "time": "14:00", "place": HUGE},
    ):
        response = client.post("/committee/LMU/meetings/new", data=data)
        assert response.status_code == 400, data
        assert "There is a problem" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0


def test_placing_issues_moves_them_to_on_agenda_with_a_timeline_event(client, org):
    secretary = org.secretary(name="Eva Sekretær", locale="en")
    meeting = make_meeting(org, secretary)
    first = escalated_issue(org, title="Kantina stenger for tidlig")
    second = escalated_issue(org, campus=org.gjo, title="Kantina stengjer for tidleg")
    sign_in(client, secretary)
    form = client.get(f"/committee/LMU/items/new?issue={first.id}&issue={second.id}")
    assert form.status_code == 200
    assert f'value="{first.id}" checked' in form.get_data(as_text=True)
    response = client.post(
        "/committee/LMU/items/new",
        data={
            "meeting": meeting.id,
            "kind": "decision",
            "title": "Åpningstider i kantinene",
            "case_officer": "Eva Sekretær",
            "background": "To campus melder det samme.\n\nAndre avsnitt.",
            "proposed_decision": "Utvalget ber driftsdirektøren utvide åpningstidene.",
            "issues": [first.id, second.id],
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    item = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.standing.is_(None)))
    assert item.case_number == f"3/{meeting_year(meeting) % 100:02d}"
    assert [link.issue_id for link in item.links] == [first.id, second.id]
    for issue in (first, second):
        db.session.refresh(issue)
        assert issue.status == Status.ON_AGENDA
        event = db.session.scalars(
            sa.select(IssueEvent).where(IssueEvent.issue_id == issue.id).order_by(IssueEvent.id.desc())
        ).first()
        assert (event.action, event.to_status, event.actor_role) == (
            "place_on_agenda",
            "on_agenda",
            "secretary",
        )
        assert item.case_number in event.public_note
    # "Any other business" stays last.
    assert [i.standing for i in _items(meeting)] == [
        Standing.NOTICE,
        Standing.MINUTES,
        None,
        Standing.OTHER_BUSINESS,
    ]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    for text in (first.reference, second.reference, "Trondheim", "Gjøvik", "Kantina stenger for tidlig"):
        assert text in html
    assert db.session.scalar(
        sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action == "agenda.item.create")
    )


def test_an_item_from_nothing_for_the_secretarys_own_case(client, org):
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary)
    sign_in(client, secretary)
    response = client.post(
        "/committee/LMU/items/new",
        data={"meeting": meeting.id, "kind": "information", "title": "Orientering om budsjett"},
    )
    assert response.status_code == 302
    item = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.title == "Orientering om budsjett"))
    assert item.kind == "information"
    assert item.links == []


def test_an_issue_that_is_not_escalated_is_refused_with_a_message(client, org):
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary)
    waiting = raise_issue(org, org.student())  # still submitted
    sign_in(client, secretary)
    response = client.post(
        "/committee/LMU/items/new",
        data={"meeting": meeting.id, "kind": "decision", "title": "Sak", "issues": [waiting.id]},
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert f"{waiting.reference} is no longer waiting for the committee" in html
    assert 'value="Sak"' in html  # what was typed is kept
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(AgendaItem).where(AgendaItem.standing.is_(None))
        )
        == 0
    )
    # Garbage ids are a message too, never a 500.
    for issues in (["abc"], ["99999999"]):
        response = client.post(
            "/committee/LMU/items/new",
            data={"meeting": meeting.id, "kind": "decision", "title": "Sak", "issues": issues},
        )
        assert response.status_code == 400


def test_an_issue_escalated_to_another_committee_is_refused(client, org):
    other = make_committee("UU")
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary)
    elsewhere = escalated_issue(org, committee=other)
    sign_in(client, secretary)
    response = client.post(
        "/committee/LMU/items/new",
        data={"meeting": meeting.id, "kind": "decision", "title": "Sak", "issues": [elsewhere.id]},
    )
    assert response.status_code == 400
    assert f"{elsewhere.reference} was sent to another committee." in response.get_data(as_text=True)
    db.session.refresh(elsewhere)
    assert elsewhere.status == Status.ESCALATED


def test_a_meeting_of_another_committee_is_refused(client, org):
    other = make_committee("UU")
    secretary = org.secretary(locale="en")
    other_secretary = make_user(roles=[(Role.SECRETARY, other)], student=False)
    ours = make_meeting(org, secretary)
    theirs = make_meeting(org, other_secretary, committee=other)
    sign_in(client, secretary)
    # A new item on their meeting.
    response = client.post(
        "/committee/LMU/items/new", data={"meeting": theirs.id, "kind": "decision", "title": "Sak"}
    )
    assert response.status_code == 400
    assert "That meeting belongs to another committee." in response.get_data(as_text=True)
    response = client.post(
        "/committee/LMU/items/new", data={"meeting": 99999, "kind": "decision", "title": "Sak"}
    )
    assert "That meeting does not exist." in response.get_data(as_text=True)
    # Their meeting through our URL: not found.
    assert client.get(f"/committee/LMU/meetings/{theirs.id}").status_code == 404
    # Moving our item to their meeting: a clear message, nothing moves.
    item = item_create(meeting=ours, kind="decision", title="Vår sak", actor=secretary)
    db.session.commit()
    response = client.post(
        f"/committee/LMU/items/{item.id}/move", data={"meeting": theirs.id, "version": item.version}
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "That meeting belongs to another committee." in page
    db.session.refresh(item)
    assert item.meeting_id == ours.id


def test_reorder_within_the_meeting_keeps_any_other_business_last(client, org):
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary)
    a = item_create(meeting=meeting, kind="decision", title="A", actor=secretary)
    b = item_create(meeting=meeting, kind="decision", title="B", actor=secretary)
    db.session.commit()
    sign_in(client, secretary)
    assert client.post(f"/committee/LMU/items/{b.id}/order", data={"direction": "up"}).status_code == 302
    assert [i.title for i in _items(meeting)][2:4] == ["B", "A"]
    # Down from the last movable place does nothing; "any other business" stays last.
    client.post(f"/committee/LMU/items/{a.id}/order", data={"direction": "down"})
    assert _items(meeting)[-1].standing == Standing.OTHER_BUSINESS
    aob = _items(meeting)[-1]
    response = client.post(f"/committee/LMU/items/{aob.id}/order", data={"direction": "up"})
    assert response.status_code == 302
    assert _items(meeting)[-1].standing == Standing.OTHER_BUSINESS
    assert (
        client.post(f"/committee/LMU/items/{a.id}/order", data={"direction": "sideways"}).status_code == 302
    )
    assert item_reorder(item=a, direction="up", actor=secretary) is True


def test_move_an_item_to_another_meeting_keeps_its_case_number(client, org):
    secretary = org.secretary(locale="en")
    first = make_meeting(org, secretary, days=7)
    second = make_meeting(org, secretary, days=40)
    issue = escalated_issue(org)
    item = item_create(meeting=first, kind="decision", title="Utsatt sak", actor=secretary, issues=[issue])
    db.session.commit()
    number = item.case_number
    sign_in(client, secretary)
    html = client.get(f"/committee/LMU/items/{item.id}").get_data(as_text=True)
    assert "Move to another meeting" in html
    response = client.post(
        f"/committee/LMU/items/{item.id}/move", data={"meeting": second.id, "version": item.version}
    )
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.meeting_id == second.id
    assert item.case_number == number
    assert _items(second)[-1].standing == Standing.OTHER_BUSINESS
    assert item in _items(second)


def test_two_secretaries_editing_the_same_item(client, org):
    """The second is told; nothing the first saved is lost, and the second keeps their text."""
    secretary, colleague = org.secretary(locale="en"), org.secretary(locale="en")
    meeting = make_meeting(org, secretary)
    item = item_create(meeting=meeting, kind="decision", title="Felles sak", actor=secretary)
    db.session.commit()
    version = item.version
    first = client.application.test_client()
    second = client.application.test_client()
    sign_in(first, secretary)
    sign_in(second, colleague)
    assert f'name="version" type="hidden" value="{version}"' in first.get(
        f"/committee/LMU/items/{item.id}/edit"
    ).get_data(as_text=True)
    common = {"kind": "decision", "version": version}
    assert (
        first.post(
            f"/committee/LMU/items/{item.id}/edit",
            data={**common, "title": "Første versjon", "background": "Fra den første."},
        ).status_code
        == 302
    )
    response = second.post(
        f"/committee/LMU/items/{item.id}/edit",
        data={**common, "title": "Andre versjon", "background": "Fra den andre."},
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone else saved a change while you had this page open" in html
    assert "Andre versjon" in html
    assert "Fra den andre." in html
    assert "Første versjon" in html  # and what is saved is shown
    db.session.refresh(item)
    assert item.title == "Første versjon"
    assert item.background == "Fra den første."
    # Saving again, now with the current version, works.
    current = item.version
    assert (
        second.post(
            f"/committee/LMU/items/{item.id}/edit",
            data={**common, "version": current, "title": "Andre versjon", "background": "Begge."},
        ).status_code
        == 302
    )
    db.session.refresh(item)
    assert item.title == "Andre versjon"


def test_huge_texts_and_odd_unicode_in_item_forms(client, org):
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary)
    sign_in(client, secretary)
    for field, value in (("title", HUGE[:201]), ("background", HUGE), ("proposed_decision", HUGE[:5001])):
        data = {"meeting": meeting.id, "kind": "decision", "title": "Tittel", field: value}
        response = client.post("/committee/LMU/items/new", data=data)
        assert response.status_code == 400, field
        assert "Use at most" in response.get_data(as_text=True)
    odd = "Ærlig talt – «sitat» ‘x’ 🙂 ǅ ﬁ\x00\x07"
    response = client.post(
        "/committee/LMU/items/new", data={"meeting": meeting.id, "kind": "discussion", "title": odd}
    )
    assert response.status_code == 302
    item = db.session.scalar(
        sa.select(AgendaItem).where(AgendaItem.kind == "discussion", AgendaItem.standing.is_(None))
    )
    assert item.title == "Ærlig talt – «sitat» ‘x’ 🙂 ǅ ﬁ"
    for data in (
        {"meeting": "x", "kind": "v", "title": "t"},
        {"meeting": meeting.id, "kind": "bogus", "title": "t"},
    ):
        assert client.post("/committee/LMU/items/new", data=data).status_code == 400


def test_standing_items_keep_their_translated_texts_until_edited(client, org):
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary)
    notice = _items(meeting)[0]
    sign_in(client, secretary)
    html = client.get(f"/committee/LMU/items/{notice.id}/edit").get_data(as_text=True)
    assert "Approval of the notice and agenda" in html
    response = client.post(
        f"/committee/LMU/items/{notice.id}/edit",
        data={
            "kind": "decision",
            "title": "Approval of the notice and agenda",
            "proposed_decision": "The notice and agenda are approved.",
            "version": notice.version,
        },
    )
    assert response.status_code == 302
    db.session.refresh(notice)
    assert notice.title is None
    assert notice.proposed_decision is None


def test_no_new_items_on_a_meeting_whose_minutes_are_published(client, org):
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary, status="minutes_published")
    with pytest.raises(CommitteeError) as refused:
        item_create(meeting=meeting, kind="decision", title="Sent", actor=secretary)
    assert refused.value.code == "minutes-published"
    sign_in(client, secretary)
    response = client.post(
        "/committee/LMU/items/new", data={"meeting": meeting.id, "kind": "decision", "title": "x"}
    )
    assert response.status_code == 409
    assert "The minutes of this meeting are published" in response.get_data(as_text=True)


def test_meeting_status_and_edit_with_stale_version(client, org):
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary)
    sign_in(client, secretary)
    client.post(
        f"/committee/LMU/meetings/{meeting.id}/status", data={"status": "held", "version": meeting.version}
    )
    db.session.refresh(meeting)
    assert meeting.status == MeetingStatus.HELD
    stale = client.post(
        f"/committee/LMU/meetings/{meeting.id}/edit",
        data={"date": "2026-12-10", "time": "10:00", "place": "Nytt rom", "version": 1},
    )
    assert stale.status_code == 409
    assert "Nytt rom" in stale.get_data(as_text=True)
    db.session.refresh(meeting)
    assert meeting.place == "Møterom 301"
    fresh = client.post(
        f"/committee/LMU/meetings/{meeting.id}/edit",
        data={"date": "2026-12-10", "time": "10:00", "place": "Nytt rom", "version": meeting.version},
    )
    assert fresh.status_code == 302
    # An unknown status is a message, not a 500.
    response = client.post(f"/committee/LMU/meetings/{meeting.id}/status", data={"status": "bogus"})
    assert response.status_code == 302
    assert "cannot get that status" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_unknown_ids_are_404(client, org):
    secretary = org.secretary(locale="en")
    db.session.commit()
    sign_in(client, secretary)
    for path in (
        "/committee/NOPE/",
        "/committee/LMU/meetings/999",
        "/committee/LMU/items/999",
        "/committee/LMU/issues/TRD-2026-9999",
        "/committee/LMU/meetings/999/agenda.pdf",
    ):
        assert client.get(path).status_code == 404, path
    meeting = make_meeting(org, secretary)
    assert client.get(f"/committee/LMU/meetings/{meeting.id}/nonsense.pdf").status_code == 404
    assert client.get(f"/committee/LMU/meetings/{meeting.id}/agenda.exe").status_code == 404


def test_agenda_pages_keep_a_fixed_number_of_queries(client, org, count_queries):
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary)

    def add(n):
        for _ in range(n):
            issue = escalated_issue(org, campus=org.ale)
            item_create(meeting=meeting, kind="decision", title="Sak", actor=secretary, issues=[issue])
        db.session.commit()

    sign_in(client, secretary)
    add(1)
    escalated_issue(org, campus=org.gjo, title="Noe annet helt", description="Helt ulik tekst her.")
    with count_queries() as few:
        assert client.get(f"/committee/LMU/meetings/{meeting.id}").status_code == 200
        assert client.get("/committee/LMU/inbox").status_code == 200
    add(5)
    for _ in range(3):
        escalated_issue(org, campus=org.gjo, title="Noe annet helt", description="Helt ulik tekst her.")
    with count_queries() as many:
        assert client.get(f"/committee/LMU/meetings/{meeting.id}").status_code == 200
        assert client.get("/committee/LMU/inbox").status_code == 200
    assert many.count == few.count
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AgendaItemIssue)) == 6


def test_ids_beyond_the_database_range_are_unknown_not_a_500(client, org):
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary)
    item = item_create(meeting=meeting, kind="decision", title="Sak", actor=secretary)
    db.session.commit()
    sign_in(client, secretary)
    huge = "9" * 30
    for path in (
        f"/committee/LMU/meetings/{huge}",
        f"/committee/LMU/items/{huge}",
        f"/committee/LMU/meetings/{huge}/agenda.pdf",
    ):
        assert client.get(path).status_code == 404, path
    response = client.post(
        "/committee/LMU/items/new", data={"meeting": huge, "kind": "decision", "title": "x"}
    )
    assert response.status_code == 400
    assert "That meeting does not exist." in response.get_data(as_text=True)
    response = client.post(f"/committee/LMU/items/{item.id}/move", data={"meeting": huge})
    assert response.status_code == 302
    assert "That meeting does not exist." in client.get(response.headers["Location"]).get_data(as_text=True)
    for version in ("9" * 40, "-1", "abc"):
        response = client.post(
            f"/committee/LMU/items/{item.id}/edit",
            data={"kind": "decision", "title": "Ny", "version": version},
        )
        assert response.status_code in (302, 409), version
    response = client.post(
        "/committee/LMU/items/new",
        data={"meeting": meeting.id, "kind": "decision", "title": "x", "issues": ["9" * 12]},
    )
    assert response.status_code == 400


def test_a_confidential_title_is_never_the_suggested_item_title(client, org):
    secretary = org.secretary(locale="en")
    make_meeting(org, secretary)
    confidential = escalated_issue(org, title="Veileder krenker stipendiater", category="psychosocial")
    public = escalated_issue(org, campus=org.gjo, title="Dårlig tone i kullet")
    sign_in(client, secretary)
    alone = client.get(f"/committee/LMU/items/new?issue={confidential.id}").get_data(as_text=True)
    assert "Veileder krenker stipendiater" not in alone.split('id="title"')[1].split(">")[0]
    both = client.get(f"/committee/LMU/items/new?issue={confidential.id}&issue={public.id}").get_data(
        as_text=True
    )
    assert 'value="Dårlig tone i kullet"' in both
