"""Loaders a route cannot forget: each loads what the URL names (404 when it does not exist
or belongs to another committee) and asks the permission predicate (403) in one call.

Indico's pattern (`_process_args` loads, `_check_access` asks the entity's own predicate):
the committee is checked before anything inside it is looked up, so someone without a role
in it learns nothing about which meetings or items exist.
"""

from __future__ import annotations

from flask_login import current_user

from portal.authz import ensure
from portal.committee.models import AgendaItem, Committee, Meeting
from portal.committee.permissions import can_manage, can_read
from portal.committee.queries import committee_issue_or_404, committee_or_404, item_or_404, meeting_or_404
from portal.issues.models import Issue


def readable_committee_or_404(code: str) -> Committee:
    """A committee the signed-in person may read (its secretaries and members)."""
    committee = committee_or_404(code)
    ensure(can_read(current_user, committee))
    return committee


def managed_committee_or_404(code: str) -> Committee:
    """A committee the signed-in person is secretary of."""
    committee = committee_or_404(code)
    ensure(can_manage(current_user, committee))
    return committee


def readable_meeting_or_404(code: str, meeting_id: int) -> Meeting:
    return meeting_or_404(readable_committee_or_404(code), meeting_id)


def managed_meeting_or_404(code: str, meeting_id: int) -> Meeting:
    return meeting_or_404(managed_committee_or_404(code), meeting_id)


def readable_item_or_404(code: str, item_id: int) -> AgendaItem:
    return item_or_404(readable_committee_or_404(code), item_id)


def managed_item_or_404(code: str, item_id: int) -> AgendaItem:
    return item_or_404(managed_committee_or_404(code), item_id)


def readable_issue_or_404(code: str, reference: str) -> tuple[Committee, Issue]:
    """An issue sent to a committee the person may read, with that committee."""
    committee = readable_committee_or_404(code)
    return committee, committee_issue_or_404(committee, reference)


def managed_issue_or_404(code: str, reference: str) -> tuple[Committee, Issue]:
    committee = managed_committee_or_404(code)
    return committee, committee_issue_or_404(committee, reference)
