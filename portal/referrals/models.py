"""Responsible units (a list administrators keep) and the referrals of issues to them.

A referral carries the nonce of its signed link: the link names the referral and its nonce,
so it works for that referral only, and only while the referral waits for an answer.
Nothing here points to who raised the issue.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import LocalisedNameMixin, UTCDateTime, utcnow
from portal.extensions import Model

ANSWER_MAX = 5000
MESSAGE_MAX = 2000
UNIT_NAME_MAX = 120


class ResponsibleUnit(LocalisedNameMixin, Model):
    """A unit in the line that can be asked to act: Estates, IT services, the student welfare organisation."""

    __tablename__ = "responsible_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    # The language its e-mail is written in, and its answer page opens in.
    language: Mapped[str] = mapped_column(sa.String(2), default="nb")
    active: Mapped[bool] = mapped_column(default=True)

    __table_args__ = (sa.CheckConstraint("language IN ('nb', 'nn', 'en')", name="known_language"),)

    def __repr__(self) -> str:
        return f"<ResponsibleUnit {self.id}>"


class Referral(Model):
    __tablename__ = "referral"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(sa.ForeignKey("issue.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("responsible_unit.id"), index=True)
    referred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    referred_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    # "campus_leader" or "secretary" (portal.issues.workflow.Actor)
    referred_by_role: Mapped[str] = mapped_column(sa.String(20))
    # The committee whose secretary referred it (None when the campus council did).
    committee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("committee.id", ondelete="SET NULL"))
    due_on: Mapped[date] = mapped_column(sa.Date)
    # Written for the unit by whoever referred it; never shown to students.
    message: Mapped[str | None] = mapped_column(sa.Text)
    nonce: Mapped[str] = mapped_column(sa.String(32), unique=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer: Mapped[str | None] = mapped_column(sa.Text)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))

    issue = relationship("Issue", lazy="joined", innerjoin=True)
    unit: Mapped[ResponsibleUnit] = relationship(lazy="joined", innerjoin=True)

    __table_args__ = (sa.Index("ix_referral_due_on", "due_on"),)

    @property
    def is_open(self) -> bool:
        return self.answered_at is None and self.withdrawn_at is None

    def overdue_on(self, today: date) -> bool:
        return self.is_open and self.due_on < today

    def __repr__(self) -> str:
        return f"<Referral {self.id}>"
