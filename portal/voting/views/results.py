"""Results: hidden from everyone until the round closes, then public; adopting focus areas."""

from __future__ import annotations

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.charts import bar_chart
from portal.core.http_cache import shared_page
from portal.db import utcnow
from portal.errors import refusal_status as _refusal
from portal.errors import refused
from portal.extensions import db
from portal.forms import options
from portal.voting import bp, public_bp
from portal.voting.exports import results_csv as render_results_csv
from portal.voting.exports import results_filename
from portal.voting.exports import results_json as render_results_json
from portal.voting.forms import AdoptForm
from portal.voting.loaders import managed_round_or_404
from portal.voting.permissions import can_manage, results_visible
from portal.voting.queries import round_or_404, round_results
from portal.voting.service import VotingError, proposals_adopt


def _chart(results):
    return bar_chart(
        [
            (
                r.proposal.display_title,
                r.approvals,
                f"{format_decimal(r.approvals)} ({format_percent(r.share or 0)})",
            )
            for r in results.proposals
        ],
        value_space=90,  # "12 (34 %)" needs more room than a count
    )


@bp.route("/<int:round_id>/adopt", methods=["GET", "POST"])
def adopt(round_id: int):
    voting_round = managed_round_or_404(round_id)
    phase = voting_round.phase_at(utcnow())
    if not results_visible(current_user, voting_round, phase):
        refused(VotingError("not-closed"))
        return redirect(url_for("voting.round_detail", round_id=round_id))
    results = round_results(voting_round)
    form = AdoptForm()
    form.adopted.choices = options((r.proposal.id, r.proposal.display_title) for r in results.proposals)
    status = 200
    if request.method == "GET":
        form.adopted.data = [r.proposal.id for r in results.proposals if r.proposal.adopted]
    if form.validate_on_submit():
        try:
            proposals_adopt(
                voting_round=voting_round, actor=current_user, proposal_ids=form.adopted.data or []
            )
            db.session.commit()
        except VotingError as error:
            error.field = "adopted"
            status = refused(error, form)
            voting_round, results = round_or_404(round_id), round_results(round_or_404(round_id))
        else:
            flash(_("The adopted focus areas are saved."), "success")
            return redirect(url_for("voting.round_detail", round_id=round_id))
    return render_template(
        "voting/adopt.html", round=voting_round, results=results, chart=_chart(results), form=form
    ), _refusal(form, status)


def _visible_results(round_id: int):
    voting_round = round_or_404(round_id)
    phase = voting_round.phase_at(utcnow())
    return voting_round, phase, results_visible(current_user, voting_round, phase)


@public_bp.get("/<int:round_id>/results")
@shared_page
def results(round_id: int):
    voting_round, phase, visible = _visible_results(round_id)
    if not visible:
        return render_template("voting/results_hidden.html", round=voting_round, phase=phase)
    data = round_results(voting_round)
    return render_template(
        "voting/results.html",
        round=voting_round,
        phase=phase,
        results=data,
        chart=_chart(data),
        manager=can_manage(current_user, voting_round),
    )


@public_bp.get("/<int:round_id>/results.csv")
@shared_page
def results_csv(round_id: int):
    voting_round, _phase, visible = _visible_results(round_id)
    if not visible:
        abort(404)
    return Response(
        render_results_csv(round_results(voting_round)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{results_filename(voting_round)}"'},
    )


@public_bp.get("/<int:round_id>/results.json")
@shared_page
def results_json(round_id: int):
    voting_round, phase, visible = _visible_results(round_id)
    if not visible:
        return jsonify({"error": "not-published"}), 404
    return jsonify(render_results_json(voting_round, phase, round_results(voting_round)))
