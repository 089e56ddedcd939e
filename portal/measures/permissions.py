"""Who may read and change measures and action plans.

Campus leaders own their campus's measures; a committee's secretaries own the committee's.
A campus's plan is read by its leaders and by committee secretaries and members (the committee
answers for the whole institution); a committee's plan by its secretaries and members and by
campus leaders, who bring issues to it. Nobody changes another owner's measures.
"""

from __future__ import annotations

from portal.authz import Role, signed_in
from portal.measures.models import Scope


def can_manage_plan(user, scope: str, owner_id: int) -> bool:
    if not signed_in(user):
        return False
    if scope == Scope.CAMPUS:
        return user.has_role(Role.CAMPUS_LEADER, campus=owner_id)
    if scope == Scope.COMMITTEE:
        return user.has_role(Role.SECRETARY, committee=owner_id)
    return False


def can_read_plan(user, scope: str, owner_id: int) -> bool:
    if not signed_in(user):
        return False
    if can_manage_plan(user, scope, owner_id):
        return True
    if scope == Scope.CAMPUS:
        return bool(user.committee_ids())
    if scope == Scope.COMMITTEE:
        return owner_id in user.committee_ids() or user.has_role(Role.CAMPUS_LEADER)
    return False


def can_manage(user, measure) -> bool:
    return can_manage_plan(user, measure.scope, measure.owner_id)


def can_read(user, measure) -> bool:
    return can_read_plan(user, measure.scope, measure.owner_id)


def has_plans(user) -> bool:
    """Leaders and committee people have action plans (the navigation shows them the link)."""
    return signed_in(user) and (user.has_role(Role.CAMPUS_LEADER) or bool(user.committee_ids()))


def can_place_plan(user, scope: str, owner_id: int) -> bool:
    """Put a plan's status report on a committee's agenda: the committee's plan by its
    secretaries; a campus's plan by a committee secretary (never by the campus's leaders: the
    committee's secretary owns its agenda)."""
    if not signed_in(user):
        return False
    if scope == Scope.COMMITTEE:
        return user.has_role(Role.SECRETARY, committee=owner_id)
    if scope == Scope.CAMPUS:
        return user.has_role(Role.SECRETARY)
    return False


def can_place_on(user, scope: str, owner_id: int, committee_id: int) -> bool:
    """On this committee's agenda: the committee's own plan on its own meetings; a campus plan
    on the meetings of a committee the person is secretary of."""
    if not can_place_plan(user, scope, owner_id):
        return False
    if scope == Scope.COMMITTEE and committee_id != owner_id:
        return False
    return user.has_role(Role.SECRETARY, committee=committee_id)
