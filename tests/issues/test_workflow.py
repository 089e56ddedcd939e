"""The rule table is the only way an issue changes status: every (status, action, actor) is checked."""

import itertools

import pytest

from portal.extensions import db
from portal.issues.service import IssueError, issue_transition
from portal.issues.workflow import TRANSITIONS, Actor, Needs, Status
from tests.issues.helpers import raise_issue

ALLOWED = {(s, t.action, t.actor): t.target for t in TRANSITIONS for s in t.sources}
ACTIONS = sorted({t.action for t in TRANSITIONS})


@pytest.mark.parametrize(("status", "action", "actor"), list(itertools.product(Status, ACTIONS, Actor)))
def test_only_transitions_in_the_table_happen(app, org, status, action, actor):
    people = {
        Actor.LEADER: org.leader(org.trd),
        Actor.SECRETARY: org.secretary(),
        Actor.AUTHOR: org.student(),
        Actor.SYSTEM: None,
    }
    issue = raise_issue(org, org.student(), commit=False)
    issue.status = status
    db.session.flush()
    target = raise_issue(org, org.student(), commit=False)
    try:
        issue_transition(
            issue=issue,
            action=action,
            actor_user=people[actor],
            actor=actor,
            public_note="Tekst",
            related_issue=target,
            committee=org.lmu,
        )
    except IssueError as error:
        assert (status, action, actor) not in ALLOWED, error.code
        assert error.code == "not-allowed"
        assert issue.status == status
    else:
        assert ALLOWED[(status, action, actor)] == issue.status


def test_every_status_is_reachable_and_every_note_requirement_is_enforced(app, org):
    targets = {t.target for t in TRANSITIONS}
    assert targets | {Status.SUBMITTED} == set(Status)
    leader = org.leader(org.trd)
    for transition in TRANSITIONS:
        if transition.needs in (Needs.NOTHING, Needs.TARGET) or transition.actor != Actor.LEADER:
            continue
        issue = raise_issue(org, org.student(), commit=False)
        issue.status = next(iter(transition.sources))
        with pytest.raises(IssueError, match="note-needed"):
            issue_transition(
                issue=issue,
                action=transition.action,
                actor_user=leader,
                actor=Actor.LEADER,
                committee=org.lmu,
            )
