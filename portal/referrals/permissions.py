"""Who may refer an issue, see its referrals and withdraw one.

The rule table (portal/issues/workflow.py) says which status allows what; these say who.
A campus leader refers their own campus's accepted issues; the secretary of the committee an
issue was sent to refers it while it is escalated. Only the campus's leaders withdraw.
"""

from __future__ import annotations

from portal.authz import Role, signed_in
from portal.issues.workflow import Actor, Status


def _leads(user, issue) -> bool:
    return signed_in(user) and user.has_role(Role.CAMPUS_LEADER, campus=issue.campus_id)


def _secretary_of(user, issue) -> bool:
    return (
        signed_in(user)
        and issue.committee_id is not None
        and user.has_role(Role.SECRETARY, committee=issue.committee_id)
    )


def referring_actor(user, issue) -> Actor | None:
    """The role `user` refers `issue` in, or None if they may not refer it at all.

    The secretary acts for an escalated issue of their committee; a campus leader for their
    campus's issues (the rule table then refuses any status but accepted).
    """
    if issue.status == Status.ESCALATED and _secretary_of(user, issue):
        return Actor.SECRETARY
    if _leads(user, issue):
        return Actor.LEADER
    if _secretary_of(user, issue):
        return Actor.SECRETARY
    return None


def can_see_referrals(user, issue) -> bool:
    """The campus's leaders and the committee the issue went to (it is on their pages already)."""
    return _leads(user, issue) or (
        signed_in(user) and issue.committee_id is not None and issue.committee_id in user.committee_ids()
    )


def can_withdraw(user, referral) -> bool:
    return _leads(user, referral.issue)


def can_keep_units(user) -> bool:
    return signed_in(user) and user.has_role(Role.ADMINISTRATOR)
