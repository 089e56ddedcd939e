"""Reads for the campus inbox and moderation queue."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa

from portal.campuses.models import Campus
from portal.db import utcnow
from portal.extensions import db
from portal.issues.models import FLAGGED, IN_INBOX, STILL_OPEN, Flag, Issue
from portal.issues.search import matching
from portal.issues.workflow import (
    NOT_MERGEABLE_INTO,
    OPEN_STATUSES,
    WAITING_FOR_LEADERS,
    WITH_COMMITTEE,
)

MERGE_CHOICES = 100
# What a leader types to find an issue by its reference: "TRD-2026-0042", "2026-0042", "42".
REFERENCE_PART = re.compile(r"(?:[A-Za-zÆØÅæøå]{3}-)?(?:\d{4}-)?\d{1,4}")


def led_campuses(user) -> Sequence[Campus]:
    ids = user.led_campus_ids
    if not ids:
        return []
    return db.session.scalars(sa.select(Campus).where(Campus.id.in_(ids)).order_by(Campus.name_nb)).all()


def age_days(issue: Issue, now: datetime | None = None) -> int:
    """Days the issue has been in its current status."""
    return max(((now or utcnow()) - issue.status_changed_at).days, 0)


def overdue_before(campus: Campus, now: datetime | None = None) -> datetime:
    """The overdue rule, the one place it is written: an issue waiting for the leaders that
    entered its status before this moment has waited longer than the campus's target."""
    return (now or utcnow()) - timedelta(days=campus.response_target_days)


def is_overdue(issue: Issue, campus: Campus, now: datetime | None = None) -> bool:
    return issue.status in WAITING_FOR_LEADERS and issue.status_changed_at < overdue_before(campus, now)


def needs_attention(issue: Issue, campus: Campus) -> bool:
    return issue.support_count >= campus.attention_threshold and issue.status in OPEN_STATUSES


def inbox(
    *,
    campus: Campus,
    status: str | None = None,
    category_id: int | None = None,
    flagged: bool = False,
    overdue: bool = False,
    attention: bool = False,
    now: datetime | None = None,
) -> sa.Select:
    """The campus inbox, oldest waiting first. Overdue and attention filters run in the database."""
    now = now or utcnow()
    select = sa.select(Issue).where(Issue.campus_id == campus.id)
    # IN_INBOX is the partial index's own predicate (portal/issues/models.py).
    select = select.where(Issue.status == status) if status else select.where(IN_INBOX)
    if category_id:
        select = select.where(Issue.category_id == category_id)
    if flagged:
        select = select.where(Issue.flag_count > 0)
    if overdue:
        select = select.where(
            Issue.status.in_(WAITING_FOR_LEADERS), Issue.status_changed_at < overdue_before(campus, now)
        )
    if attention:
        select = select.where(Issue.support_count >= campus.attention_threshold)
    return select.order_by(Issue.status_changed_at, Issue.id)


def next_waiting(*, campus: Campus, other_than: Issue) -> Issue | None:
    """The issue a leader takes next: the one that has waited longest for the council (the
    inbox's order), other than the one just handled."""
    return db.session.scalar(
        inbox(campus=campus).where(Issue.status.in_(WAITING_FOR_LEADERS), Issue.id != other_than.id).limit(1)
    )


def merge_candidates(issue: Issue, text: str = "") -> Sequence[Issue]:
    """Issues `issue` may be merged into, newest first: open issues of its campus, and issues
    with the committee from any campus; never itself, never a confidential one (the rule is
    workflow.merge_problem, which the merge checks again). `text` narrows by words."""
    if issue.confidential:
        return []
    select = sa.select(Issue).where(
        Issue.id != issue.id,
        Issue.confidential.is_(False),
        Issue.status.not_in(NOT_MERGEABLE_INTO),
        sa.or_(
            sa.and_(Issue.campus_id == issue.campus_id, Issue.status.in_(OPEN_STATUSES)),
            Issue.status.in_(WITH_COMMITTEE),
        ),
    )
    text = text.strip()
    if REFERENCE_PART.fullmatch(text):
        select = select.where(Issue.reference.contains(text.upper(), autoescape=True))
    elif text:
        select = matching(select, text)
    return db.session.scalars(
        select.order_by(Issue.created_at.desc(), Issue.id.desc()).limit(MERGE_CHOICES)
    ).all()


def moderation_queue(*, campus: Campus) -> Sequence[Issue]:
    return db.session.scalars(
        sa.select(Issue)
        .where(Issue.campus_id == campus.id, FLAGGED)
        .order_by(Issue.flag_count.desc(), Issue.id)
    ).all()


def flag_reasons(issue_ids: list[int]) -> dict[int, list[str]]:
    """The reasons students gave in the reports not yet cleared, oldest first (one query).
    Who gave them is not read: the council sees what was said, not by whom."""
    reasons: dict[int, list[str]] = {}
    if not issue_ids:
        return reasons
    rows = db.session.execute(
        sa.select(Flag.issue_id, Flag.reason)
        .where(Flag.issue_id.in_(issue_ids), Flag.cleared_at.is_(None), Flag.reason.is_not(None))
        .order_by(Flag.created_at, Flag.id)
    )
    for issue_id, reason in rows:
        reasons.setdefault(issue_id, []).append(str(reason))
    return reasons


def counts(campus: Campus, now: datetime | None = None) -> dict[str, int]:
    """Numbers for the inbox header: waiting, overdue, over the threshold, flagged.

    Four small counts, each answered from its own partial index, rather than one pass
    over every issue the campus ever had.
    """
    waiting = sa.and_(Issue.campus_id == campus.id, Issue.status.in_(WAITING_FOR_LEADERS))
    found = {
        "waiting": waiting,
        "overdue": sa.and_(waiting, Issue.status_changed_at < overdue_before(campus, now)),
        "attention": sa.and_(
            Issue.campus_id == campus.id, STILL_OPEN, Issue.support_count >= campus.attention_threshold
        ),
        "flagged": sa.and_(Issue.campus_id == campus.id, FLAGGED),
    }
    return {
        name: db.session.scalar(sa.select(sa.func.count()).select_from(Issue).where(where)) or 0
        for name, where in found.items()
    }


def digest_for(campus: Campus, now: datetime | None = None) -> dict[str, Sequence[Issue]]:
    overdue = db.session.scalars(inbox(campus=campus, overdue=True, now=now)).all()
    attention = db.session.scalars(
        sa.select(Issue)
        .where(
            Issue.campus_id == campus.id,
            STILL_OPEN,
            Issue.support_count >= campus.attention_threshold,
        )
        .order_by(Issue.support_count.desc())
    ).all()
    return {"overdue": overdue, "attention": attention}


def focus_areas_to_tag(now: datetime | None = None) -> Sequence:
    """This year's adopted focus areas of every committee: what an issue can be tagged with."""
    from portal.voting.models import FocusProposal, VotingRound

    year = (now or utcnow()).year
    return db.session.scalars(
        sa.select(FocusProposal)
        .join(VotingRound, VotingRound.id == FocusProposal.round_id)
        .where(VotingRound.year == year, FocusProposal.adopted.is_(True))
        .order_by(VotingRound.committee_id, FocusProposal.id)
    ).all()
