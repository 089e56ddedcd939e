"""Who may do what in a focus-area round: small predicates, checked in views with ensure()."""

from __future__ import annotations

from portal.authz import Role, signed_in
from portal.voting.models import Phase


def is_student(user) -> bool:
    """Eligible to propose and vote: every active student account."""
    return signed_in(user) and user.has_role(Role.STUDENT)


def is_secretary(user, committee) -> bool:
    return signed_in(user) and user.has_role(Role.SECRETARY, committee=committee)


def can_create_rounds(user) -> bool:
    return signed_in(user) and user.has_role(Role.SECRETARY)


def can_manage(user, voting_round) -> bool:
    """Edit the round, move its phases, mark adopted focus areas: the committee's secretaries only."""
    return is_secretary(user, voting_round.committee_id)


def can_curate(user, voting_round) -> bool:
    """Merge, reword, approve and decline: the committee's secretaries and every campus leader."""
    return signed_in(user) and (
        is_secretary(user, voting_round.committee_id) or user.has_role(Role.CAMPUS_LEADER)
    )


def curation_open(phase: Phase) -> bool:
    """The ballot is settled when voting opens; after that no proposal changes."""
    return phase in (Phase.PROPOSALS, Phase.CURATION)


def results_visible(user, voting_round, phase: Phase) -> bool:
    """Nobody sees a count before voting closes, administrators and secretaries included.

    Between the close and the publication time only the committee's secretaries see
    the results (to prepare which focus areas the committee adopts); after it, everyone.
    """
    if phase == Phase.PUBLISHED:
        return True
    if phase == Phase.COUNTING:
        return can_manage(user, voting_round)
    return False
