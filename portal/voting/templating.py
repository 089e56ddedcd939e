"""Template helpers for focus-area rounds: phase and status labels, the home page summary."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.voting import bp
from portal.voting.models import Phase, ProposalStatus

PHASE_LABELS = {
    Phase.UPCOMING: _l("Not started"),
    Phase.PROPOSALS: _l("Proposals open"),
    Phase.CURATION: _l("Proposals are being reviewed"),
    Phase.VOTING: _l("Voting open"),
    Phase.COUNTING: _l("Voting closed"),
    Phase.PUBLISHED: _l("Results published"),
}

# What the secretary's button does: start this phase now.
START_LABELS = {
    Phase.PROPOSALS: _l("Open for proposals now"),
    Phase.CURATION: _l("Close proposals now"),
    Phase.VOTING: _l("Open voting now"),
    Phase.COUNTING: _l("Close voting now"),
    Phase.PUBLISHED: _l("Publish the results now"),
}

STATUS_LABELS = {
    ProposalStatus.PENDING: _l("Waiting for review"),
    ProposalStatus.APPROVED: _l("On the ballot"),
    ProposalStatus.DECLINED: _l("Declined"),
    ProposalStatus.MERGED: _l("Merged"),
}


@bp.app_template_global()
def phase_label(phase) -> str:
    return str(PHASE_LABELS.get(phase, phase))


@bp.app_template_global()
def phase_start_label(phase) -> str:
    return str(START_LABELS.get(phase, phase))


@bp.app_template_global()
def proposal_status_label(status) -> str:
    return str(STATUS_LABELS.get(status, status))


@bp.app_template_global()
def voting_home() -> dict:
    """For voting/_home.html, which the home page includes: two queries, only where it is used."""
    from portal.voting.queries import home_summary

    return home_summary()
