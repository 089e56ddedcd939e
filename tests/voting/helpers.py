"""Helpers for focus-area tests: rounds in a chosen phase, proposals on the ballot, ballots cast."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from portal.db import utcnow
from portal.extensions import db
from portal.voting.models import (
    PHASE_ORDER,
    PHASE_STARTS,
    Ballot,
    BallotChoice,
    FocusProposal,
    Phase,
    ProposalStatus,
    VoterRoll,
    VotingRound,
)
from portal.voting.service import ballot_cast

YEAR = 2031


def phase_times(phase: Phase, now=None) -> dict:
    """Phase start times such that `phase` is the current one, with a day between starts."""
    now = now or utcnow()
    target = PHASE_ORDER.index(phase)
    return {
        attribute: now + timedelta(days=(index + 1 - target)) - timedelta(hours=12)
        for index, (_phase, attribute) in enumerate(PHASE_STARTS)
    }


def make_round(
    org, phase: Phase = Phase.VOTING, *, committee=None, year: int = YEAR, max_choices: int = 3, **values
):
    voting_round = VotingRound(
        committee_id=(committee or org.lmu).id,
        year=year,
        max_choices=max_choices,
        **phase_times(phase),
        **values,
    )
    db.session.add(voting_round)
    db.session.flush()
    return voting_round


def set_phase(voting_round: VotingRound, phase: Phase) -> None:
    for attribute, value in phase_times(phase).items():
        setattr(voting_round, attribute, value)
    db.session.flush()


def make_proposal(
    voting_round,
    *,
    proposer=None,
    title="Stille lesesaler",
    status=ProposalStatus.APPROVED,
    language="nb",
    **values,
):
    wording = {}
    if status == ProposalStatus.APPROVED:
        wording = {"title_nb": title, "title_nn": f"{title} (nn)", "title_en": f"{title} (en)"}
    proposal = FocusProposal(
        round_id=voting_round.id,
        proposer_id=proposer.id if proposer else None,
        title=title,
        reason="Fordi det betyr mye for studentene.",
        language=language,
        status=status,
        **{**wording, **values},
    )
    db.session.add(proposal)
    db.session.flush()
    return proposal


def cast(voting_round, voter, proposals=(), *, blank=None):
    """Cast a ballot through the service, during the voting phase."""
    ids = [p.id for p in proposals]
    ballot_cast(
        voting_round=voting_round, voter=voter, proposal_ids=ids, blank=not ids if blank is None else blank
    )
    db.session.flush()


def count(model, **where) -> int:
    select = sa.select(sa.func.count()).select_from(model)
    for name, value in where.items():
        select = select.where(getattr(model, name) == value)
    return db.session.scalar(select)


def roll_count(voting_round) -> int:
    return count(VoterRoll, round_id=voting_round.id)


def ballot_count(voting_round) -> int:
    return count(Ballot, round_id=voting_round.id)


def choice_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(BallotChoice))


def flashes(html: str) -> str:
    match = re.search(r'<div class="flashes".*?</div>', html, re.S)
    return match.group(0) if match else ""
