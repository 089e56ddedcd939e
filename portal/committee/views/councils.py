"""For campus councils and members: where to propose items for the committee's meetings, read
the published notices and answer the committee's consultations."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from portal.committee import bp
from portal.committee.loaders import contributing_committee_or_404
from portal.committee.permissions import can_read
from portal.committee.proposals import proposal_sources
from portal.committee.queries import (
    active_campus_list,
    consultations_for_campuses,
    meetings_open_for_proposals,
    proposals_by,
    published_notices,
)
from portal.db import utcnow


@bp.get("/<code>/contribute")
def contribute(code: str):
    committee = contributing_committee_or_404(code)
    campuses = active_campus_list()
    return render_template(
        "committee/contribute.html",
        committee=committee,
        reader=can_read(current_user, committee),
        can_propose=bool(proposal_sources(current_user, committee, campuses)),
        open_meetings=meetings_open_for_proposals(committee),
        notices=published_notices(committee),
        consultations=consultations_for_campuses(committee, current_user.led_campus_ids),
        proposals=proposals_by(current_user, committee),
        now=utcnow(),
    )
