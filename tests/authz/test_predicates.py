"""Every permission predicate, as a table: who may, and everyone else may not.

No HTTP here: the predicates are plain functions (the route tests check that views ask them).
"""

from types import SimpleNamespace

import pytest
from flask_login import AnonymousUserMixin

from portal.authz import Role, signed_in
from portal.extensions import db
from portal.issues import permissions as issue_rules
from portal.triage import permissions as triage_rules
from portal.voting import permissions as voting_rules
from portal.voting.models import Phase
from tests.factories import make_committee, make_user

PEOPLE = (
    "anonymous",
    "inactive student",
    "student",
    "author",
    "leader",
    "leader elsewhere",
    "secretary",
    "member",
    "secretary elsewhere",
    "admin",
)


@pytest.fixture
def people(org):
    uu = make_committee("UU")
    found = {
        "anonymous": AnonymousUserMixin(),
        "inactive student": org.student(),
        "student": org.student(),
        "author": org.student(),
        "leader": org.leader(org.trd),
        "leader elsewhere": org.leader(org.gjo),
        "secretary": org.secretary(),
        "member": org.member(),
        "secretary elsewhere": make_user(roles=[(Role.SECRETARY, uu)], student=False),
        "admin": org.admin(),
    }
    found["inactive student"].active = False
    db.session.flush()
    return found


def _issue(org, people, *, confidential=False, sent_to_lmu=False):
    """An issue of TRD raised by "author" (the author link is real: is_author reads it)."""
    from tests.factories import make_issue

    issue = make_issue(
        org,
        author=people["author"],
        category="psychosocial" if confidential else "physical",
        status="escalated" if sent_to_lmu else "submitted",
        commit=False,
    )
    assert issue.confidential is confidential
    return issue


def _who(predicate, people) -> set[str]:
    return {name for name in PEOPLE if predicate(people[name])}


def test_signed_in_means_authenticated_and_active(people):
    assert _who(signed_in, people) == set(PEOPLE) - {"anonymous", "inactive student"}


def test_issue_predicates(org, people):
    plain = _issue(org, people)
    confidential = _issue(org, people, confidential=True)
    confidential_sent = _issue(org, people, confidential=True, sent_to_lmu=True)
    everyone = set(PEOPLE)
    assert _who(lambda u: issue_rules.can_view(u, plain), people) == everyone
    assert _who(lambda u: issue_rules.can_view(u, confidential), people) == {"author", "leader"}
    assert _who(lambda u: issue_rules.can_view(u, confidential_sent), people) == {
        "author",
        "leader",
        "secretary",
        "member",
    }
    assert _who(lambda u: issue_rules.is_campus_leader(u, plain), people) == {"leader"}
    assert _who(lambda u: issue_rules.is_committee_reader(u, plain), people) == set()
    assert _who(lambda u: issue_rules.is_committee_reader(u, confidential_sent), people) == {
        "secretary",
        "member",
    }
    assert _who(lambda u: issue_rules.can_see_internal_notes(u, plain), people) == {"leader"}
    assert _who(lambda u: issue_rules.can_see_internal_notes(u, confidential_sent), people) == {
        "leader",
        "secretary",
        "member",
    }
    assert _who(lambda u: issue_rules.can_see_hidden_text(u, plain), people) == {"leader", "admin"}
    students = {"student", "author", "leader", "leader elsewhere"}  # leaders are students too
    assert _who(issue_rules.can_raise, people) == students
    assert _who(issue_rules.can_flag, people) == students


def test_triage_predicates(org, people):
    issue = _issue(org, people)
    assert _who(lambda u: triage_rules.can_triage(u, issue), people) == {"leader"}
    assert _who(lambda u: triage_rules.leads_campus(u, org.trd), people) == {"leader"}
    assert _who(lambda u: triage_rules.leads_campus(u, org.gjo), people) == {"leader elsewhere"}


def test_voting_predicates(org, people):
    lmu_round = SimpleNamespace(committee_id=org.lmu.id)
    assert _who(voting_rules.is_student, people) == {"student", "author", "leader", "leader elsewhere"}
    assert _who(voting_rules.can_create_rounds, people) == {"secretary", "secretary elsewhere"}
    assert _who(lambda u: voting_rules.can_manage(u, lmu_round), people) == {"secretary"}
    assert _who(lambda u: voting_rules.can_curate(u, lmu_round), people) == {
        "secretary",
        "leader",
        "leader elsewhere",
    }
    for phase in Phase:
        expected = {
            Phase.PUBLISHED: set(PEOPLE),
            Phase.COUNTING: {"secretary"},
        }.get(phase, set())
        assert _who(lambda u, p=phase: voting_rules.results_visible(u, lmu_round, p), people) == expected
    assert {p for p in Phase if voting_rules.curation_open(p)} == {Phase.PROPOSALS, Phase.CURATION}
