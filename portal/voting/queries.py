"""Reads for focus-area rounds. Results are only ever aggregates: no query here returns ballot rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import abort

from portal.accounts.queries import student_counts_by_campus
from portal.campuses.models import Campus
from portal.db import utcnow
from portal.extensions import db
from portal.i18n import OSLO
from portal.voting.models import (
    Ballot,
    BallotChoice,
    FocusProposal,
    Phase,
    ProposalStatus,
    VoterRoll,
    VotingRound,
)

# A campus with this many voters or fewer is not shown on its own (DESIGN.md §3.4).
SMALL_GROUP = 5
# How long after publication a round's results stay linked from the home page.
HOME_RESULTS_DAYS = 400


def round_or_404(round_id: int) -> VotingRound:
    voting_round = db.session.get(VotingRound, round_id)
    if voting_round is None:
        abort(404)
    return voting_round


def proposal_or_404(voting_round: VotingRound, proposal_id: int) -> FocusProposal:
    proposal = db.session.get(FocusProposal, proposal_id)
    if proposal is None or proposal.round_id != voting_round.id:
        abort(404)
    return proposal


def rounds_list(limit: int = 60) -> Sequence[VotingRound]:
    return db.session.scalars(
        sa.select(VotingRound).order_by(VotingRound.year.desc(), VotingRound.id.desc()).limit(limit)
    ).all()


def proposals_of(voting_round: VotingRound, status: str | None = None) -> Sequence[FocusProposal]:
    select = sa.select(FocusProposal).where(FocusProposal.round_id == voting_round.id)
    if status:
        select = select.where(FocusProposal.status == status)
    return db.session.scalars(select.order_by(FocusProposal.id)).all()


def approved_proposals(voting_round: VotingRound) -> Sequence[FocusProposal]:
    return proposals_of(voting_round, ProposalStatus.APPROVED)


def status_counts(voting_round: VotingRound) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(FocusProposal.status, sa.func.count())
        .where(FocusProposal.round_id == voting_round.id)
        .group_by(FocusProposal.status)
    ).all()
    counts = {status.value: 0 for status in ProposalStatus}
    counts.update({status: count for status, count in rows})
    return counts


def my_proposals(voting_round: VotingRound, user) -> Sequence[FocusProposal]:
    if not user.is_authenticated:
        return []
    return db.session.scalars(
        sa.select(FocusProposal)
        .where(FocusProposal.round_id == voting_round.id, FocusProposal.proposer_id == user.id)
        .order_by(FocusProposal.id)
    ).all()


def voted_on(voting_round: VotingRound, user) -> date | None:
    """The day this person voted in the round, or None. Never what they chose."""
    if not user.is_authenticated:
        return None
    return db.session.scalar(
        sa.select(VoterRoll.voted_on).where(
            VoterRoll.round_id == voting_round.id, VoterRoll.user_id == user.id
        )
    )


def adopted_focus_areas(committee, year: int) -> Sequence[FocusProposal]:
    """The focus areas a committee adopted for a year, for the home page and for tagging issues.

    `committee` is a Committee or its id. Each item's `display_title` is in the current language.
    """
    committee_id = committee if isinstance(committee, int) else committee.id
    return db.session.scalars(
        sa.select(FocusProposal)
        .join(VotingRound, VotingRound.id == FocusProposal.round_id)
        .where(
            VotingRound.committee_id == committee_id,
            VotingRound.year == year,
            FocusProposal.adopted.is_(True),
        )
        .order_by(FocusProposal.id)
    ).all()


# Results ------------------------------------------------------------------------------------


@dataclass
class ProposalResult:
    proposal: FocusProposal
    approvals: int
    share: float | None  # of all voters, blank ballots included


@dataclass
class CampusGroup:
    """One column of the per-campus breakdown: a campus, or "other" (campus None)."""

    campus: Campus | None
    campus_ids: list[int | None]
    voters: int
    eligible: int
    approvals: dict[int, int] = field(default_factory=dict)

    @property
    def turnout(self) -> float | None:
        return self.voters / self.eligible if self.eligible else None

    @property
    def key(self) -> str:
        return self.campus.code if self.campus is not None else "other"


@dataclass
class Results:
    round: VotingRound
    voters: int
    blank: int
    eligible: int
    proposals: list[ProposalResult]
    groups: list[CampusGroup]

    @property
    def turnout(self) -> float | None:
        return self.voters / self.eligible if self.eligible else None

    @property
    def other_folded(self) -> bool:
        return any(group.campus is None for group in self.groups)


def fold_small_campuses(voters_by_campus: dict[int | None, int]) -> tuple[list[int], list[int | None]]:
    """Split campuses into those shown on their own and those counted together as "other".

    A campus with SMALL_GROUP voters or fewer goes to "other", and so do ballots
    with no campus. If "other" itself ends up with 1 to SMALL_GROUP voters, the
    total minus the shown campuses would give a small group away, so the smallest
    shown campus joins it too, until "other" is empty or big enough (the same
    complementary rule as for survey results, DESIGN.md §3.5).
    Returns (shown campus ids, folded campus ids).
    """
    shown = {cid: n for cid, n in voters_by_campus.items() if cid is not None and n > SMALL_GROUP}
    folded = [cid for cid in voters_by_campus if cid not in shown]
    other = sum(voters_by_campus[cid] for cid in folded)
    while 0 < other <= SMALL_GROUP and shown:
        smallest = min(shown, key=lambda cid: (shown[cid], cid))
        other += shown.pop(smallest)
        folded.append(smallest)
    return sorted(shown), folded


def round_results(voting_round: VotingRound) -> Results:
    """Aggregate the ballot box: a fixed number of queries whatever the number of ballots.

    Callers must check permissions.results_visible first; this function does not.
    """
    round_id = voting_round.id
    proposals = approved_proposals(voting_round)
    voters_by_campus = dict(
        db.session.execute(
            sa.select(Ballot.campus_id, sa.func.count())
            .where(Ballot.round_id == round_id)
            .group_by(Ballot.campus_id)
        ).all()
    )
    blank = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Ballot)
        .where(
            Ballot.round_id == round_id,
            ~sa.exists().where(BallotChoice.ballot_id == Ballot.id),
        )
    )
    approvals_by = db.session.execute(
        sa.select(Ballot.campus_id, BallotChoice.proposal_id, sa.func.count())
        .join(Ballot, Ballot.id == BallotChoice.ballot_id)
        .where(Ballot.round_id == round_id)
        .group_by(Ballot.campus_id, BallotChoice.proposal_id)
    ).all()
    voters = sum(voters_by_campus.values())
    approvals: dict[int, int] = {}
    for _campus, proposal_id, count in approvals_by:
        approvals[proposal_id] = approvals.get(proposal_id, 0) + count

    if voting_round.eligible_by_campus is not None:
        eligible_total = voting_round.eligible_count or 0
        eligible_by = {(int(k) if k else None): v for k, v in voting_round.eligible_by_campus.items()}
    else:
        eligible_total, raw = student_counts_by_campus()
        eligible_by = {(int(k) if k else None): v for k, v in raw.items()}

    shown, folded = fold_small_campuses(voters_by_campus)
    campuses = (
        {c.id: c for c in db.session.scalars(sa.select(Campus).where(Campus.id.in_(shown)))} if shown else {}
    )
    groups: list[CampusGroup] = []
    for cid in sorted(shown, key=lambda cid: campuses[cid].code):
        groups.append(
            CampusGroup(
                campus=campuses[cid],
                campus_ids=[cid],
                voters=voters_by_campus[cid],
                eligible=eligible_by.get(cid, 0),
            )
        )
    other_voters = sum(voters_by_campus.get(cid, 0) for cid in folded)
    if other_voters:
        groups.append(
            CampusGroup(
                campus=None,
                campus_ids=folded,
                voters=other_voters,
                # Everyone eligible who is not in a campus shown on its own.
                eligible=max(eligible_total - sum(group.eligible for group in groups), 0),
            )
        )
    group_of = {cid: group for group in groups for cid in group.campus_ids}
    for campus_id, proposal_id, count in approvals_by:
        group = group_of.get(campus_id)
        if group is not None:
            group.approvals[proposal_id] = group.approvals.get(proposal_id, 0) + count

    results = [
        ProposalResult(
            proposal=p,
            approvals=approvals.get(p.id, 0),
            share=(approvals.get(p.id, 0) / voters) if voters else None,
        )
        for p in proposals
    ]
    results.sort(key=lambda r: (-r.approvals, r.proposal.display_title.casefold()))
    return Results(
        round=voting_round,
        voters=voters,
        blank=blank or 0,
        eligible=eligible_total,
        proposals=results,
        groups=groups,
    )


# Home page ----------------------------------------------------------------------------------


def home_summary(now: datetime | None = None) -> dict:
    """What the home page shows about focus areas, in two queries."""
    now = now or utcnow()
    rounds = db.session.scalars(
        sa.select(VotingRound)
        .where(
            VotingRound.proposals_open_at <= now,
            VotingRound.results_at >= now - timedelta(days=HOME_RESULTS_DAYS),
        )
        .order_by(VotingRound.year.desc(), VotingRound.id)
    ).all()
    phases = {r.id: r.phase_at(now) for r in rounds}
    year = now.astimezone(OSLO).year
    adopted = db.session.scalars(
        sa.select(FocusProposal)
        .join(VotingRound, VotingRound.id == FocusProposal.round_id)
        .where(VotingRound.year == year, FocusProposal.adopted.is_(True))
        .order_by(VotingRound.committee_id, FocusProposal.id)
    ).all()
    by_committee: dict[int, tuple] = {}
    for proposal in adopted:
        by_committee.setdefault(proposal.round.committee_id, (proposal.round, []))[1].append(proposal)
    return {
        "year": year,
        "proposing": [r for r in rounds if phases[r.id] == Phase.PROPOSALS],
        "voting": [r for r in rounds if phases[r.id] == Phase.VOTING],
        "published": [r for r in rounds if phases[r.id] == Phase.PUBLISHED],
        "adopted": list(by_committee.values()),
    }
