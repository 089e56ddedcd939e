"""Campus leaders triage: the inbox, the rule table in action, merge, moderation, scope."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.db import utcnow
from portal.extensions import db
from portal.issues.models import Issue, IssueEvent, Support
from portal.issues.service import issue_transition, support_add
from portal.issues.workflow import Actor, Status
from portal.notifications.models import OutboxMessage
from tests.factories import sign_in
from tests.issues.helpers import raise_issue


@pytest.fixture
def leader(org):
    leader = org.leader(org.trd, name="Lea Leder")
    db.session.commit()
    return leader


def act(client, issue, action, **data):
    form = {f"{action}-version": str(issue.version)}
    form.update({f"{action}-{k}": v for k, v in data.items()})
    return client.post(f"/triage/issues/{issue.reference}/act/{action}", data=form)


def test_inbox_shows_the_campus_issues_oldest_first_with_age_supporters_and_flags(client, org, leader):
    old = raise_issue(org, org.student(), title="Gammel sak", description="a")
    new = raise_issue(org, org.student(), title="Ny sak", description="b")
    elsewhere = raise_issue(org, org.student(), campus=org.gjo, title="Annen campus", description="c")
    old.status_changed_at = utcnow() - timedelta(days=20)
    support_add(issue=new, user=org.student())
    db.session.commit()
    sign_in(client, leader)
    html = client.get("/triage/TRD/").get_data(as_text=True)
    assert html.index(old.reference) < html.index(new.reference)
    assert elsewhere.reference not in html
    assert "overdue" in html or "forsinket" in html
    overdue = client.get("/triage/TRD/?overdue=1").get_data(as_text=True)
    assert old.reference in overdue
    assert new.reference not in overdue


def test_inbox_filters_by_attention_threshold_category_and_flags(client, org, leader):
    org.trd.attention_threshold = 2
    popular = raise_issue(org, org.student(), title="Populær", description="a")
    for _ in range(2):
        support_add(issue=popular, user=org.student())
    digital = raise_issue(org, org.student(), category="digital", title="Digital", description="b")
    digital.flag_count = 1
    db.session.commit()
    sign_in(client, leader)
    attention = client.get("/triage/TRD/?attention=1").get_data(as_text=True)
    assert popular.reference in attention
    assert digital.reference not in attention
    by_category = client.get(f"/triage/TRD/?category={org.categories['digital'].id}").get_data(as_text=True)
    assert digital.reference in by_category
    assert popular.reference not in by_category
    flagged = client.get("/triage/TRD/?flagged=1").get_data(as_text=True)
    assert digital.reference in flagged
    assert popular.reference not in flagged
    for query in ("?status=bogus", "?category=x", "?page=-1", "?overdue=yes"):
        assert client.get("/triage/TRD/" + query).status_code == 200


def test_ask_answer_accept_escalate(client, org, leader):
    author = org.student(locale="en")
    issue = raise_issue(org, author, anonymous=True)
    sign_in(client, leader)
    assert act(client, issue, "ask", public_note="Which room is it?").status_code == 302
    db.session.refresh(issue)
    assert issue.status == Status.NEEDS_INFO
    student = client.application.test_client()
    sign_in(student, author)
    assert (
        student.post(
            f"/issues/{issue.reference}/answer",
            data={"answer-text": "Room K12", "answer-version": str(issue.version)},
        ).status_code
        == 302
    )
    db.session.refresh(issue)
    assert issue.status == Status.SUBMITTED
    assert act(client, issue, "accept", internal_note="Ask the caretaker").status_code == 302
    db.session.refresh(issue)
    response = act(client, issue, "escalate", public_note="Needs the committee", committee=str(org.lmu.id))
    assert response.status_code == 302
    db.session.refresh(issue)
    assert issue.status == Status.ESCALATED
    assert issue.committee_id == org.lmu.id
    actions = [
        e.action
        for e in db.session.scalars(
            sa.select(IssueEvent).where(IssueEvent.issue_id == issue.id).order_by(IssueEvent.id)
        )
    ]
    assert actions == ["submit", "ask", "answer", "accept", "escalate"]
    # Escalated issues leave the leader's hands.
    assert act(client, issue, "accept").status_code == 400
    audit = db.session.scalars(
        sa.select(AuditEvent.action).where(
            AuditEvent.target_type == "issue", AuditEvent.target_id == issue.id
        )
    ).all()
    assert audit == ["issue.ask", "issue.accept", "issue.escalate"]


@pytest.mark.parametrize("action", ["ask", "reject", "resolve", "escalate"])
def test_actions_that_need_a_text_refuse_without_one_and_keep_the_input(client, org, leader, action):
    issue = raise_issue(org, org.student())
    if action in ("resolve", "escalate"):
        issue_transition(issue=issue, action="accept", actor_user=leader, actor=Actor.LEADER)
        db.session.commit()
    sign_in(client, leader)
    response = act(
        client,
        issue,
        action,
        public_note="   ",
        internal_note="Intern tekst som skal bli",
        committee=str(org.lmu.id),
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Intern tekst som skal bli" in html
    db.session.refresh(issue)
    assert issue.status in (Status.SUBMITTED, Status.ACCEPTED)


def test_transitions_outside_the_rule_table_are_refused(client, org, leader):
    issue = raise_issue(org, org.student())
    sign_in(client, leader)
    # submitted → resolved is not in the table (must be accepted first).
    response = act(client, issue, "resolve", public_note="Fixed")
    assert response.status_code == 400
    assert act(client, issue, "decide").status_code == 404
    assert act(client, issue, "auto_close").status_code == 404
    db.session.refresh(issue)
    assert issue.status == Status.SUBMITTED


def test_a_stale_form_is_refused_and_nothing_is_overwritten(client, org, leader):
    issue = raise_issue(org, org.student())
    stale_version = issue.version
    issue_transition(issue=issue, action="accept", actor_user=org.leader(org.trd), actor=Actor.LEADER)
    db.session.commit()
    sign_in(client, leader)
    response = client.post(
        f"/triage/issues/{issue.reference}/act/reject",
        data={"reject-version": str(stale_version), "reject-public_note": "Nei"},
    )
    assert response.status_code == 409
    db.session.refresh(issue)
    assert issue.status == Status.ACCEPTED


def test_merge_moves_author_and_supporters_without_doubles(client, org, leader, mail):
    survivor_author = org.student()
    survivor = raise_issue(org, survivor_author, title="Trekk i lesesalen", description="a")
    duplicate_author = org.student(locale="nn")
    duplicate = raise_issue(org, duplicate_author, anonymous=True, title="Kaldt i lesesalen", description="b")
    both = org.student()
    only_dup = org.student(locale="en")
    support_add(issue=survivor, user=both)
    support_add(issue=duplicate, user=both)
    support_add(issue=duplicate, user=only_dup)
    # The survivor's author supports the duplicate: they must not end up supporting their own issue.
    support_add(issue=duplicate, user=survivor_author)
    db.session.commit()
    sign_in(client, leader)
    assert act(client, duplicate, "merge", target=survivor.reference.lower()).status_code == 302
    db.session.expire_all()
    duplicate, survivor = db.session.get(Issue, duplicate.id), db.session.get(Issue, survivor.id)
    assert duplicate.status == Status.MERGED
    assert duplicate.merged_into_id == survivor.id
    supporters = set(db.session.scalars(sa.select(Support.user_id).where(Support.issue_id == survivor.id)))
    assert supporters == {both.id, only_dup.id, duplicate_author.id}
    assert survivor.support_count == 3
    assert duplicate.support_count == 0
    # Each is told in their own language, and can withdraw.
    subjects = {m.to_address: m.subject for m in db.session.scalars(sa.select(OutboxMessage))}
    assert subjects[only_dup.email].endswith("Merged")
    assert subjects[duplicate_author.email].endswith("Slått saman")
    body = db.session.scalar(
        sa.select(OutboxMessage.body_text).where(OutboxMessage.to_address == only_dup.email)
    )
    assert survivor.reference in body
    assert "withdraw" in body
    page = client.get(f"/issues/{duplicate.reference}").get_data(as_text=True)
    assert survivor.reference in page


@pytest.mark.parametrize("case", ["itself", "unknown", "merged", "closed", "other-campus"])
def test_merge_refuses_bad_targets(client, org, leader, case):
    issue = raise_issue(org, org.student(), title="Kilde", description="a")
    target = {
        "itself": lambda: issue,
        "unknown": lambda: None,
        "merged": lambda: _merged(org, leader),
        "closed": lambda: _rejected(org, leader),
        "other-campus": lambda: raise_issue(org, org.student(), campus=org.gjo),
    }[case]()
    db.session.commit()
    sign_in(client, leader)
    response = act(client, issue, "merge", target=target.reference if target else "TRD-1999-9999")
    assert response.status_code == 400
    db.session.refresh(issue)
    assert issue.status == Status.SUBMITTED


def _merged(org, leader):
    a = raise_issue(org, org.student())
    b = raise_issue(org, org.student())
    from portal.issues.service import issue_merge

    issue_merge(
        issue=a,
        target=b,
        leader=leader,
        public_note=None,
        internal_note=None,
        show_name=False,
        expected_version=None,
    )
    return a


def _rejected(org, leader):
    a = raise_issue(org, org.student())
    issue_transition(issue=a, action="reject", actor_user=leader, actor=Actor.LEADER, public_note="Nei")
    return a


def test_merge_into_an_escalated_issue_on_another_campus(client, org, leader):
    gjo_leader = org.leader(org.gjo)
    target = raise_issue(org, org.student(), campus=org.gjo)
    issue_transition(issue=target, action="accept", actor_user=gjo_leader, actor=Actor.LEADER)
    issue_transition(
        issue=target,
        action="escalate",
        actor_user=gjo_leader,
        actor=Actor.LEADER,
        public_note="Til LMU",
        committee=org.lmu,
    )
    issue = raise_issue(org, org.student())
    sign_in(client, leader)
    assert act(client, issue, "merge", target=target.reference).status_code == 302


def test_internal_notes_reach_staff_and_never_students(client, org, leader):
    author, supporter = org.student(), org.student()
    issue = raise_issue(org, author)
    support_add(issue=issue, user=supporter)
    db.session.commit()
    sign_in(client, leader)
    act(client, issue, "accept", public_note="Vi ser på det", internal_note="HEMMELIG-INTERNT")
    db.session.commit()
    assert "HEMMELIG-INTERNT" in client.get(f"/triage/issues/{issue.reference}").get_data(as_text=True)
    for viewer in (author, supporter, org.student(), None):
        other = client.application.test_client()
        if viewer:
            sign_in(other, viewer)
            db.session.commit()
        for path in (f"/issues/{issue.reference}", "/my-issues", "/notifications/"):
            assert "HEMMELIG-INTERNT" not in other.get(path).get_data(as_text=True)
    for message in db.session.scalars(sa.select(OutboxMessage)):
        assert "HEMMELIG-INTERNT" not in message.body_text
    # The committee reads internal notes once the issue is sent to it.
    issue_transition(
        issue=issue,
        action="escalate",
        actor_user=leader,
        actor=Actor.LEADER,
        public_note="Til LMU",
        committee=org.lmu,
    )
    db.session.commit()
    for staff in (org.secretary(), org.member()):
        other = client.application.test_client()
        sign_in(other, staff)
        db.session.commit()
        assert "HEMMELIG-INTERNT" in other.get(f"/issues/{issue.reference}").get_data(as_text=True)


def test_public_update_and_show_name_choice(client, org, leader):
    issue = raise_issue(org, org.student())
    sign_in(client, leader)
    act(client, issue, "note", public_note="Vaktmesteren kommer tirsdag.", show_name="y")
    act(client, issue, "note", internal_note="Bare internt")
    html = client.application.test_client().get(f"/issues/{issue.reference}").get_data(as_text=True)
    assert "Vaktmesteren kommer tirsdag." in html
    assert "Lea Leder" in html
    empty = act(client, issue, "note")
    assert empty.status_code == 400


def test_hide_and_unhide_with_audit(client, org, leader):
    issue = raise_issue(org, org.student(), title="Navn Navnesen er slem", description="Original tekst")
    flagger = org.student()
    db.session.commit()
    f = client.application.test_client()
    sign_in(f, flagger)
    f.post(f"/issues/{issue.reference}/flag")
    sign_in(client, leader)
    assert issue.reference in client.get("/triage/TRD/moderation").get_data(as_text=True)
    assert client.post(f"/triage/issues/{issue.reference}/hide", data={"hide-reason": ""}).status_code == 400
    assert (
        client.post(
            f"/triage/issues/{issue.reference}/hide", data={"hide-reason": "Navngir en person."}
        ).status_code
        == 302
    )
    public = client.application.test_client().get(f"/issues/{issue.reference}").get_data(as_text=True)
    assert "Navngir en person." in public
    assert "Original tekst" not in public
    assert "Navnesen" not in public
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "issue.hide"))
    assert event.before["description"] == "Original tekst"
    assert event.actor_id == leader.id
    client.post(f"/triage/issues/{issue.reference}/clear-flags")
    db.session.refresh(issue)
    assert issue.flag_count == 0
    client.post(f"/triage/issues/{issue.reference}/unhide")
    assert "Original tekst" in client.application.test_client().get(f"/issues/{issue.reference}").get_data(
        as_text=True
    )


def test_auto_close_after_30_days(app, org, leader):
    from portal.issues.service import issues_auto_close

    old = raise_issue(org, org.student())
    issue_transition(issue=old, action="reject", actor_user=leader, actor=Actor.LEADER, public_note="Nei")
    old.status_changed_at = utcnow() - timedelta(days=31)
    recent = raise_issue(org, org.student())
    issue_transition(issue=recent, action="reject", actor_user=leader, actor=Actor.LEADER, public_note="Nei")
    open_issue = raise_issue(org, org.student())
    open_issue.status_changed_at = utcnow() - timedelta(days=90)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["portal", "auto-close"])
    assert "closed: 1" in result.output
    db.session.expire_all()
    assert db.session.get(Issue, old.id).status == Status.CLOSED
    assert db.session.get(Issue, recent.id).status == Status.REJECTED
    assert db.session.get(Issue, open_issue.id).status == Status.SUBMITTED
    assert issues_auto_close() == []


def test_weekly_digest_in_each_leaders_language(app, org, mail):
    nb_leader = org.leader(org.trd, locale="nb")
    en_leader = org.leader(org.gjo, locale="en")
    quiet_leader = org.leader(org.ale)
    late = raise_issue(org, org.student())
    late.status_changed_at = utcnow() - timedelta(days=15)
    late_gjo = raise_issue(org, org.student(), campus=org.gjo)
    late_gjo.status_changed_at = utcnow() - timedelta(days=30)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["portal", "digest"])
    assert "digests queued: 2" in result.output
    by_address = {m.to_address: m for m in db.session.scalars(sa.select(OutboxMessage))}
    assert late.reference in by_address[nb_leader.email].body_text
    assert by_address[nb_leader.email].subject.startswith("Ukentlig")
    assert by_address[en_leader.email].subject.startswith("Weekly digest")
    assert "30 days" in by_address[en_leader.email].body_text
    assert quiet_leader.email not in by_address


def test_confidential_issues_are_never_merged(client, org, leader):
    a = raise_issue(org, org.student(), category="psychosocial", title="A", description="a")
    b = raise_issue(org, org.student(), category="psychosocial", title="B", description="b")
    public = raise_issue(org, org.student(), title="C", description="c")
    db.session.commit()
    sign_in(client, leader)
    for source, target in ((a, b), (a, public), (public, a)):
        response = act(client, source, "merge", target=target.reference)
        assert response.status_code == 400
        assert "Taushetsbelagte innspill kan ikke slås sammen." in response.get_data(as_text=True)
        db.session.refresh(source)
        assert source.status == Status.SUBMITTED


def test_the_overdue_flag_the_count_and_the_filter_follow_one_rule(client, org, leader, time_machine):
    """Issue #9 item 15: a row at exactly the target showed no flag while count and filter said overdue."""
    time_machine.move_to(utcnow(), tick=False)
    target = timedelta(days=org.trd.response_target_days)
    just_over = raise_issue(org, org.student(), title="Akkurat over", description="a")
    just_under = raise_issue(org, org.student(), title="Akkurat under", description="b")
    just_over.status_changed_at = utcnow() - target - timedelta(minutes=1)
    just_under.status_changed_at = utcnow() - target + timedelta(minutes=1)
    db.session.commit()
    sign_in(client, leader)
    html = client.get("/triage/TRD/").get_data(as_text=True)
    refs = (just_over.reference, just_under.reference)
    rows = {ref: html[html.index(ref) : html.index("</tr>", html.index(ref))] for ref in refs}
    assert "badge-error" in rows[just_over.reference]
    assert "badge-error" not in rows[just_under.reference]
    header_link = html[html.index("overdue=1") :]
    assert header_link[: header_link.index("</a>")].count("<strong>1</strong>") == 1
    listed = client.get("/triage/TRD/?overdue=1").get_data(as_text=True)
    assert just_over.reference in listed
    assert just_under.reference not in listed
