"""Surveys (DESIGN.md §3.5): definitions loaded from surveys/*.toml, rounds, and the secret box.

A survey's questions live in a version's definition (JSON, checked by the schema in
definition.schema.json). A version that has answers is never changed: loading a
changed file then makes a new version, and a round keeps the version it was
published with, so answers keep the version they answered.

Secrecy by construction, with the ballot's mechanism (portal.secrecy):
- SurveyRoll says who has answered a round, and on which day. Its primary key is the
  one-response rule.
- SurveyResponse is the box: a random id, the round and the respondent's home
  campus, nothing else. SurveyAnswer rows hang off it by that id. No user id, no
  timestamp, no sequence anywhere on that path; on SQLite all three tables are
  WITHOUT ROWID. `flask portal reseal` rewrites an open round's box and roll every
  few minutes, and the close seals it a last time.
- No draft is ever stored: earlier sections' answers travel in the form, signed
  (portal.surveys.carry).
"""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import TimestampMixin, UTCDateTime
from portal.extensions import Model
from portal.secrecy import new_box_id

MIN_GROUP_DEFAULT = 5
MIN_GROUP_FLOOR = 3
MIN_GROUP_CEILING = 50
REMINDERS_MAX = 3
KEY_MAX = 64


class Status(enum.StrEnum):
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"  # results for owners and the committee only
    PUBLISHED = "published"  # results for every signed-in person too


class Survey(TimestampMixin, Model):
    """A survey, known by the stable id its file gives it."""

    __tablename__ = "survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(KEY_MAX), unique=True)

    versions: Mapped[list[SurveyVersion]] = relationship(
        back_populates="survey", order_by="SurveyVersion.number", lazy="select"
    )

    def __repr__(self) -> str:
        return f"<Survey {self.key}>"


class SurveyVersion(Model):
    """The questions of a survey as loaded from its file. Frozen once it has answers."""

    __tablename__ = "survey_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("survey.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column()
    definition: Mapped[dict] = mapped_column(sa.JSON)
    digest: Mapped[str] = mapped_column(sa.String(64))
    source: Mapped[str] = mapped_column(sa.String(255))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime)

    survey: Mapped[Survey] = relationship(back_populates="versions", lazy="joined", innerjoin=True)

    __table_args__ = (sa.UniqueConstraint("survey_id", "number"),)

    @property
    def spec(self):
        from portal.surveys.definition import Definition

        cached = self.__dict__.get("_spec")
        if cached is None or cached.digest != self.digest:
            cached = Definition(self.definition, fingerprint=self.digest)
            self.__dict__["_spec"] = cached
        return cached

    def __repr__(self) -> str:
        return f"<SurveyVersion {self.survey_id} v{self.number}>"


class SurveyRound(TimestampMixin, Model):
    """A survey published to an audience between two times, owned by a committee or a campus."""

    __tablename__ = "survey_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("survey.id", ondelete="RESTRICT"), index=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("survey_version.id", ondelete="RESTRICT"))
    # The owner: a committee (its secretaries) or a campus (its leaders), never both.
    committee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("committee.id", ondelete="RESTRICT"))
    campus_id: Mapped[int | None] = mapped_column(sa.ForeignKey("campus.id", ondelete="RESTRICT"))
    all_campuses: Mapped[bool] = mapped_column(default=True)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    min_group: Mapped[int] = mapped_column(default=MIN_GROUP_DEFAULT)
    announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last seal at the close, and the audience counted then ({"<campus id>" | "": n}).
    sealed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    eligible_count: Mapped[int | None] = mapped_column()
    eligible_by_campus: Mapped[dict | None] = mapped_column(sa.JSON)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))

    survey: Mapped[Survey] = relationship(lazy="joined", innerjoin=True)
    version: Mapped[SurveyVersion] = relationship(lazy="joined", innerjoin=True)
    committee = relationship("Committee", lazy="joined")
    owner_campus = relationship("Campus", lazy="joined", foreign_keys=[campus_id])
    # Loaded when asked for: answering a round for every campus needs neither.
    audience: Mapped[list[SurveyRoundCampus]] = relationship(
        cascade="all, delete-orphan", lazy="select", order_by="SurveyRoundCampus.campus_id"
    )
    reminders: Mapped[list[SurveyReminder]] = relationship(
        cascade="all, delete-orphan", lazy="select", order_by="SurveyReminder.remind_on"
    )

    __table_args__ = (
        sa.CheckConstraint("opens_at < closes_at", name="opens_before_close"),
        sa.CheckConstraint(
            f"min_group BETWEEN {MIN_GROUP_FLOOR} AND {MIN_GROUP_CEILING}", name="min_group_range"
        ),
        sa.CheckConstraint("(committee_id IS NULL) <> (campus_id IS NULL)", name="one_owner"),
        sa.Index("ix_survey_round_times", "opens_at", "closes_at"),
    )

    def status_at(self, now: datetime) -> Status:
        if now < self.opens_at:
            return Status.UPCOMING
        if now < self.closes_at:
            return Status.OPEN
        return Status.PUBLISHED if self.published_at is not None else Status.CLOSED

    @property
    def status(self) -> Status:
        from portal.db import utcnow

        return self.status_at(utcnow())

    @property
    def audience_ids(self) -> list[int]:
        return [entry.campus_id for entry in self.audience]

    def title(self, language: str | None = None) -> str:
        return self.version.spec.text(self.version.spec.title, language)

    def __repr__(self) -> str:
        return f"<SurveyRound {self.id}>"


