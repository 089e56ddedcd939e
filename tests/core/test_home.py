from portal.extensions import db
from tests.factories import sign_in
from tests.issues.helpers import raise_issue


def test_home_links_every_campus_list(client, org):
    html = client.get("/").get_data(as_text=True)
    for code in ("TRD", "GJO", "ALE"):
        assert f"/campus/{code}/issues" in html


def test_leaders_see_their_inbox_on_the_home_page(client, org):
    leader = org.leader(org.gjo)
    raise_issue(org, org.student(), campus=org.gjo)
    db.session.commit()
    sign_in(client, leader)
    html = client.get("/").get_data(as_text=True)
    assert "/triage/GJO/" in html
    assert "Gjøvik: 1" in html


# Staff home pages are not dead ends (issue #9 item 21): each role sees its own work.


def _committee_work(org, time_machine):
    """Two escalated issues, one waiting 20 days; a meeting next week with an item; an old
    meeting with a decision and an item still without one."""
    from datetime import UTC, datetime

    from portal.committee.models import MeetingStatus
    from portal.committee.service import item_create, item_decide
    from tests.committee.helpers import escalate, make_meeting

    time_machine.move_to(datetime(2026, 2, 19, 9, 0, tzinfo=UTC), tick=False)
    old = escalate(org, raise_issue(org, org.student(), title="Kaldt i auditoriet"))
    time_machine.move_to(datetime(2026, 3, 11, 9, 0, tzinfo=UTC), tick=False)
    escalate(org, raise_issue(org, org.student(), campus=org.gjo, title="Trekk i kantina"))
    secretary = org.secretary()
    held = make_meeting(org, secretary, days=-20)
    decided = item_create(meeting=held, kind="decision", title="Lesesalsplasser", actor=secretary)
    item_create(meeting=held, kind="discussion", title="Ventilasjon", actor=secretary)
    held.status = MeetingStatus.HELD
    item_decide(
        item=decided, conclusion="decision", decision="Flere plasser.", actor=secretary, expected_version=None
    )
    upcoming = make_meeting(org, secretary, days=7)
    item_create(meeting=upcoming, kind="information", title="Budsjett for tiltak", actor=secretary)
    db.session.commit()
    return secretary, old


def test_the_secretary_sees_escalated_issues_overdue_items_and_the_next_meeting(client, org, time_machine):
    secretary, _old = _committee_work(org, time_machine)
    sign_in(client, secretary)
    html = client.get("/").get_data(as_text=True)
    assert "<h1>Arbeidet ditt</h1>" in html
    assert "/issues/new" not in html, "no button that leads a non-student to a refusal"
    for text in (
        "<strong>2</strong> innspill venter på utvalget",
        "<strong>1</strong> forsinket (venter mer enn 14 dager)",
        'href="/committee/LMU/inbox?age=14"',
        "<strong>1</strong> sak fra et avholdt møte mangler vedtak",
        "Neste møte",
        "Budsjett for tiltak",
        "Siste vedtak",
        "Lesesalsplasser",
    ):
        assert text in html, text


def test_a_committee_member_sees_the_next_agenda_and_recent_decisions(client, org, time_machine):
    _committee_work(org, time_machine)
    member = org.member()
    db.session.commit()
    sign_in(client, member)
    html = client.get("/").get_data(as_text=True)
    assert "/issues/new" not in html
    agenda = html.split("Neste møte", 1)[1].split("Siste vedtak", 1)[0]
    assert "Budsjett for tiltak" in agenda
    assert "/committee/LMU/items/" in agenda
    assert "Godkjenning av innkalling og sakliste" in agenda
    decisions = html.split("Siste vedtak", 1)[1]
    assert "Lesesalsplasser" in decisions
    assert "Ventilasjon" not in decisions
    assert "venter på utvalget" not in html  # the secretary's numbers are the secretary's


def test_the_administrator_sees_administration_and_recent_audit_events(client, org):
    from portal.accounts.service import role_grant
    from portal.authz import Role

    admin = org.admin()
    role_grant(user=org.student(), role=Role.CAMPUS_LEADER, campus=org.gjo, actor=admin)
    db.session.commit()
    sign_in(client, admin)
    html = client.get("/").get_data(as_text=True)
    assert "/issues/new" not in html
    for text in ('href="/admin/users/"', 'href="/admin/campuses/"', "Sist i revisjonsloggen", "Rolle gitt"):
        assert text in html, text
    assert 'href="/admin/audit"' in html


def test_students_keep_the_raise_button(client, org):
    sign_in(client, org.student())
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert 'href="/issues/new"' in html
    assert "Arbeidet ditt" not in html
