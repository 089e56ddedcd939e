"""Only the committee's secretaries change its meetings and items; its members read; everyone
else is refused, by GET and by crafted POST, and nothing changes in the database."""

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.authz import Role
from portal.committee.models import AgendaItem, AgendaItemIssue, Meeting
from portal.committee.service import item_create
from portal.extensions import db
from portal.issues.models import Issue, IssueEvent
from portal.notifications.models import Notification, OutboxMessage
from tests.committee.helpers import escalated_issue, make_meeting
from tests.factories import make_committee, make_user, sign_in

READ = "read"  # members may GET
INDEX = "index"  # sends anyone with a committee role to their committee
REDIRECT = "redirect"  # members are sent on to the page itself
MANAGE = "manage"  # secretaries only, GET forms included
BLUEPRINTS = ("committee.", "reports.")


@pytest.fixture
def world(org):
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary)
    other_meeting = make_meeting(org, secretary, days=30)
    placed = escalated_issue(org, title="Lesesalen er full")
    waiting = escalated_issue(org, campus=org.gjo, title="Lesesalen er full her også")
    item = item_create(meeting=meeting, kind="decision", title="Lesesaler", actor=secretary, issues=[placed])
    other = make_committee("UU")
    people = {
        "student": org.student(),
        "leader": org.leader(org.trd),
        "member": org.member(locale="en"),
        "admin": org.admin(locale="en"),
        "other secretary": make_user(roles=[(Role.SECRETARY, other)], student=False),
        "secretary": secretary,
    }
    db.session.commit()
    return {
        "meeting": meeting,
        "other_meeting": other_meeting,
        "item": item,
        "waiting": waiting,
        "people": people,
    }


def requests(w):
    m, i, issue = w["meeting"].id, w["item"].id, w["waiting"]
    year = w["meeting"].starts_at.year
    get = [
        ("committee.index", "/committee/", INDEX),
        ("committee.overview", "/committee/LMU/", READ),
        ("committee.inbox", "/committee/LMU/inbox?category=1&age=7", READ),
        ("committee.issue_page", f"/committee/LMU/issues/{issue.reference}", READ),
        ("committee.meeting_page", f"/committee/LMU/meetings/{m}", READ),
        ("committee.item_page", f"/committee/LMU/items/{i}", READ),
        ("committee.export_print", f"/committee/LMU/meetings/{m}/agenda/print", READ),
        ("committee.export_file", f"/committee/LMU/meetings/{m}/agenda.pdf", READ),
        ("committee.export_file", f"/committee/LMU/meetings/{m}/minutes.docx", READ),
        ("reports.current", "/reports/LMU/", REDIRECT),
        ("reports.annual", f"/reports/LMU/{year}", READ),
        ("reports.annual_pdf", f"/reports/LMU/{year}.pdf", READ),
        ("committee.meeting_new", "/committee/LMU/meetings/new", MANAGE),
        ("committee.meeting_edit", f"/committee/LMU/meetings/{m}/edit", MANAGE),
        ("committee.item_new", f"/committee/LMU/items/new?issue={issue.id}", MANAGE),
        ("committee.item_edit", f"/committee/LMU/items/{i}/edit", MANAGE),
        ("committee.item_decision", f"/committee/LMU/items/{i}/decision", MANAGE),
    ]
    post = [
        ("committee.send_back", f"/committee/LMU/issues/{issue.reference}/send-back", {"note": "Tilbake"}),
        (
            "committee.meeting_new",
            "/committee/LMU/meetings/new",
            {"date": "2026-12-01", "time": "10:00", "place": "X"},
        ),
        (
            "committee.meeting_edit",
            f"/committee/LMU/meetings/{m}/edit",
            {"date": "2026-12-01", "time": "10:00", "place": "X"},
        ),
        ("committee.meeting_status", f"/committee/LMU/meetings/{m}/status", {"status": "held"}),
        (
            "committee.item_new",
            "/committee/LMU/items/new",
            {"meeting": m, "kind": "decision", "title": "Inntrenger", "issues": [issue.id]},
        ),
        (
            "committee.item_edit",
            f"/committee/LMU/items/{i}/edit",
            {"kind": "decision", "title": "Endret", "issues": [issue.id]},
        ),
        ("committee.item_order", f"/committee/LMU/items/{i}/order", {"direction": "up"}),
        ("committee.item_move", f"/committee/LMU/items/{i}/move", {"meeting": w["other_meeting"].id}),
        (
            "committee.item_decision",
            f"/committee/LMU/items/{i}/decision",
            {"conclusion": "decision", "decision": "Nei"},
        ),
    ]
    return get, post