class SurveyRoundCampus(Model):
    """A campus in a round's audience (when the round is not for all campuses)."""

    __tablename__ = "survey_round_campus"

    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("survey_round.id", ondelete="CASCADE"), primary_key=True
    )
    campus_id: Mapped[int] = mapped_column(
        sa.ForeignKey("campus.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    campus = relationship("Campus", lazy="joined", innerjoin=True)


class SurveyReminder(Model):
    """A day on which those in the audience who have not answered are reminded, once."""

    __tablename__ = "survey_reminder"

    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("survey_round.id", ondelete="CASCADE"), primary_key=True
    )
    remind_on: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SurveyRoll(Model):
    """Who has answered a round, and on which day. The primary key is the one-response rule."""

    __tablename__ = "survey_roll"

    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("survey_round.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    answered_on: Mapped[date] = mapped_column(sa.Date)

    __table_args__ = ({"sqlite_with_rowid": False},)


class SurveyResponse(Model):
    """One response: a random id, its round and the respondent's campus. Nothing else, on purpose."""

    __tablename__ = "survey_response"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=new_box_id)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("survey_round.id", ondelete="CASCADE"), index=True)
    campus_id: Mapped[int | None] = mapped_column(sa.ForeignKey("campus.id", ondelete="SET NULL"))

    __table_args__ = ({"sqlite_with_rowid": False},)


class SurveyAnswer(Model):
    """One answer of a response to a question (one row per chosen option for multiple choice).

    `option` is the Likert value ("1" … "5" or "dont_know"), the option id, or "" for free
    text; `value` the Likert value as a number (None for "don't know"), for means in SQL.
    """

    __tablename__ = "survey_answer"

    response_id: Mapped[str] = mapped_column(
        sa.String(32), sa.ForeignKey("survey_response.id", ondelete="CASCADE"), primary_key=True
    )
    question: Mapped[str] = mapped_column(sa.String(KEY_MAX), primary_key=True)
    option: Mapped[str] = mapped_column(sa.String(KEY_MAX), primary_key=True)
    value: Mapped[int | None] = mapped_column(sa.SmallInteger)
    text: Mapped[str | None] = mapped_column(sa.Text)

    __table_args__ = (
        sa.CheckConstraint("value IS NULL OR value BETWEEN 1 AND 5", name="likert_range"),
        {"sqlite_with_rowid": False},
    )


class SurveyLiveResults(Model):
    """What the owners see of a round while it is open: the aggregates as they were when the
    last step of at least `min_group` new answers was complete (portal.surveys.live). Without
    it, an owner reloading the results after each answer could see what that one student
    answered. Aggregates only (counts per question, option and campus, free texts without
    campus), never a response id; dropped when the round is sealed."""

    __tablename__ = "survey_live_results"

    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("survey_round.id", ondelete="CASCADE"), primary_key=True
    )
    responses: Mapped[int] = mapped_column()
    aggregates: Mapped[dict] = mapped_column(sa.JSON)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)
