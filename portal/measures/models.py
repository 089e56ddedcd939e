"""Measures, the issues they answer, and their timeline of progress updates.

A measure belongs to one owner: a campus (its leaders own it) or a committee (its secretary
owns it), and to that owner's action plan for a year. What it answers is any of: a survey
result (round, question, optionally one campus), one or more issues, an agenda item's
decision. A survey result is a published round, optionally one question of it (the question's
stable id from the survey file) and one campus.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import TimestampMixin, UTCDateTime, utcnow
from portal.extensions import Model

TITLE_MAX = 200
TEXT_MAX = 5000
CRITERION_MAX = 2000
RESPONSIBLE_MAX = 200
QUESTION_ID_MAX = 80


class MeasureStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


# An evaluation (purpose, result, process) belongs to a measure in one of these.
FINISHED = frozenset({MeasureStatus.DONE, MeasureStatus.DROPPED})


class Scope(enum.StrEnum):
    CAMPUS = "campus"  # owned by the campus's leaders
    COMMITTEE = "committee"  # owned by the committee's secretaries


def _in(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


class Measure(TimestampMixin, Model):
    __tablename__ = "measure"

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(sa.String(10))
    campus_id: Mapped[int | None] = mapped_column(sa.ForeignKey("campus.id"))
    committee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("committee.id"))
    # The action plan's year.
    year: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # The problem and what we want to achieve.
    purpose: Mapped[str] = mapped_column(sa.Text)
    # How we will know it worked.
    criterion: Mapped[str] = mapped_column(sa.Text)
    responsible_unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("responsible_unit.id"), index=True)
    # A named role or person, instead of (or besides) a unit.
    responsible_text: Mapped[str | None] = mapped_column(sa.String(RESPONSIBLE_MAX))
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    due_on: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(20), default=MeasureStatus.PLANNED)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What it answers, besides issues (MeasureIssue).
    agenda_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_item.id", ondelete="SET NULL"), index=True
    )
    survey_round_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("survey_round.id", ondelete="SET NULL"), index=True
    )
    survey_question_id: Mapped[str | None] = mapped_column(sa.String(QUESTION_ID_MAX))
    survey_campus_id: Mapped[int | None] = mapped_column(sa.ForeignKey("campus.id"))
    # The evaluation, in the three questions of a status report.
    evaluation_purpose: Mapped[str | None] = mapped_column(sa.Text)
    evaluation_result: Mapped[str | None] = mapped_column(sa.Text)
    evaluation_process: Mapped[str | None] = mapped_column(sa.Text)
    evaluated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Reminders to the owners, each sent once (claimed atomically by the cron command).
    reminded_soon_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped on every change; forms carry it to detect a change made meanwhile.
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))

    campus = relationship("Campus", foreign_keys=[campus_id], lazy="joined")
    committee = relationship("Committee", lazy="joined")
    responsible_unit = relationship("ResponsibleUnit", lazy="joined")
    agenda_item = relationship("AgendaItem", lazy="select")
    survey_campus = relationship("Campus", foreign_keys=[survey_campus_id], lazy="select")
    survey_round = relationship("SurveyRound", lazy="select")
    issue_links: Mapped[list[MeasureIssue]] = relationship(
        back_populates="measure", order_by="MeasureIssue.id", lazy="select", cascade="all, delete-orphan"
    )
    updates: Mapped[list[MeasureUpdate]] = relationship(
        back_populates="measure", order_by="MeasureUpdate.id", lazy="select", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint(
            "(scope = 'campus' AND campus_id IS NOT NULL AND committee_id IS NULL)"
            " OR (scope = 'committee' AND committee_id IS NOT NULL AND campus_id IS NULL)",
            name="owner_fits_scope",
        ),
        sa.CheckConstraint(f"status IN ({_in(MeasureStatus)})", name="known_status"),
        sa.Index("ix_measure_campus_year", "campus_id", "year"),
        sa.Index("ix_measure_committee_year", "committee_id", "year"),
        sa.Index("ix_measure_status_due", "status", "due_on"),
    )

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def owner_id(self) -> int:
        owner_id = self.campus_id if self.scope == Scope.CAMPUS else self.committee_id
        assert owner_id is not None, "the owner_fits_scope constraint"
        return owner_id

    @property
    def owner(self):
        return self.campus if self.scope == Scope.CAMPUS else self.committee

    @property
    def evaluated(self) -> bool:
        return self.evaluated_at is not None

    def overdue_on(self, today: date) -> bool:
        return not self.finished and self.due_on < today

    @property
    def responsible_label(self) -> str:
        """The unit (in the reader's language) and/or the named role or person."""
        parts = [self.responsible_unit.name if self.responsible_unit else None, self.responsible_text]
        return " – ".join(p for p in parts if p)

    @property
    def contact(self) -> str | None:
        return self.contact_email or (self.responsible_unit.email if self.responsible_unit else None)

    def __repr__(self) -> str:
        return f"<Measure {self.id}>"


class MeasureIssue(Model):
    """An issue a measure answers."""

    __tablename__ = "measure_issue"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(sa.ForeignKey("measure.id", ondelete="CASCADE"))
    issue_id: Mapped[int] = mapped_column(sa.ForeignKey("issue.id", ondelete="CASCADE"), index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    measure: Mapped[Measure] = relationship(back_populates="issue_links")
    issue = relationship("Issue", lazy="joined", innerjoin=True)

    __table_args__ = (sa.UniqueConstraint("measure_id", "issue_id"),)


class UpdateKind(enum.StrEnum):
    CREATED = "created"
    EDITED = "edited"
    STATUS = "status"
    PROGRESS = "progress"
    EVALUATION = "evaluation"


class MeasureUpdate(TimestampMixin, Model):
    """One step on a measure's timeline: created, a status change, a progress update, the evaluation."""

    __tablename__ = "measure_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(sa.ForeignKey("measure.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    from_status: Mapped[str | None] = mapped_column(sa.String(20))
    to_status: Mapped[str | None] = mapped_column(sa.String(20))
    text: Mapped[str | None] = mapped_column(sa.Text)

    measure: Mapped[Measure] = relationship(back_populates="updates")
    author = relationship("User", lazy="joined")
