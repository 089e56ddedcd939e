"""The rule table is the only way an issue changes status.

The table is checked twice: as pure data against DESIGN.md §3.2 written out here by
hand (every status × action × actor, no database), and once per transition through
the service on a real database.
"""

import itertools

import pytest

from portal.issues.service import IssueError, issue_transition
from portal.issues.workflow import TRANSITIONS, Actor, Needs, Status, permitted
from tests.factories import make_issue

S = Status
# DESIGN.md §3.2, as (from, action, actor) -> to. Merging has its own service (issue_merge).
SPEC = {
    (S.SUBMITTED, "accept", Actor.LEADER): S.ACCEPTED,
    (S.SUBMITTED, "ask", Actor.LEADER): S.NEEDS_INFO,
    (S.ACCEPTED, "ask", Actor.LEADER): S.NEEDS_INFO,
    (S.NEEDS_INFO, "answer", Actor.AUTHOR): S.SUBMITTED,
    (S.SUBMITTED, "reject", Actor.LEADER): S.REJECTED,
    (S.ACCEPTED, "reject", Actor.LEADER): S.REJECTED,
    (S.SUBMITTED, "merge", Actor.LEADER): S.MERGED,
    (S.ACCEPTED, "merge", Actor.LEADER): S.MERGED,
    (S.ACCEPTED, "resolve", Actor.LEADER): S.RESOLVED,
    (S.ACCEPTED, "escalate", Actor.LEADER): S.ESCALATED,
    (S.ESCALATED, "send_back", Actor.SECRETARY): S.ACCEPTED,
    (S.ESCALATED, "place_on_agenda", Actor.SECRETARY): S.ON_AGENDA,
    (S.ON_AGENDA, "decide", Actor.SECRETARY): S.DECIDED,
    (S.ACCEPTED, "refer", Actor.LEADER): S.REFERRED,
    (S.ESCALATED, "refer", Actor.SECRETARY): S.REFERRED,
    (S.REFERRED, "referral_answered", Actor.UNIT): S.ACCEPTED,
    (S.REFERRED, "withdraw_referral", Actor.LEADER): S.ACCEPTED,
    **{(s, "close", Actor.LEADER): S.CLOSED for s in (S.REJECTED, S.RESOLVED, S.DECIDED)},
    **{(s, "auto_close", Actor.SYSTEM): S.CLOSED for s in (S.REJECTED, S.RESOLVED, S.DECIDED)},
}
ACTIONS = sorted({t.action for t in TRANSITIONS} | {"delete", ""})
NEEDS_PUBLIC_NOTE = {"ask", "answer", "reject", "resolve", "escalate", "send_back", "referral_answered"}


@pytest.mark.parametrize(("status", "action", "actor"), list(itertools.product(Status, ACTIONS, Actor)))
def test_the_table_permits_exactly_what_the_design_says(status, action, actor):
    transition = permitted(status, action, actor)
    expected = SPEC.get((status, action, actor))
    assert (transition.target if transition else None) == expected


def test_the_table_says_which_steps_need_a_public_text():
    assert {t.action for t in TRANSITIONS if t.needs_public_note} == NEEDS_PUBLIC_NOTE
    assert {t.action for t in TRANSITIONS if t.needs == Needs.TARGET} == {"merge"}
    assert {t.action for t in TRANSITIONS if t.needs == Needs.UNIT} == {"refer"}


def _people(org):
    return {
        Actor.LEADER: org.leader(org.trd),
        Actor.SECRETARY: org.secretary(),
        Actor.AUTHOR: None,  # the issue's own author, set per test
        Actor.UNIT: None,  # a unit answers through its link, without an account
        Actor.SYSTEM: None,
    }


def _name(transition) -> str:
    return f"{transition.action}-{transition.actor}"


@pytest.mark.parametrize("transition", [t for t in TRANSITIONS if t.action != "merge"], ids=_name)
def test_each_transition_happens_through_the_service(app, org, transition):
    source = sorted(transition.sources)[0]
    author = org.student()
    issue = make_issue(org, status=source, author=author)
    actor_user = _people(org)[transition.actor] or (author if transition.actor == Actor.AUTHOR else None)
    event = issue_transition(
        issue=issue,
        action=transition.action,
        actor_user=actor_user,
        actor=transition.actor,
        public_note="Tekst",
        committee=org.lmu,
    )
    assert issue.status == transition.target
    assert (event.from_status, event.to_status, event.action) == (
        source,
        transition.target,
        transition.action,
    )
    assert event.actor_id == (actor_user.id if transition.actor in (Actor.LEADER, Actor.SECRETARY) else None)


@pytest.mark.parametrize("transition", [t for t in TRANSITIONS if t.action != "merge"], ids=_name)
def test_each_transition_is_refused_from_a_status_it_does_not_start_from(app, org, transition):
    other = next(s for s in Status if s not in transition.sources)
    author = org.student()
    issue = make_issue(org, status=other, author=author)
    actor_user = _people(org)[transition.actor] or author
    with pytest.raises(IssueError) as refused:
        issue_transition(
            issue=issue,
            action=transition.action,
            actor_user=actor_user,
            actor=transition.actor,
            public_note="Tekst",
            committee=org.lmu,
        )
    assert refused.value.code == "not-allowed"
    assert issue.status == other


@pytest.mark.parametrize(
    "transition", [t for t in TRANSITIONS if t.needs_public_note], ids=lambda t: t.action
)
def test_a_step_that_needs_a_public_text_is_refused_without_one(app, org, transition):
    author = org.student()
    issue = make_issue(org, status=sorted(transition.sources)[0], author=author)
    with pytest.raises(IssueError) as refused:
        issue_transition(
            issue=issue,
            action=transition.action,
            actor_user=_people(org)[transition.actor] or author,
            actor=transition.actor,
            public_note="   ",
            committee=org.lmu,
        )
    assert (refused.value.code, refused.value.field) == ("public-note-needed", "public_note")
