"""Committees (e.g. Læringsmiljøutvalget), their meetings and agenda items (DESIGN.md §3.3).

An agenda item gathers escalated issues (AgendaItemIssue). Case numbers `N/YY` run
per committee and year; the database refuses a duplicate, and portal.core.counters
hands them out without gaps. An item's `version` is bumped on every change, so a
form loaded before someone else saved is detected instead of overwriting their work.
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import LocalisedNameMixin, TimestampMixin, UTCDateTime, utcnow
from portal.extensions import db

PLACE_MAX = 200
ITEM_TITLE_MAX = 200
CASE_OFFICER_MAX = 120
BACKGROUND_MAX = 20000
PROPOSAL_MAX = 5000
DECISION_MAX = 5000


class Committee(LocalisedNameMixin, db.Model):
    __tablename__ = "committee"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(12), unique=True)
    active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Committee {self.code}>"


class MeetingStatus(enum.StrEnum):
    PLANNED = "planned"
    AGENDA_PUBLISHED = "agenda_published"
    HELD = "held"
    MINUTES_PUBLISHED = "minutes_published"


MEETING_STATUS_ORDER = list(MeetingStatus)
# Decisions are recorded after the meeting: only in these statuses.
DECISION_STATUSES = frozenset({MeetingStatus.HELD, MeetingStatus.MINUTES_PUBLISHED})


class ItemKind(enum.StrEnum):
    DECISION = "decision"  # vedtakssak, V-sak
    INFORMATION = "information"  # orienteringssak, O-sak
    DISCUSSION = "discussion"  # diskusjonssak, D-sak


class Standing(enum.StrEnum):
    """The items every meeting starts with; their texts are translated when shown."""

    NOTICE = "notice"  # approval of the notice and agenda
    MINUTES = "minutes"  # approval of the minutes of the last meeting
    OTHER_BUSINESS = "other_business"  # eventuelt: always last, no case number


class Conclusion(enum.StrEnum):
    DECISION = "decision"  # vedtak
    RECOMMENDATION = "recommendation"  # anbefaling (nn tilråding)


def _in(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


class Meeting(TimestampMixin, db.Model):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committee.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(sa.String(PLACE_MAX))
    status: Mapped[str] = mapped_column(sa.String(20), default=MeetingStatus.PLANNED)
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))

    committee = relationship("Committee", lazy="joined", innerjoin=True)
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by=lambda: [AgendaItem.position, AgendaItem.id], lazy="select"
    )

    __table_args__ = (
        sa.Index("ix_meeting_committee_starts", "committee_id", "starts_at"),
        sa.CheckConstraint(f"status IN ({_in(MeetingStatus)})", name="known_status"),
    )

    @property
    def decisions_allowed(self) -> bool:
        return self.status in DECISION_STATUSES

    def __repr__(self) -> str:
        return f"<Meeting {self.id}>"


class AgendaItem(TimestampMixin, db.Model):
    __tablename__ = "agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Case numbers run per committee and year, whichever meeting the item is moved to.
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committee.id"))
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"))
    year: Mapped[int] = mapped_column()
    number: Mapped[int | None] = mapped_column()
    position: Mapped[int] = mapped_column(default=0)
    standing: Mapped[str | None] = mapped_column(sa.String(20))
    kind: Mapped[str] = mapped_column(sa.String(20), default=ItemKind.DECISION)
    # None on a standing item until the secretary edits it: then the translated text is shown.
    title: Mapped[str | None] = mapped_column(sa.String(ITEM_TITLE_MAX))
    case_officer: Mapped[str] = mapped_column(sa.String(CASE_OFFICER_MAX), default="")
    background: Mapped[str] = mapped_column(sa.Text, default="")
    proposed_decision: Mapped[str | None] = mapped_column(sa.Text)
    conclusion: Mapped[str | None] = mapped_column(sa.String(20))
    decision: Mapped[str | None] = mapped_column(sa.Text)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))

    meeting: Mapped[Meeting] = relationship(back_populates="items", lazy="joined", innerjoin=True)
    links: Mapped[list[AgendaItemIssue]] = relationship(
        back_populates="item", order_by="AgendaItemIssue.position", lazy="select"
    )

    __table_args__ = (
        # No duplicate case numbers, whatever the application does.
        sa.UniqueConstraint("committee_id", "year", "number"),
        sa.Index("ix_agenda_item_meeting_position", "meeting_id", "position"),
        sa.CheckConstraint(f"kind IN ({_in(ItemKind)})", name="known_kind"),
        sa.CheckConstraint(
            f"conclusion IS NULL OR conclusion IN ({_in(Conclusion)})", name="known_conclusion"
        ),
        sa.CheckConstraint(
            "number IS NOT NULL OR standing = 'other_business'", name="numbered_unless_other_business"
        ),
    )

    @property
    def case_number(self) -> str:
        """`23/26`; empty for "any other business", which has no number."""
        if self.number is None:
            return ""
        return f"{self.number}/{self.year % 100:02d}"

    @property
    def decided(self) -> bool:
        return self.decision is not None

    def __repr__(self) -> str:
        return f"<AgendaItem {self.case_number or self.id}>"


class AgendaItemIssue(db.Model):
    """An escalated issue gathered on an agenda item. An issue is on one item at most."""

    __tablename__ = "agenda_item_issue"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True)
    issue_id: Mapped[int] = mapped_column(sa.ForeignKey("issue.id", ondelete="CASCADE"), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped[AgendaItem] = relationship(back_populates="links")
    issue = relationship("Issue", lazy="joined", innerjoin=True)
