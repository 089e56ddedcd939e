"""The secret ballot: a student votes once; nothing records what they chose next to who they are."""

from __future__ import annotations

import random
from collections.abc import Sequence

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from portal.authz import ensure
from portal.db import utcnow
from portal.errors import refusal_status as _refusal
from portal.errors import refused
from portal.extensions import configured_limit, db, limiter
from portal.forms import options
from portal.voting import bp
from portal.voting.forms import BallotForm
from portal.voting.models import FocusProposal, Phase, VotingRound
from portal.voting.permissions import is_student
from portal.voting.queries import approved_proposals, round_or_404, voted_on
from portal.voting.service import VotingError, ballot_cast


def _ballot_order(voting_round: VotingRound, proposals: Sequence[FocusProposal]) -> list[FocusProposal]:
    """Each student sees the ballot in their own order (the same on every visit): no proposal
    gains from being first. Not a secret: it only spreads position effects."""
    ordered = sorted(proposals, key=lambda p: p.id)
    random.Random(f"{voting_round.id}:{current_user.id}").shuffle(ordered)
    return ordered


@bp.route("/<int:round_id>/vote", methods=["GET", "POST"])
@limiter.limit(configured_limit("RATELIMIT_VOTE"), methods=["POST"])
def vote(round_id: int):
    voting_round = round_or_404(round_id)
    ensure(is_student(current_user))
    back = redirect(url_for("voting.round_detail", round_id=round_id))
    if voting_round.phase_at(utcnow()) != Phase.VOTING:
        refused(VotingError("not-open"))
        return back
    if voted_on(voting_round, current_user) is not None:
        refused(VotingError("already-voted"))
        return back
    proposals = _ballot_order(voting_round, approved_proposals(voting_round))
    form = BallotForm()
    form.choices.choices = options((p.id, p.display_title) for p in proposals)
    status = 200
    if form.validate_on_submit():
        try:
            ballot_cast(
                voting_round=voting_round,
                voter=current_user,
                proposal_ids=form.choices.data or [],
                blank=request.form.get("action") == "blank",
            )
            db.session.commit()
        except VotingError as error:
            status = refused(error, form)
            if error.field != "choices":
                return back
        except IntegrityError:
            # The roll's primary key refused a second ballot that raced this one.
            refused(VotingError("already-voted"))
            return back
        else:
            flash(_("Thank you for voting! Your vote is counted, and it is secret."), "success")
            return back
    return render_template(
        "voting/vote.html", form=form, round=round_or_404(round_id), proposals=proposals
    ), _refusal(form, status)
