"""Writes for agenda items proposed by members, campus councils and the student parliament
(DESIGN.md §3.3): proposed before the meeting's deadline, put on the agenda by the secretary
or answered with a reason. Flush, never commit; audited; the people concerned are told.

The student parliament proposes through its representatives on the committee: the members
in student seats.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal.audit.service import audit_record
from portal.committee import notifications
from portal.committee.errors import CommitteeError
from portal.committee.models import (
    ANSWER_MAX,
    ITEM_TITLE_MAX,
    PROPOSAL_TEXT_MAX,
    AgendaItem,
    ItemProposal,
    Meeting,
    MeetingStatus,
    ProposalSource,
    ProposalStatus,
    Seat,
)
from portal.committee.permissions import can_read, leads_campus
from portal.committee.queries import committee_secretaries, membership_of, today_oslo
from portal.db import utcnow
from portal.extensions import db
from portal.i18n import LANGUAGES

if TYPE_CHECKING:
    from portal.campuses.models import Campus


def proposal_sources(user, committee, campuses) -> list[tuple[str, Campus | None]]:
    """(source, campus or None) the person may propose on behalf of: themselves as a member,
    each campus council they lead, the student parliament when they hold a student seat."""
    sources: list[tuple[str, Campus | None]] = []
    if can_read(user, committee):
        sources.append((ProposalSource.MEMBER, None))
    for campus in campuses:
        if leads_campus(user, campus):
            sources.append((ProposalSource.CAMPUS_COUNCIL, campus))
    membership = membership_of(user, committee.id, today_oslo())
    if membership is not None and membership.seat == Seat.STUDENT:
        sources.append((ProposalSource.STUDENT_PARLIAMENT, None))
    return sources


def proposals_open(meeting: Meeting, now=None) -> bool:
    now = now or utcnow()
    return (
        meeting.status == MeetingStatus.PLANNED
        and meeting.proposal_deadline is not None
        and now <= meeting.proposal_deadline
    )


def proposal_submit(
    *, meeting: Meeting, proposer, source: str, campus, title: str, text: str, language: str, campuses
) -> ItemProposal:
    """Propose an item for a meeting before its deadline.

    Raises CommitteeError: "proposals-closed" (no deadline set), "proposal-too-late",
    "not-allowed-source", "title-needed", "unknown-language".
    """
    if meeting.proposal_deadline is None:
        raise CommitteeError("proposals-closed")
    if not proposals_open(meeting):
        raise CommitteeError("proposal-too-late")
    allowed = proposal_sources(proposer, meeting.committee, campuses)
    wanted = (source, campus.id if campus is not None else None)
    if wanted not in {(s, c.id if c is not None else None) for s, c in allowed}:
        raise CommitteeError("not-allowed-source", "source")
    title = (title or "").strip()[:ITEM_TITLE_MAX]
    if not title:
        raise CommitteeError("title-needed", "title")
    if language not in LANGUAGES:
        raise CommitteeError("unknown-language", "language")
    proposal = ItemProposal(
        committee_id=meeting.committee_id,
        meeting_id=meeting.id,
        proposer_id=proposer.id,
        source=ProposalSource(source),
        campus_id=campus.id if campus is not None else None,
        title=title,
        text=(text or "").strip()[:PROPOSAL_TEXT_MAX],
        language=language,
        status=ProposalStatus.PENDING,
    )
    db.session.add(proposal)
    db.session.flush()
    notifications.tell_proposal(proposal=proposal, secretaries=committee_secretaries(meeting.committee))
    _audit(proposer, "committee.proposal.submit", proposal, after={"meeting": meeting.id, "source": source})
    return proposal


def _audit(actor, action: str, proposal: ItemProposal, before=None, after=None) -> None:
    audit_record(
        actor=actor,
        action=action,
        target_type="item_proposal",
        target_id=proposal.id,
        before=before,
        after=after,
    )


def _answerable(proposal: ItemProposal, expected_version: int | None) -> None:
    if proposal.status != ProposalStatus.PENDING:
        raise CommitteeError("proposal-answered")
    if expected_version is not None and expected_version != proposal.version:
        raise CommitteeError("stale")


def proposal_accept(
    *, proposal: ItemProposal, item: AgendaItem, actor, expected_version: int | None = None
) -> ItemProposal:
    """The proposal is on the agenda as `item` (made by service.item_create); the proposer is told.

    Raises CommitteeError: "proposal-answered", "stale".
    """
    _answerable(proposal, expected_version)
    proposal.status = ProposalStatus.ACCEPTED
    proposal.item_id = item.id
    proposal.answered_at = utcnow()
    proposal.answered_by_id = actor.id
    proposal.version += 1
    db.session.flush()
    proposer = proposal.proposer
    if proposer is not None:
        notifications.tell_proposal_answered(proposal=proposal, proposer=proposer)
    _audit(actor, "committee.proposal.accept", proposal, after={"item": item.id, "case": item.case_number})
    return proposal


def proposal_decline(
    *, proposal: ItemProposal, answer: str, actor, expected_version: int | None = None
) -> ItemProposal:
    """Not on the agenda, with the reason; the proposer is told.

    Raises CommitteeError: "answer-needed", "proposal-answered", "stale".
    """
    answer = (answer or "").strip()[:ANSWER_MAX]
    if not answer:
        raise CommitteeError("answer-needed", "answer")
    _answerable(proposal, expected_version)
    proposal.status = ProposalStatus.DECLINED
    proposal.answer = answer
    proposal.answered_at = utcnow()
    proposal.answered_by_id = actor.id
    proposal.version += 1
    db.session.flush()
    proposer = proposal.proposer
    if proposer is not None:
        notifications.tell_proposal_answered(proposal=proposal, proposer=proposer)
    _audit(actor, "committee.proposal.decline", proposal, after={"answer": answer})
    return proposal
