"""Loaders for the focus-area pages: load by the URL's ids and check access in one call."""

from __future__ import annotations

from flask_login import current_user

from portal.authz import ensure
from portal.voting.models import FocusProposal, VotingRound
from portal.voting.permissions import can_curate, can_manage
from portal.voting.queries import proposal_or_404, round_or_404


def managed_round_or_404(round_id: int) -> VotingRound:
    """A round the signed-in secretary runs (404 unknown, 403 another committee's)."""
    voting_round = round_or_404(round_id)
    ensure(can_manage(current_user, voting_round))
    return voting_round


def curatable_round_or_404(round_id: int) -> VotingRound:
    voting_round = round_or_404(round_id)
    ensure(can_curate(current_user, voting_round))
    return voting_round


def curatable_proposal_or_404(round_id: int, proposal_id: int) -> tuple[VotingRound, FocusProposal]:
    """A proposal of a round the signed-in person may curate (404 if not of that round)."""
    voting_round = curatable_round_or_404(round_id)
    return voting_round, proposal_or_404(voting_round, proposal_id)
