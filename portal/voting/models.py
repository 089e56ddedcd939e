"""Focus-area rounds, proposals, and the secret ballot (DESIGN.md §3.4).

Secrecy by construction. Who has voted (VoterRoll) and what was chosen (Ballot,
BallotChoice) are separate tables with nothing that links them:

- A ballot has no user id and no timestamp; its primary key is a random token, so
  ordering ballots by id says nothing about the order in which people voted. The
  roll keeps only the day (voted_on), never a time.
- No sequential ids anywhere on that path. On SQLite the three tables are
  WITHOUT ROWID, so not even SQLite's hidden rowid records insertion order; rows
  are stored in primary-key order (random for ballots).
- What remains is physical storage. PostgreSQL writes heap rows roughly in
  insertion order and stamps each with the inserting transaction id (xmin), which
  is the same for a roll row and the ballot cast with it. Only someone reading the
  database directly could use that; the application never lists ballot rows, only
  aggregates (COUNT … GROUP BY). And once voting closes, round_seal() rewrites the
  round's ballots in random order with fresh ids in one transaction, which erases
  both the physical order and the xmin link (see portal.voting.service).
- The campus on a ballot is the voter's home campus at voting time, so results can
  be broken down by campus; results fold campuses with 5 voters or fewer into
  "other" (portal.voting.queries).
"""

from __future__ import annotations

import enum
import secrets
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import TimestampMixin, UTCDateTime
from portal.extensions import Model

TITLE_MAX = 120
REASON_MAX = 2000
DESCRIPTION_MAX = 500
DECLINE_REASON_MAX = 1000
MAX_CHOICES_LIMIT = 10
PROPOSALS_PER_STUDENT = 5


class Phase(enum.StrEnum):
    UPCOMING = "upcoming"
    PROPOSALS = "proposals"
    CURATION = "curation"
    VOTING = "voting"
    COUNTING = "counting"  # voting has closed, results not yet published
    PUBLISHED = "published"


# Each phase after UPCOMING starts at one of the round's times, in this order.
PHASE_STARTS: tuple[tuple[Phase, str], ...] = (
    (Phase.PROPOSALS, "proposals_open_at"),
    (Phase.CURATION, "curation_at"),
    (Phase.VOTING, "voting_open_at"),
    (Phase.COUNTING, "voting_close_at"),
    (Phase.PUBLISHED, "results_at"),
)
PHASE_ORDER = [Phase.UPCOMING] + [phase for phase, _attr in PHASE_STARTS]


class ProposalStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"
    MERGED = "merged"


def new_ballot_id() -> str:
    """128 random bits: no order, nothing to guess."""
    return secrets.token_hex(16)


class VotingRound(TimestampMixin, Model):
    """One focus-area round per committee and year. Its phase follows from the times alone."""

    __tablename__ = "voting_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committee.id"))
    year: Mapped[int] = mapped_column()
    max_choices: Mapped[int] = mapped_column(default=3)
    proposals_open_at: Mapped[datetime] = mapped_column(UTCDateTime)
    curation_at: Mapped[datetime] = mapped_column(UTCDateTime)
    voting_open_at: Mapped[datetime] = mapped_column(UTCDateTime)
    voting_close_at: Mapped[datetime] = mapped_column(UTCDateTime)
    results_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Announcements go out once per phase (`flask portal voting-announce`).
    proposals_announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voting_announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the ballot box was rewritten after the close (see round_seal).
    sealed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Eligible students at the close, total and per home campus ({"<campus id>" | "": n}).
    eligible_count: Mapped[int | None] = mapped_column()
    eligible_by_campus: Mapped[dict | None] = mapped_column(sa.JSON)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))

    committee = relationship("Committee", lazy="joined", innerjoin=True)

    __table_args__ = (
        sa.UniqueConstraint("committee_id", "year"),
        sa.CheckConstraint(
            "proposals_open_at <= curation_at AND curation_at <= voting_open_at"
            " AND voting_open_at <= voting_close_at AND voting_close_at <= results_at",
            name="phases_in_order",
        ),
        sa.CheckConstraint(f"max_choices BETWEEN 1 AND {MAX_CHOICES_LIMIT}", name="max_choices_range"),
    )

    def phase_at(self, now: datetime) -> Phase:
        current = Phase.UPCOMING
        for phase, attribute in PHASE_STARTS:
            if getattr(self, attribute) <= now:
                current = phase
        return current

    @property
    def phase(self) -> Phase:
        from portal.db import utcnow

        return self.phase_at(utcnow())

    def starts(self, phase: Phase) -> datetime | None:
        return next((getattr(self, attr) for p, attr in PHASE_STARTS if p == phase), None)

    def __repr__(self) -> str:
        return f"<VotingRound {self.committee_id}/{self.year}>"


