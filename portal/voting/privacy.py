"""The personal data the focus-area vote holds: proposals a student made, and the voter roll
(that they voted in a round, and on which day — never what they chose: ballots have no owner)."""

from __future__ import annotations

import sqlalchemy as sa

from portal.accounts.privacy import register_personal_data
from portal.extensions import db
from portal.voting.models import FocusProposal, VoterRoll, VotingRound


def export(user) -> dict:
    proposals = db.session.scalars(
        sa.select(FocusProposal).where(FocusProposal.proposer_id == user.id).order_by(FocusProposal.id)
    ).all()
    votes = db.session.execute(
        sa.select(VotingRound, VoterRoll.voted_on)
        .join(VoterRoll, VoterRoll.round_id == VotingRound.id)
        .where(VoterRoll.user_id == user.id)
        .order_by(VotingRound.year)
    ).all()
    return {
        "proposals": [
            {
                "round": f"{p.round.committee.code} {p.round.year}",
                "title": p.title,
                "reason": p.reason,
                "language": p.language,
                "status": p.status,
                "decline_reason": p.decline_reason,
                "created_at": p.created_at.isoformat(),
            }
            for p in proposals
        ],
        "voted_in": [
            {"round": f"{voting_round.committee.code} {voting_round.year}", "on": voted_on.isoformat()}
            for voting_round, voted_on in votes
        ],
    }


def erase(user) -> None:
    """Proposals stay, without their proposer (like issues); the roll forgets the person.

    Results do not read the roll (they count the ballots), so no count changes."""
    db.session.execute(
        sa.update(FocusProposal).where(FocusProposal.proposer_id == user.id).values(proposer_id=None)
    )
    db.session.execute(sa.delete(VoterRoll).where(VoterRoll.user_id == user.id))


register_personal_data("focus_area_vote", export=export, erase=erase)
