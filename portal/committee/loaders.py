"""Loaders a route cannot forget: each loads what the URL names (404 when it does not exist
or belongs to another committee) and asks the permission predicate (403) in one call.

Indico's pattern (`_process_args` loads, `_check_access` asks the entity's own predicate):
the committee is checked before anything inside it is looked up, so someone without a role
in it learns nothing about which meetings or items exist.
"""

from __future__ import annotations

from flask_login import current_user

from portal.authz import ensure
from portal.committee.models import AgendaItem, Committee, CommitteeMember, ItemProposal, Meeting
from portal.committee.permissions import (
    can_contribute,
    can_manage,
    can_read,
    can_read_notice,
    can_see_proposal,
)
from portal.committee.queries import (
    committee_issue_or_404,
    committee_or_404,
    item_or_404,
    meeting_or_404,
    member_or_404,
    proposal_or_404,
)
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


def notice_meeting_or_404(code: str, meeting_id: int) -> Meeting:
    """A meeting whose notice and agenda the person may read: members and secretaries always,
    campus councils (leaders) once it is published."""
    committee = committee_or_404(code)
    ensure(can_contribute(current_user, committee))
    meeting = meeting_or_404(committee, meeting_id)
    ensure(can_read_notice(current_user, meeting))
    return meeting


def contributing_committee_or_404(code: str) -> Committee:
    """A committee the person may propose items to or answer consultations for."""
    committee = committee_or_404(code)
    ensure(can_contribute(current_user, committee))
    return committee


def consultable_item_or_404(code: str, item_id: int) -> AgendaItem:
    """An item some campus council led by the person may have been asked about (the service
    refuses a council that was not asked, with words)."""
    committee = committee_or_404(code)
    ensure(current_user.is_authenticated and bool(current_user.led_campus_ids))
    return item_or_404(committee, item_id)


def readable_proposal_or_404(code: str, proposal_id: int) -> ItemProposal:
    """A proposal: the committee's readers, and the person who proposed it."""
    committee = contributing_committee_or_404(code)
    proposal = proposal_or_404(committee, proposal_id)
    ensure(can_see_proposal(current_user, proposal))
    return proposal


def managed_proposal_or_404(code: str, proposal_id: int) -> ItemProposal:
    return proposal_or_404(managed_committee_or_404(code), proposal_id)


def managed_member_or_404(code: str, member_id: int) -> CommitteeMember:
    return member_or_404(managed_committee_or_404(code), member_id)
