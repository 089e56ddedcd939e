"""Only the committee's secretaries change its meetings and items; its members read; everyone
else is refused, by GET and by crafted POST, and nothing changes in the database."""

from datetime import date

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.authz import Role
from portal.committee.models import (
    AgendaItem,
    AgendaItemIssue,
    CommitteeChair,
    CommitteeMember,
    Consultation,
    ItemProposal,
    Meeting,
    MeetingAttendance,
    MinutesApproval,
)
from portal.committee.service import item_create
from portal.extensions import db
from portal.issues.models import Issue, IssueEvent
from portal.notifications.models import Notification, OutboxMessage
from portal.reports.models import BoardReport
from tests.committee.helpers import escalated_issue, make_meeting
from tests.factories import make_committee, make_user, sign_in

READ = "read"  # members may GET
INDEX = "index"  # sends anyone with a committee role to their committee
REDIRECT = "redirect"  # members are sent on to the page itself
MANAGE = "manage"  # secretaries only, GET forms included
CONTRIBUTE = "contribute"  # members, secretaries and campus leaders (proposals, consultations)
LEADER = "leader"  # campus leaders only (a council's statement)
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
    staff = make_user(name="Tilsett Medlem", student=False)
    seat = CommitteeMember(
        committee_id=org.lmu.id,
        user_id=staff.id,
        name=staff.name,
        seat="staff",
        term_start=date(2026, 1, 1),
        term_end=date(2027, 12, 31),
    )
    db.session.add(seat)
    db.session.add(Consultation(item_id=item.id, campus_id=org.gjo.id, deadline=meeting.starts_at))
    proposer = org.member(locale="en")
    proposal = ItemProposal(
        committee_id=org.lmu.id,
        meeting_id=meeting.id,
        proposer_id=proposer.id,
        source="member",
        title="Forslag",
        text="Tekst",
        language="nb",
    )
    db.session.add(proposal)
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
        "seat": seat,
        "proposal": proposal,
        "trd": org.trd.id,
        "gjo": org.gjo.id,
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
        ("reports.board_edit", f"/reports/LMU/{year}/board", MANAGE),
        ("reports.board_file", f"/reports/LMU/{year}/board.docx", MANAGE),
        ("committee.meeting_new", "/committee/LMU/meetings/new", MANAGE),
        ("committee.meeting_edit", f"/committee/LMU/meetings/{m}/edit", MANAGE),
        ("committee.item_new", f"/committee/LMU/items/new?issue={issue.id}", MANAGE),
        ("committee.item_edit", f"/committee/LMU/items/{i}/edit", MANAGE),
        ("committee.item_decision", f"/committee/LMU/items/{i}/decision", MANAGE),
        ("committee.members", "/committee/LMU/members", READ),
        ("committee.member_new", "/committee/LMU/members/new", MANAGE),
        ("committee.member_edit", f"/committee/LMU/members/{w['seat'].id}/edit", MANAGE),
        ("committee.settings", "/committee/LMU/settings", MANAGE),
        ("committee.attendance", f"/committee/LMU/meetings/{m}/attendance", MANAGE),
        ("committee.propose", f"/committee/LMU/meetings/{m}/propose", CONTRIBUTE),
        ("committee.contribute", "/committee/LMU/contribute", CONTRIBUTE),
        ("committee.proposal_page", f"/committee/LMU/proposals/{w['proposal'].id}", READ),
        ("committee.proposal_accept_view", f"/committee/LMU/proposals/{w['proposal'].id}/accept", MANAGE),
        ("committee.statement", f"/committee/LMU/items/{i}/statement", LEADER),
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
        ("committee.meeting_follow_up_item", f"/committee/LMU/meetings/{m}/follow-up-item", {}),
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
        (
            "committee.member_new",
            "/committee/LMU/members/new",
            {"name": "Inntrenger", "seat": "student", "term_start": "2026-01-01", "term_end": "2026-12-31"},
        ),
        (
            "committee.member_edit",
            f"/committee/LMU/members/{w['seat'].id}/edit",
            {"seat": "student", "term_start": "2026-01-01", "term_end": "2026-06-30"},
        ),
        ("committee.member_delete", f"/committee/LMU/members/{w['seat'].id}/remove", {}),
        ("committee.chair", "/committee/LMU/members/chair", {"year": "2026", "chair": w["seat"].id}),
        (
            "committee.settings",
            "/committee/LMU/settings",
            {"language": "nn", "composition_rule": "student_majority"},
        ),
        ("committee.meeting_publish", f"/committee/LMU/meetings/{m}/publish", {"campuses": [w["trd"]]}),
        ("committee.absence", f"/committee/LMU/meetings/{m}/absence", {"reason": "Syk"}),
        ("committee.absence_cancel", f"/committee/LMU/meetings/{m}/absence/withdraw", {}),
        (
            "committee.substitute",
            f"/committee/LMU/meetings/{m}/substitutes",
            {"absent": w["seat"].id, "substitute": w["seat"].id},
        ),
        (
            "committee.attendance",
            f"/committee/LMU/meetings/{m}/attendance",
            {f"attended-{w['seat'].id}": "present", "minutes_taker": "X"},
        ),
        (
            "committee.propose",
            f"/committee/LMU/meetings/{m}/propose",
            {"source": "member", "title": "Inntrenger", "text": "x", "language": "nb"},
        ),
        (
            "committee.proposal_accept_view",
            f"/committee/LMU/proposals/{w['proposal'].id}/accept",
            {"kind": "decision", "title": "Inntrenger"},
        ),
        (
            "committee.proposal_decline_view",
            f"/committee/LMU/proposals/{w['proposal'].id}/decline",
            {"answer": "Nei"},
        ),
        (
            "committee.consultation",
            f"/committee/LMU/items/{i}/consultation",
            {"campuses": [w["trd"]], "deadline": "2026-03-12"},
        ),
        (
            "committee.statement",
            f"/committee/LMU/items/{i}/statement",
            {"campus": w["gjo"], "statement": "Uttale"},
        ),
        (
            "reports.board_edit",
            f"/reports/LMU/{year}/board",
            {"assessment": "Vurdering", "recommendations": "Tilråding", "version": "0"},
        ),
        ("reports.board_agenda", f"/reports/LMU/{year}/board/agenda", {}),
    ]
    return get, post


