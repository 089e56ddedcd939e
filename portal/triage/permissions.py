"""Who may triage what: campus leaders act on their own campus only."""

from __future__ import annotations

from portal.authz import Role, signed_in


def leads_campus(user, campus) -> bool:
    return signed_in(user) and user.has_role(Role.CAMPUS_LEADER, campus=campus)


def can_triage(user, issue) -> bool:
    """A leader of the issue's campus; nobody else, also not leaders of other campuses."""
    return signed_in(user) and user.has_role(Role.CAMPUS_LEADER, campus=issue.campus_id)