class FocusProposal(TimestampMixin, Model):
    """A focus area a student proposed, as written, and the wording curators give it in nb, nn and en."""

    __tablename__ = "focus_proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("voting_round.id", ondelete="CASCADE"))
    # Kept so the proposer can follow it (and read a decline reason); never shown to others.
    proposer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    reason: Mapped[str] = mapped_column(sa.Text)
    language: Mapped[str] = mapped_column(sa.String(2))
    status: Mapped[str] = mapped_column(sa.String(10), default=ProposalStatus.PENDING)
    title_nb: Mapped[str | None] = mapped_column(sa.String(TITLE_MAX))
    title_nn: Mapped[str | None] = mapped_column(sa.String(TITLE_MAX))
    title_en: Mapped[str | None] = mapped_column(sa.String(TITLE_MAX))
    description_nb: Mapped[str | None] = mapped_column(sa.String(DESCRIPTION_MAX))
    description_nn: Mapped[str | None] = mapped_column(sa.String(DESCRIPTION_MAX))
    description_en: Mapped[str | None] = mapped_column(sa.String(DESCRIPTION_MAX))
    decline_reason: Mapped[str | None] = mapped_column(sa.Text)
    merged_into_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("focus_proposal.id", ondelete="SET NULL")
    )
    adopted: Mapped[bool] = mapped_column(default=False)

    round: Mapped[VotingRound] = relationship(lazy="joined", innerjoin=True)
    merged_into = relationship("FocusProposal", remote_side=[id], lazy="select")

    __table_args__ = (
        sa.Index("ix_focus_proposal_round_status", "round_id", "status"),
        sa.CheckConstraint("status IN ('pending', 'approved', 'declined', 'merged')", name="status_known"),
        sa.CheckConstraint("adopted = false OR status = 'approved'", name="adopted_is_approved"),
    )

    def _localised(self, stem: str, language: str) -> str | None:
        return getattr(self, f"{stem}_{language}", None) or None

    def display(self, language: str | None = None) -> tuple[str, str]:
        """(title, language of that title): the curated wording in this language, else the original."""
        from portal.i18n import current_language

        language = language or current_language()
        title = self._localised("title", language)
        if title:
            return title, language
        for other in ("nb", "nn", "en"):
            title = self._localised("title", other)
            if title:
                return title, other
        return self.title, self.language

    @property
    def display_title(self) -> str:
        return self.display()[0]

    @property
    def display_language(self) -> str:
        return self.display()[1]

    def display_description(self, language: str | None = None) -> tuple[str, str] | None:
        from portal.i18n import current_language

        language = language or current_language()
        text = self._localised("description", language)
        if text:
            return text, language
        for other in ("nb", "nn", "en"):
            text = self._localised("description", other)
            if text:
                return text, other
        return None

    def __repr__(self) -> str:
        return f"<FocusProposal {self.id} {self.status}>"


class VoterRoll(Model):
    """Who has voted in a round, and on which day. The primary key is the one-ballot rule:
    a second ballot from the same student fails here, inside the transaction that casts it."""

    __tablename__ = "voter_roll"

    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("voting_round.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    voted_on: Mapped[date] = mapped_column(sa.Date)

    __table_args__ = ({"sqlite_with_rowid": False},)


class Ballot(Model):
    """One cast ballot: a random id, its round and the voter's campus. Nothing else, on purpose."""

    __tablename__ = "ballot"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=new_ballot_id)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("voting_round.id", ondelete="CASCADE"), index=True)
    campus_id: Mapped[int | None] = mapped_column(sa.ForeignKey("campus.id", ondelete="SET NULL"))

    __table_args__ = ({"sqlite_with_rowid": False},)


class BallotChoice(Model):
    """One approved proposal a ballot supports. A blank ballot has none."""

    __tablename__ = "ballot_choice"

    ballot_id: Mapped[str] = mapped_column(
        sa.String(32), sa.ForeignKey("ballot.id", ondelete="CASCADE"), primary_key=True
    )
    proposal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("focus_proposal.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    __table_args__ = ({"sqlite_with_rowid": False},)
