"""Committees (e.g. Læringsmiljøutvalget), their meetings and agenda items (DESIGN.md §3.3).

An agenda item gathers escalated issues (AgendaItemIssue). Case numbers `N/YY` run
per committee and year; the database refuses a duplicate, and portal.core.counters
hands them out without gaps. An item's `version` is bumped on every change, so a
form loaded before someone else saved is detected instead of overwriting their work.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import LocalisedNameMixin, TimestampMixin, UTCDateTime, utcnow
from portal.extensions import Model

PLACE_MAX = 200
ITEM_TITLE_MAX = 200
CASE_OFFICER_MAX = 120
BACKGROUND_MAX = 20000
PROPOSAL_MAX = 5000
DECISION_MAX = 5000
VIDEO_LINK_MAX = 500
PERSON_NAME_MAX = 120
EMAIL_MAX = 254
REASON_MAX = 500
PROPOSAL_TEXT_MAX = 5000
STATEMENT_MAX = 10000
ANSWER_MAX = 2000
# The languages a committee meets in: its notices, agendas and minutes (DESIGN.md §3.3).
MEETING_LANGUAGES = ("nb", "nn")


class CompositionRule(enum.StrEnum):
    """What the committee's mandate asks of its voting members (UH-loven § 4-3)."""

    PARITY = "parity"  # as many students as staff
    STUDENT_MAJORITY = "student_majority"  # more students than staff


class Committee(LocalisedNameMixin, Model):
    __tablename__ = "committee"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(12), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    # The language of its notices, agendas and minutes, whoever exports them (nb or nn).
    language: Mapped[str] = mapped_column(sa.String(2), default="nb", server_default="nb")
    composition_rule: Mapped[str] = mapped_column(
        sa.String(20), default=CompositionRule.PARITY, server_default=CompositionRule.PARITY.value
    )
    # The chair alternates between a student and a staff member every other year.
    chair_alternates: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

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
# Items can still be added to or moved to a meeting in these.
OPEN_MEETING_STATUSES = frozenset({MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED})


class ItemKind(enum.StrEnum):
    DECISION = "decision"  # vedtakssak, V-sak
    INFORMATION = "information"  # orienteringssak, O-sak
    DISCUSSION = "discussion"  # diskusjonssak, D-sak


class Standing(enum.StrEnum):
    """The items every meeting starts with; their texts are translated when shown."""

    NOTICE = "notice"  # approval of the notice and agenda
    MINUTES = "minutes"  # approval of the minutes of the last meeting
    # Follow-up of earlier decisions: the measures still open (information, O-sak). Only on a
    # meeting created while the committee has open follow-ups, or added by the secretary.
    FOLLOW_UP = "follow_up"
    OTHER_BUSINESS = "other_business"  # eventuelt: always last, no case number


class Conclusion(enum.StrEnum):
    DECISION = "decision"  # vedtak
    RECOMMENDATION = "recommendation"  # anbefaling (nn tilråding)


