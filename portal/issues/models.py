"""Issues students raise, and what hangs on them: supports, flags, photos, the timeline.

The author is deliberately not a column of Issue: the link lives in IssueAuthor,
apart from the issue, so that anonymity holds for every page, export and e-mail
that loads an issue (DESIGN.md §3.1). Only portal.issues.authors reads it.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import TimestampMixin, UTCDateTime, utcnow
from portal.extensions import Model
from portal.issues.workflow import IN_CAMPUS_INBOX, OPEN_STATUSES, Status

TITLE_MAX = 120
DESCRIPTION_MAX = 5000
FLAG_REASON_MAX = 500


class Issue(TimestampMixin, Model):
    __tablename__ = "issue"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(sa.String(20), unique=True)
    campus_id: Mapped[int] = mapped_column(sa.ForeignKey("campus.id"))
    year: Mapped[int] = mapped_column()
    sequence: Mapped[int] = mapped_column()
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("category.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    description: Mapped[str] = mapped_column(sa.Text)
    language: Mapped[str] = mapped_column(sa.String(2))
    anonymous: Mapped[bool] = mapped_column(default=False)
    # Psychosocial issues: not in public lists, not open for support.
    confidential: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(sa.String(20), default=Status.SUBMITTED)
    # Bumped on every change a leader or secretary makes; forms carry it to detect stale pages.
    version: Mapped[int] = mapped_column(default=1)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The status that ended the road (resolved, decided, rejected, merged), kept when the issue
    # is closed afterwards: the annual report counts outcomes without reading timelines.
    outcome: Mapped[str | None] = mapped_column(sa.String(20))
    support_count: Mapped[int] = mapped_column(default=0)
    flag_count: Mapped[int] = mapped_column(default=0)
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("issue.id"))
    committee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("committee.id"), index=True)
    # One of the committee's adopted focus areas, set by the campus council.
    focus_area_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("focus_proposal.id", ondelete="SET NULL"), index=True
    )
    # Moderation: the public text is replaced by the reason; the original stays here and in the audit log.
    hidden: Mapped[bool] = mapped_column(default=False)
    hidden_reason: Mapped[str | None] = mapped_column(sa.Text)
    # A phone that re-sends the form gets the issue it already made, not a second one.
    submission_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)

    campus = relationship("Campus", lazy="joined", innerjoin=True)
    category = relationship("Category", lazy="joined", innerjoin=True)
    merged_into = relationship("Issue", remote_side=[id], lazy="select")
    focus_area = relationship("FocusProposal", lazy="joined")
    photos: Mapped[list[IssuePhoto]] = relationship(
        back_populates="issue", order_by="IssuePhoto.position", lazy="select", cascade="all, delete-orphan"
    )
    events: Mapped[list[IssueEvent]] = relationship(
        back_populates="issue",
        order_by="IssueEvent.id",
        foreign_keys="IssueEvent.issue_id",
        lazy="select",
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        sa.UniqueConstraint("campus_id", "year", "sequence"),
        sa.Index("ix_issue_status_changed", "status", "status_changed_at"),
        sa.CheckConstraint("support_count >= 0", name="support_count_not_negative"),
    )

    @property
    def is_open(self) -> bool:
        from portal.issues.workflow import OPEN_STATUSES

        return self.status in OPEN_STATUSES

    @property
    def with_committee(self) -> bool:
        from portal.issues.workflow import WITH_COMMITTEE

        return self.status in WITH_COMMITTEE

    def __repr__(self) -> str:
        return f"<Issue {self.reference}>"


# The lists' partial indexes. Their predicates are the very expressions the queries use
# (portal/issues/queries.py, portal/triage/queries.py): PostgreSQL uses a partial index only
# when it can prove the query's WHERE implies the predicate as written.
PUBLIC = Issue.confidential.is_(False)
PUBLIC_OPEN = sa.and_(PUBLIC, Issue.status.in_(sorted(OPEN_STATUSES)))
IN_INBOX = Issue.status.in_(sorted(IN_CAMPUS_INBOX))
STILL_OPEN = Issue.status.in_(sorted(OPEN_STATUSES))
FLAGGED = Issue.flag_count > 0
ESCALATED = Issue.status == Status.ESCALATED


def _partial(name: str, where, *columns) -> sa.Index:
    return sa.Index(name, *columns, postgresql_where=where, sqlite_where=where)


_partial("ix_issue_public_open_newest", PUBLIC_OPEN, Issue.campus_id, Issue.created_at, Issue.id)
_partial(
    "ix_issue_public_open_supported",
    PUBLIC_OPEN,
    Issue.campus_id,
    Issue.support_count,
    Issue.created_at,
    Issue.id,
)
_partial(
    "ix_issue_public_open_category",
    PUBLIC_OPEN,
    Issue.campus_id,
    Issue.category_id,
    Issue.created_at,
    Issue.id,
)
_partial("ix_issue_public_status_newest", PUBLIC, Issue.campus_id, Issue.status, Issue.created_at, Issue.id)
_partial("ix_issue_inbox", IN_INBOX, Issue.campus_id, Issue.status_changed_at, Issue.id)
_partial(
    "ix_issue_inbox_category", IN_INBOX, Issue.campus_id, Issue.category_id, Issue.status_changed_at, Issue.id
)
sa.Index("ix_issue_campus_status_changed", Issue.campus_id, Issue.status, Issue.status_changed_at, Issue.id)
_partial("ix_issue_open_supported", STILL_OPEN, Issue.campus_id, Issue.support_count)
_partial("ix_issue_flagged", FLAGGED, Issue.campus_id, Issue.flag_count)
# The committee's escalated inbox (portal/committee/queries.py, inbox_groups): with the
# columns it counts included, PostgreSQL answers it from the index alone.
sa.Index(
    "ix_issue_escalated",
    Issue.committee_id,
    Issue.category_id,
    Issue.status_changed_at,
    postgresql_where=ESCALATED,
    sqlite_where=ESCALATED,
    postgresql_include=["campus_id", "support_count", "id"],
)
# The annual report reads only these columns of a year's issues: an index-only scan.
sa.Index(
    "ix_issue_report",
    Issue.created_at,
    postgresql_include=["campus_id", "category_id", "status", "outcome", "first_response_at", "outcome_at"],
)


class IssueAuthor(Model):
    """Who raised an issue, kept apart from it. The author can delete this row (cut the link)."""

    __tablename__ = "issue_author"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(sa.ForeignKey("issue.id", ondelete="CASCADE"), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)


class Support(TimestampMixin, Model):
    __tablename__ = "support"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(sa.ForeignKey("issue.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)

    # One support per student per issue, whatever the application does.
    __table_args__ = (sa.UniqueConstraint("issue_id", "user_id"),)


class Flag(TimestampMixin, Model):
    """A student's report that an issue is inappropriate (handled in moderation)."""

    __tablename__ = "flag"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(sa.ForeignKey("issue.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the student said is wrong (optional). Theirs: in their data export, gone with them.
    reason: Mapped[str | None] = mapped_column(sa.String(FLAG_REASON_MAX))

    __table_args__ = (sa.UniqueConstraint("issue_id", "user_id"),)


class IssuePhoto(TimestampMixin, Model):
    """A photo, re-encoded without metadata, stored as a file outside the database."""

    __tablename__ = "issue_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(sa.ForeignKey("issue.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(80), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(20))
    width: Mapped[int] = mapped_column()
    height: Mapped[int] = mapped_column()
    size: Mapped[int] = mapped_column()
    position: Mapped[int] = mapped_column(default=0)

    issue: Mapped[Issue] = relationship(back_populates="photos")


class IssueEvent(Model):
    """One step on an issue's timeline: a status change, an answer, a public update."""

    __tablename__ = "issue_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(sa.ForeignKey("issue.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    action: Mapped[str] = mapped_column(sa.String(30))
    # The acting person, for staff only; never the author of an anonymous issue.
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    actor_role: Mapped[str] = mapped_column(sa.String(20))
    show_actor_name: Mapped[bool] = mapped_column(default=False)
    from_status: Mapped[str | None] = mapped_column(sa.String(20))
    to_status: Mapped[str | None] = mapped_column(sa.String(20))
    public_note: Mapped[str | None] = mapped_column(sa.Text)
    internal_note: Mapped[str | None] = mapped_column(sa.Text)
    related_issue_id: Mapped[int | None] = mapped_column(sa.ForeignKey("issue.id", ondelete="SET NULL"))

    issue: Mapped[Issue] = relationship(back_populates="events", foreign_keys=[issue_id])
    actor = relationship("User", lazy="joined")
    related_issue = relationship("Issue", foreign_keys=[related_issue_id], lazy="joined")
