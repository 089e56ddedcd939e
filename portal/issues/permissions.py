"""Who may see and do what with an issue: small predicates, checked in views with ensure()."""

from __future__ import annotations

from portal.authz import Role, signed_in
from portal.issues.authors import is_author


def is_campus_leader(user, issue) -> bool:
    return signed_in(user) and user.has_role(Role.CAMPUS_LEADER, campus=issue.campus_id)


def is_committee_reader(user, issue) -> bool:
    """Secretaries and members of the committee the issue was sent to (none before that)."""
    return signed_in(user) and issue.committee_id is not None and issue.committee_id in user.committee_ids()


def can_view(user, issue) -> bool:
    """Confidential (psychosocial) issues: the author, that campus's leaders, and the
    secretary and members of the committee it was sent to."""
    if not issue.confidential:
        return True
    if not signed_in(user):
        return False
    return is_campus_leader(user, issue) or is_committee_reader(user, issue) or is_author(user, issue)


def can_see_internal_notes(user, issue) -> bool:
    """Never students: leaders of the campus, and the committee the issue was sent to."""
    return is_campus_leader(user, issue) or is_committee_reader(user, issue)


def can_see_hidden_text(user, issue) -> bool:
    return is_campus_leader(user, issue) or (signed_in(user) and user.has_role(Role.ADMINISTRATOR))


def can_raise(user) -> bool:
    return signed_in(user) and user.has_role(Role.STUDENT)


def can_flag(user) -> bool:
    return signed_in(user) and user.has_role(Role.STUDENT)
