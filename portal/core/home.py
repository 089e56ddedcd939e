"""The home page for people with work to do: each role sees its own work first.

A campus leader sees the inbox; a secretary the escalated issues waiting, what is overdue
and the next meeting; a committee member the next meeting's agenda and recent decisions;
an administrator the administration and the latest audit events (issue #9 item 21).
Reads only; a fixed number of queries per committee.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.authz import Role
from portal.committee.models import AgendaItem, Committee, Meeting, MeetingStatus
from portal.db import utcnow
from portal.extensions import db
from portal.issues.models import Issue
from portal.issues.workflow import Status

# Escalated issues waiting longer than this are overdue for the committee (the committee
# inbox's "older than 14 days" filter shows them).
COMMITTEE_OVERDUE_DAYS = 14
RECENT_DECISIONS = 5
RECENT_AUDIT_EVENTS = 5


@dataclass
class CommitteeDesk:
    committee: Committee
    secretary: bool
    escalated: int = 0
    overdue: int = 0
    undecided: int = 0  # items of meetings already held that still have no decision
    next_meeting: Meeting | None = None
    agenda: Sequence[AgendaItem] = field(default_factory=list)
    decisions: Sequence[AgendaItem] = field(default_factory=list)


def committee_desks(user) -> list[CommitteeDesk]:
    """One desk per committee the person is secretary or member of."""
    ids = user.committee_ids()
    if not ids:
        return []
    secretary_of = user.committee_ids(Role.SECRETARY)
    committees = db.session.scalars(
        sa.select(Committee).where(Committee.id.in_(ids), Committee.active).order_by(Committee.code)
    ).all()
    return [_desk(committee, committee.id in secretary_of) for committee in committees]


def _desk(committee: Committee, secretary: bool) -> CommitteeDesk:
    now = utcnow()
    desk = CommitteeDesk(committee=committee, secretary=secretary)
    waiting = sa.and_(Issue.committee_id == committee.id, Issue.status == Status.ESCALATED)
    desk.escalated, desk.overdue = db.session.execute(
        sa.select(
            sa.func.count(),
            sa.func.count().filter(Issue.status_changed_at < now - timedelta(days=COMMITTEE_OVERDUE_DAYS)),
        ).where(waiting)
    ).one()
    desk.next_meeting = db.session.scalar(
        sa.select(Meeting)
        .where(Meeting.committee_id == committee.id, Meeting.starts_at >= now)
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    )
    if desk.next_meeting is not None:
        desk.agenda = db.session.scalars(
            sa.select(AgendaItem)
            .where(AgendaItem.meeting_id == desk.next_meeting.id)
            .order_by(AgendaItem.position, AgendaItem.id)
        ).all()
    desk.decisions = db.session.scalars(
        sa.select(AgendaItem)
        .where(
            AgendaItem.committee_id == committee.id,
            AgendaItem.decision.is_not(None),
            AgendaItem.standing.is_(None),
        )
        .order_by(AgendaItem.decided_at.desc(), AgendaItem.id.desc())
        .limit(RECENT_DECISIONS)
    ).all()
    if secretary:
        desk.undecided = (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(AgendaItem)
                .join(Meeting, Meeting.id == AgendaItem.meeting_id)
                .where(
                    AgendaItem.committee_id == committee.id,
                    AgendaItem.decision.is_(None),
                    AgendaItem.standing.is_(None),  # standing items (approvals, other business) aside
                    Meeting.status == MeetingStatus.HELD,
                )
            )
            or 0
        )
    return desk


def recent_audit_events(limit: int = RECENT_AUDIT_EVENTS) -> Sequence[AuditEvent]:
    return db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)).all()