def snapshot():
    """Everything a committee request could change."""
    counts = tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (
            Meeting,
            AgendaItem,
            AgendaItemIssue,
            IssueEvent,
            AuditEvent,
            Notification,
            OutboxMessage,
        )
    )
    meetings = db.session.execute(sa.select(Meeting.id, Meeting.version, Meeting.status, Meeting.place)).all()
    items = db.session.execute(
        sa.select(
            AgendaItem.id, AgendaItem.version, AgendaItem.title, AgendaItem.position, AgendaItem.meeting_id
        )
    ).all()
    issues = db.session.execute(sa.select(Issue.id, Issue.status, Issue.version)).all()
    return counts, sorted(meetings), sorted(items), sorted(issues)


def test_every_committee_url_is_in_the_matrix(app, world):
    get, post = requests(world)
    covered = {(endpoint, "GET") for endpoint, *_ in get} | {(endpoint, "POST") for endpoint, *_ in post}
    rules = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith(BLUEPRINTS)
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert rules == covered


@pytest.mark.parametrize("who", ["anonymous", "student", "leader", "admin", "other secretary", "member"])
def test_others_are_refused_and_nothing_changes(client, world, who):
    get, post = requests(world)
    if who != "anonymous":
        sign_in(client, world["people"][who])
    before = snapshot()
    for _endpoint, path, kind in get:
        response = client.get(path)
        if who == "anonymous":
            assert response.status_code == 302 and "/account/sign-in" in response.headers["Location"], path
        elif kind == INDEX and who in ("member", "other secretary"):
            assert response.status_code == 302 and "/account/sign-in" not in response.headers["Location"]
        elif who == "member" and kind in (READ, REDIRECT):
            assert response.status_code == (200 if kind == READ else 302), (who, path)
        else:
            assert response.status_code == 403, (who, path, response.status_code)
    if who == "admin":
        assert "You do not have access to this page" in response.get_data(as_text=True)
    if who == "member":
        # Reading exports is recorded in the audit log; nothing else may change.
        before = snapshot()
    for _endpoint, path, data in post:
        response = client.post(path, data=data)
        if who == "anonymous":
            assert response.status_code == 302 and "/account/sign-in" in response.headers["Location"], path
        else:
            assert response.status_code == 403, (who, path, response.status_code)
    assert snapshot() == before


def test_the_secretary_reaches_every_page(client, world):
    get, post = requests(world)
    sign_in(client, world["people"]["secretary"])
    for _endpoint, path, kind in get:
        assert client.get(path).status_code == (302 if kind in (INDEX, REDIRECT) else 200), path
    before = snapshot()
    for _endpoint, path, data in post:
        response = client.post(path, data=data)
        assert response.status_code in (200, 302, 400, 409), (path, response.status_code)
    assert snapshot() != before


def test_members_see_no_controls_that_change_anything(client, world):
    sign_in(client, world["people"]["member"])
    for path in (
        "/committee/LMU/",
        "/committee/LMU/inbox",
        f"/committee/LMU/meetings/{world['meeting'].id}",
        f"/committee/LMU/items/{world['item'].id}",
        f"/committee/LMU/issues/{world['waiting'].reference}",
    ):
        html = client.get(path).get_data(as_text=True)
        main = html.split("<main", 1)[1]
        assert 'method="post"' not in main, path
        for control in ("/edit", "/items/new", "/meetings/new", "/decision", "/send-back"):
            assert control not in main, (path, control)


def test_a_secretary_of_another_committee_sees_only_their_own(client, org, world):
    other_secretary = world["people"]["other secretary"]
    sign_in(client, other_secretary)
    assert client.get("/committee/").headers["Location"].endswith("/committee/UU/")
    assert client.get("/committee/UU/").status_code == 200
    assert client.get("/committee/UU/inbox").get_data(as_text=True).count("Lesesalen") == 0


def test_people_without_a_committee_role_have_no_committee_page(client, world):
    sign_in(client, world["people"]["student"])
    assert client.get("/committee/").status_code == 403
    html = client.get("/").get_data(as_text=True)
    assert 'href="/committee/"' not in html
    member = client.application.test_client()
    sign_in(member, world["people"]["member"])
    assert 'href="/committee/"' in member.get("/").get_data(as_text=True)