def _in(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


class Meeting(TimestampMixin, Model):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committee.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(sa.String(PLACE_MAX))
    status: Mapped[str] = mapped_column(sa.String(20), default=MeetingStatus.PLANNED)
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    video_link: Mapped[str | None] = mapped_column(sa.String(VIDEO_LINK_MAX))
    # Members, campus councils and the student parliament may propose items until then.
    proposal_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the notice and agenda were last sent to those summoned (None: never).
    notice_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    minutes_taker: Mapped[str | None] = mapped_column(sa.String(PERSON_NAME_MAX))

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


class AgendaItem(TimestampMixin, Model):
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


class AgendaItemIssue(Model):
    """An escalated issue gathered on an agenda item. An issue is on one item at most."""

    __tablename__ = "agenda_item_issue"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True)
    issue_id: Mapped[int] = mapped_column(sa.ForeignKey("issue.id", ondelete="CASCADE"), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped[AgendaItem] = relationship(back_populates="links")
    issue = relationship("Issue", lazy="joined", innerjoin=True)


# Members and composition


class Seat(enum.StrEnum):
    STUDENT = "student"
    STAFF = "staff"
    OBSERVER = "observer"
    SECRETARY = "secretary"


# The seats the composition rule counts (observers and the secretary do not vote).
VOTING_SEATS = frozenset({Seat.STUDENT, Seat.STAFF})


class CommitteeMember(TimestampMixin, Model):
    """A person's seat on a committee for one term: from the portal's accounts (user_id) or
    named without an account. A substitute (vara) is called when a member of the same seat
    cannot come; `rank` orders the substitutes of a seat."""

    __tablename__ = "committee_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committee.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(PERSON_NAME_MAX))
    # For a member without an account: where the notice goes.
    email: Mapped[str | None] = mapped_column(sa.String(EMAIL_MAX))
    seat: Mapped[str] = mapped_column(sa.String(20))
    substitute: Mapped[bool] = mapped_column(default=False)
    rank: Mapped[int] = mapped_column(default=0)
    term_start: Mapped[date] = mapped_column(sa.Date)
    term_end: Mapped[date] = mapped_column(sa.Date)
    version: Mapped[int] = mapped_column(default=1)

    user = relationship("User", lazy="joined")
    committee = relationship("Committee", lazy="select")

    __table_args__ = (
        sa.Index("ix_committee_member_committee_term", "committee_id", "term_start", "term_end"),
        sa.CheckConstraint(f"seat IN ({_in(Seat)})", name="known_seat"),
        sa.CheckConstraint("term_end >= term_start", name="term_in_order"),
    )

    def serves_on(self, day: date) -> bool:
        return self.term_start <= day <= self.term_end

    def __repr__(self) -> str:
        return f"<CommitteeMember {self.id}>"


class CommitteeChair(Model):
    """The chair and vice-chair of a committee for one calendar year."""

    __tablename__ = "committee_chair"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committee.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column()
    chair_id: Mapped[int] = mapped_column(sa.ForeignKey("committee_member.id", ondelete="CASCADE"))
    vice_chair_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("committee_member.id", ondelete="SET NULL")
    )

    chair: Mapped[CommitteeMember] = relationship(foreign_keys=[chair_id], lazy="joined")
    vice_chair: Mapped[CommitteeMember | None] = relationship(foreign_keys=[vice_chair_id], lazy="joined")

    __table_args__ = (sa.UniqueConstraint("committee_id", "year"),)


# Notice, absence and attendance


class Attendance(enum.StrEnum):
    PRESENT = "present"
    ABSENT = "absent"


class MeetingAttendance(Model):
    """One person summoned to one meeting: a member (row made when they report absence or
    when attendance is recorded) or a substitute called in for an absent member."""

    __tablename__ = "meeting_attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("committee_member.id", ondelete="CASCADE"))
    # For a substitute: the member they stand in for.
    called_for_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("committee_member.id", ondelete="SET NULL")
    )
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    absence_reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    absence_reason: Mapped[str | None] = mapped_column(sa.String(REASON_MAX))
    absence_reported_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    attended: Mapped[str | None] = mapped_column(sa.String(10))

    member: Mapped[CommitteeMember] = relationship(foreign_keys=[member_id], lazy="joined", innerjoin=True)
    called_for: Mapped[CommitteeMember | None] = relationship(foreign_keys=[called_for_id], lazy="joined")

    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "member_id"),
        sa.CheckConstraint(f"attended IS NULL OR attended IN ({_in(Attendance)})", name="known_attendance"),
    )

    @property
    def absence_reported(self) -> bool:
        return self.absence_reported_at is not None


class MinutesApproval(Model):
    """The standing item "approval of the minutes" of a meeting, and the minutes it approves
    (those of the committee's meeting before it). Approved once that item has a decision."""

    __tablename__ = "minutes_approval"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id", ondelete="CASCADE"), unique=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"), unique=True)

    item: Mapped[AgendaItem] = relationship(lazy="joined", innerjoin=True)
    meeting: Mapped[Meeting] = relationship(lazy="joined", innerjoin=True)


