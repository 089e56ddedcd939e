"""Proposals: students propose focus areas; campus leaders and the secretary curate them
(wording in nb, nn and en, approve, decline with a reason, merge)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.authz import ensure
from portal.db import utcnow
from portal.errors import refusal_status as _refusal
from portal.errors import refused
from portal.extensions import configured_limit, db, limiter
from portal.forms import options
from portal.i18n import current_language
from portal.voting import bp
from portal.voting.forms import CurateForm, DeclineForm, MergeForm, ProposalForm
from portal.voting.loaders import curatable_proposal_or_404, curatable_round_or_404
from portal.voting.models import FocusProposal, Phase, ProposalStatus, VotingRound
from portal.voting.notifications import proposal_decided
from portal.voting.permissions import curation_open, is_student
from portal.voting.queries import proposal_or_404, proposals_of, round_or_404, status_counts
from portal.voting.service import (
    VotingError,
    proposal_curate,
    proposal_decline,
    proposal_merge,
    proposal_submit,
)


def _to_round(voting_round: VotingRound):
    return redirect(url_for("voting.round_detail", round_id=voting_round.id))


def _to_proposal(voting_round: VotingRound, proposal: FocusProposal):
    return redirect(url_for("voting.curate_proposal", round_id=voting_round.id, proposal_id=proposal.id))


@bp.route("/<int:round_id>/propose", methods=["GET", "POST"])
@limiter.limit(configured_limit("RATELIMIT_SUBMIT"), methods=["POST"])
def propose(round_id: int):
    voting_round = round_or_404(round_id)
    ensure(is_student(current_user))
    if voting_round.phase_at(utcnow()) != Phase.PROPOSALS:
        refused(VotingError("not-proposal-phase"))
        return _to_round(voting_round)
    form = ProposalForm()
    status = 200
    if request.method == "GET":
        form.language.data = current_language()
    if form.validate_on_submit():
        try:
            proposal_submit(
                voting_round=voting_round,
                author=current_user,
                title=form.title.data,
                reason=form.reason.data,
                language=form.language.data,
            )
            db.session.commit()
        except VotingError as error:
            status = refused(error, form)
            if error.field not in form:
                return _to_round(voting_round)
        else:
            flash(
                _("Thank you! Your proposal is sent. The campus councils and the secretary will look at it."),
                "success",
            )
            return _to_round(voting_round)
    return render_template("voting/propose.html", form=form, round=round_or_404(round_id)), _refusal(
        form, status
    )


@bp.get("/<int:round_id>/curate")
def curate(round_id: int):
    voting_round = curatable_round_or_404(round_id)
    status = request.args.get("status", "")
    if status not in {s.value for s in ProposalStatus}:
        status = ""
    return render_template(
        "voting/curate_list.html",
        round=voting_round,
        phase=voting_round.phase_at(utcnow()),
        status=status,
        counts=status_counts(voting_round),
        proposals=proposals_of(voting_round, status or None),
    )


def _merge_choices(voting_round: VotingRound, proposal: FocusProposal):
    return options(
        (p.id, p.display_title)
        for p in proposals_of(voting_round)
        if p.id != proposal.id and p.status in (ProposalStatus.PENDING, ProposalStatus.APPROVED)
    )


def _proposal_page(round_id: int, proposal_id: int, *, wording=None, decline=None, merge=None, status=200):
    # Loaded again: after a refusal the transaction was rolled back.
    voting_round, proposal = curatable_proposal_or_404(round_id, proposal_id)
    phase = voting_round.phase_at(utcnow())
    if wording is None:
        wording = CurateForm(prefix="wording", obj=proposal, formdata=None)
    if decline is None:
        decline = DeclineForm(prefix="decline", formdata=None)
        decline.reason.data = proposal.decline_reason
    if merge is None:
        merge = MergeForm(prefix="merge", formdata=None)
    merge.into.choices = _merge_choices(voting_round, proposal)
    return (
        render_template(
            "voting/curate_proposal.html",
            round=voting_round,
            proposal=proposal,
            phase=phase,
            editable=curation_open(phase) and proposal.status != ProposalStatus.MERGED,
            wording=wording,
            decline=decline,
            merge=merge,
        ),
        status,
    )


def _curation_refusal(voting_round: VotingRound, proposal: FocusProposal) -> VotingError | None:
    """Why this proposal cannot be curated now, or None."""
    if not curation_open(voting_round.phase_at(utcnow())):
        return VotingError("curation-closed")
    if proposal.status == ProposalStatus.MERGED:
        return VotingError("merged")
    return None


@bp.route("/<int:round_id>/proposals/<int:proposal_id>", methods=["GET", "POST"])
def curate_proposal(round_id: int, proposal_id: int):
    voting_round, proposal = curatable_proposal_or_404(round_id, proposal_id)
    if request.method == "GET":
        return _proposal_page(round_id, proposal_id)
    blocked = _curation_refusal(voting_round, proposal)
    if blocked is not None:
        refused(blocked)
        return _to_proposal(voting_round, proposal)
    form = CurateForm(prefix="wording")
    if not form.validate_on_submit():
        return _proposal_page(round_id, proposal_id, wording=form)
    try:
        changed = proposal_curate(
            proposal=proposal,
            actor=current_user,
            wording=form.wording(),
            approve=request.form.get("action") == "approve",
        )
        if changed:
            proposal_decided(proposal)
        db.session.commit()
    except VotingError as error:
        error.field = error.field or "title_nb"
        return _proposal_page(round_id, proposal_id, wording=form, status=refused(error, form))
    flash(_("The proposal is approved and will be on the ballot.") if changed else _("Saved."), "success")
    return _to_proposal(voting_round, proposal)


@bp.post("/<int:round_id>/proposals/<int:proposal_id>/decline")
def decline_proposal(round_id: int, proposal_id: int):
    voting_round, proposal = curatable_proposal_or_404(round_id, proposal_id)
    blocked = _curation_refusal(voting_round, proposal)
    if blocked is not None:
        refused(blocked)
        return _to_proposal(voting_round, proposal)
    form = DeclineForm(prefix="decline")
    if not form.validate_on_submit():
        return _proposal_page(round_id, proposal_id, decline=form)
    was = proposal.status
    try:
        proposal_decline(proposal=proposal, actor=current_user, reason=form.reason.data)
        if was != ProposalStatus.DECLINED:
            proposal_decided(proposal)
        db.session.commit()
    except VotingError as error:
        error.field = "reason"
        return _proposal_page(round_id, proposal_id, decline=form, status=refused(error, form))
    flash(_("The proposal is declined. The student who proposed it can read your reason."), "success")
    return redirect(url_for("voting.curate", round_id=voting_round.id))


@bp.post("/<int:round_id>/proposals/<int:proposal_id>/merge")
def merge_proposal(round_id: int, proposal_id: int):
    voting_round, proposal = curatable_proposal_or_404(round_id, proposal_id)
    blocked = _curation_refusal(voting_round, proposal)
    if blocked is not None:
        refused(blocked)
        return _to_proposal(voting_round, proposal)
    form = MergeForm(prefix="merge")
    form.into.choices = _merge_choices(voting_round, proposal)
    if not form.into.choices:
        refused(VotingError("merge-target"))
        return _to_proposal(voting_round, proposal)
    if not form.validate_on_submit():
        return _proposal_page(round_id, proposal_id, merge=form)
    into = proposal_or_404(voting_round, form.into.data)
    try:
        proposal_merge(proposal=proposal, into=into, actor=current_user)
        proposal_decided(proposal)
        db.session.commit()
    except VotingError as error:
        error.field = "into"
        return _proposal_page(round_id, proposal_id, merge=form, status=refused(error, form))
    flash(_("The proposals are merged."), "success")
    return _to_proposal(voting_round, into)