# The secretary's POSTs, in the order of the list: each one reaches its service (later ones see
# what earlier ones did: the waiting issue is sent back, the item moved, the seat removed).
SECRETARY_POSTS = {
    "committee.send_back": 302,
    "committee.meeting_new": 302,
    "committee.meeting_edit": 302,
    "committee.meeting_status": 302,
    "committee.meeting_follow_up_item": 302,  # refused with words: the meeting was held a moment ago
    "committee.item_new": 409,  # the issue was sent back a moment ago
    "committee.item_edit": 409,
    "committee.item_order": 302,
    "committee.item_move": 302,
    "committee.item_decision": 409,  # the item is now on a meeting not yet held
    "committee.member_new": 302,
    "committee.member_edit": 302,
    "committee.member_delete": 302,
    "committee.chair": 400,  # that member was removed a moment ago
    "committee.settings": 302,
    "committee.meeting_publish": 302,
    "committee.absence": 302,  # refused with words: the secretary is not summoned
    "committee.absence_cancel": 302,
    "committee.substitute": 302,  # refused with words: no such substitute
    "committee.attendance": 400,  # not everyone summoned has present or absent
    "committee.propose": 400,  # no deadline for proposals
    "committee.proposal_accept_view": 302,
    "committee.proposal_decline_view": 409,  # answered a moment ago
    "committee.consultation": 302,
    "committee.statement": 403,  # only campus leaders write statements
    "reports.board_edit": 302,
    "reports.board_agenda": 302,  # on the other meeting, the first one still to come
}

# What others get from a POST that reaches a committee service instead of the 403 of a
# loader: the rule refuses it with words, and nothing changes.
REFUSED_POSTS = {
    ("member", "committee.absence"): 302,  # not summoned to the meeting
    ("member", "committee.absence_cancel"): 302,
    ("member", "committee.propose"): 400,  # no deadline for proposals set
    ("leader", "committee.propose"): 400,
    ("leader", "committee.statement"): 400,  # Trondheim's council was not asked; Gjøvik's was
}


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
            CommitteeMember,
            CommitteeChair,
            MeetingAttendance,
            MinutesApproval,
            ItemProposal,
            Consultation,
            BoardReport,
        )
    )
    meetings = db.session.execute(
        sa.select(Meeting.id, Meeting.version, Meeting.status, Meeting.place, Meeting.notice_published_at)
    ).all()
    members = db.session.execute(
        sa.select(CommitteeMember.id, CommitteeMember.seat, CommitteeMember.term_end, CommitteeMember.version)
    ).all()
    others = db.session.execute(
        sa.select(ItemProposal.id, ItemProposal.status, Consultation.id, Consultation.statement).join(
            Consultation, sa.true()
        )
    ).all()
    committee = db.session.execute(
        sa.text("SELECT language, composition_rule, chair_alternates FROM committee ORDER BY id")
    ).all()
    items = db.session.execute(
        sa.select(
            AgendaItem.id, AgendaItem.version, AgendaItem.title, AgendaItem.position, AgendaItem.meeting_id
        )
    ).all()
    issues = db.session.execute(sa.select(Issue.id, Issue.status, Issue.version)).all()
    return counts, sorted(meetings), sorted(items), sorted(issues), sorted(members), sorted(others), committee


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
            assert response.status_code == 302, path
            assert "/account/sign-in" in response.headers["Location"], path
        elif kind == INDEX and who in ("member", "other secretary"):
            assert response.status_code == 302
            assert "/account/sign-in" not in response.headers["Location"]
        elif kind == INDEX and who == "leader":
            assert response.status_code == 200  # the committees a campus council proposes to (two here)
        elif who == "member" and kind in (READ, REDIRECT, CONTRIBUTE):
            assert response.status_code == (302 if kind == REDIRECT else 200), (who, path)
        elif who == "leader" and kind in (CONTRIBUTE, LEADER):
            assert response.status_code == 200, (who, path, response.status_code)
        else:
            assert response.status_code == 403, (who, path, response.status_code)
    if who == "admin":
        assert "You do not have access to this page" in response.get_data(as_text=True)
    if who == "member":
        # Reading exports is recorded in the audit log; nothing else may change.
        before = snapshot()
    for endpoint, path, data in post:
        response = client.post(path, data=data)
        if who == "anonymous":
            assert response.status_code == 302, path
            assert "/account/sign-in" in response.headers["Location"], path
        else:
            expected = REFUSED_POSTS.get((who, endpoint), 403)
            assert response.status_code == expected, (who, path, response.status_code)
    assert snapshot() == before


def test_the_secretary_reaches_every_page(client, world):
    get, post = requests(world)
    sign_in(client, world["people"]["secretary"])
    for _endpoint, path, kind in get:
        expected = 302 if kind in (INDEX, REDIRECT) else 403 if kind == LEADER else 200
        assert client.get(path).status_code == expected, path
    before = snapshot()
    got = {}
    for endpoint, path, data in post:
        response = client.post(path, data=data)
        got[endpoint] = response.status_code
    assert got == SECRETARY_POSTS
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