# Items proposed by members, campus councils and the student parliament


class ProposalSource(enum.StrEnum):
    MEMBER = "member"
    CAMPUS_COUNCIL = "campus_council"
    STUDENT_PARLIAMENT = "student_parliament"


class ProposalStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class ItemProposal(TimestampMixin, Model):
    """A proposed agenda item for one meeting, sent before its deadline; the secretary puts
    it on the agenda (item_id) or answers why not."""

    __tablename__ = "item_proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committee.id", ondelete="CASCADE"))
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    proposer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(sa.String(20))
    campus_id: Mapped[int | None] = mapped_column(sa.ForeignKey("campus.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(sa.String(ITEM_TITLE_MAX))
    text: Mapped[str] = mapped_column(sa.Text, default="")
    language: Mapped[str] = mapped_column(sa.String(2))
    status: Mapped[str] = mapped_column(sa.String(10), default=ProposalStatus.PENDING)
    answer: Mapped[str | None] = mapped_column(sa.Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agenda_item.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    meeting: Mapped[Meeting] = relationship(lazy="joined", innerjoin=True)
    campus = relationship("Campus", lazy="joined")
    item: Mapped[AgendaItem | None] = relationship(lazy="select")
    proposer = relationship("User", foreign_keys=[proposer_id], lazy="select")

    __table_args__ = (
        sa.CheckConstraint(f"source IN ({_in(ProposalSource)})", name="known_source"),
        sa.CheckConstraint(f"status IN ({_in(ProposalStatus)})", name="known_status"),
        sa.CheckConstraint(
            "(source = 'campus_council') = (campus_id IS NOT NULL)", name="campus_only_for_councils"
        ),
    )


# Consultation (høring) of the campus councils


class Consultation(Model):
    """An agenda item sent to one campus council for a statement by a deadline."""

    __tablename__ = "consultation"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id", ondelete="CASCADE"))
    campus_id: Mapped[int] = mapped_column(sa.ForeignKey("campus.id", ondelete="CASCADE"))
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    statement: Mapped[str | None] = mapped_column(sa.Text)
    statement_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    statement_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    item: Mapped[AgendaItem] = relationship(lazy="joined", innerjoin=True)
    campus = relationship("Campus", lazy="joined", innerjoin=True)

    __table_args__ = (sa.UniqueConstraint("item_id", "campus_id"),)

    def overdue(self, now: datetime) -> bool:
        return self.statement is None and now > self.deadline

    @property
    def late(self) -> bool:
        return self.statement_at is not None and self.statement_at > self.deadline


class EscalatedIssueGroup(Model):
    """The inbox group of an escalated issue, decided when it is escalated
    (portal/committee/grouping.py): issues with the same `group_key` in a committee and
    category say the same thing. `signature` is the issue's words as canonical bokmål stems
    (portal/committee/similarity.py), so grouping never reads the texts again. A row exists
    only while the issue is escalated: it is removed when the issue leaves the status, and
    `flask portal committee regroup` recomputes every row in one batch."""

    __tablename__ = "escalated_issue_group"

    issue_id: Mapped[int] = mapped_column(sa.ForeignKey("issue.id", ondelete="CASCADE"), primary_key=True)
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committee.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("category.id"))
    signature: Mapped[str] = mapped_column(sa.Text, default="")
    signature_version: Mapped[int] = mapped_column(default=1)
    # The id of the issue that started the group (the smallest id after a regroup).
    group_key: Mapped[int] = mapped_column()
    grouped_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        # The members of a page's groups (and the group key with each, for the inbox join).
        sa.Index("ix_escalated_issue_group_key", "committee_id", "group_key", "issue_id"),
        sa.Index("ix_escalated_issue_group_category", "committee_id", "category_id"),
    )
