"""Rounds: the list and a round's page for everyone signed in; creating, editing and moving
a round on for its committee's secretary."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from portal.authz import ensure
from portal.committee.queries import active_committees_with_secretary, committee_by_id
from portal.db import utcnow
from portal.errors import refusal_status as _refusal
from portal.errors import refused
from portal.extensions import db
from portal.forms import options
from portal.i18n import OSLO
from portal.voting import bp
from portal.voting.forms import AdvanceForm, RoundForm
from portal.voting.loaders import managed_round_or_404
from portal.voting.models import PHASE_ORDER, Phase
from portal.voting.permissions import (
    can_create_rounds,
    can_curate,
    can_manage,
    is_secretary,
    is_student,
    results_visible,
)
from portal.voting.queries import (
    approved_proposals,
    my_proposals,
    round_or_404,
    rounds_list,
    status_counts,
    voted_on,
)
from portal.voting.service import VotingError, round_advance, round_create, round_update
from portal.voting.templating import phase_label

TIME_FIELDS = ("proposals_open_at", "curation_at", "voting_open_at", "voting_close_at", "results_at")


@bp.before_request
@login_required
def _signed_in_only():
    pass


@bp.get("/")
def index():
    now = utcnow()
    rounds = rounds_list()
    return render_template(
        "voting/index.html",
        rounds=rounds,
        phases={r.id: r.phase_at(now) for r in rounds},
        can_create=can_create_rounds(current_user),
    )


@bp.get("/<int:round_id>")
def round_detail(round_id: int):
    voting_round = round_or_404(round_id)
    now = utcnow()
    phase = voting_round.phase_at(now)
    curator = can_curate(current_user, voting_round)
    manager = can_manage(current_user, voting_round)
    next_phase = PHASE_ORDER[PHASE_ORDER.index(phase) + 1] if phase != Phase.PUBLISHED else None
    return render_template(
        "voting/round.html",
        round=voting_round,
        phase=phase,
        now=now,
        student=is_student(current_user),
        mine=my_proposals(voting_round, current_user),
        approved=approved_proposals(voting_round),
        voted=voted_on(voting_round, current_user),
        curator=curator,
        manager=manager,
        counts=status_counts(voting_round) if curator else None,
        results_visible=results_visible(current_user, voting_round, phase),
        next_phase=next_phase,
        advance_form=AdvanceForm(phase=str(phase)) if manager and next_phase else None,
    )


def _default_times(now: datetime) -> dict[str, datetime]:
    local = now.astimezone(OSLO)
    start = datetime.combine(local.date() + timedelta(days=1), datetime.min.time()).replace(
        hour=9, tzinfo=OSLO
    )
    offsets = dict(zip(TIME_FIELDS, (0, 14, 21, 28, 29), strict=True))
    return {attribute: start + timedelta(days=days) for attribute, days in offsets.items()}


def _refused_round(error: VotingError, form: RoundForm) -> int:
    """The times are two fields each on the form: the date carries the message."""
    if error.field in TIME_FIELDS:
        error.field = f"{error.field}_date"
    return refused(error, form)


@bp.route("/new", methods=["GET", "POST"])
def new_round():
    ensure(can_create_rounds(current_user))
    form = RoundForm()
    form.committee.choices = options((c.id, c.name) for c in active_committees_with_secretary(current_user))
    status = 200
    if request.method == "GET":
        now = utcnow()
        local = now.astimezone(OSLO)
        form.year.data = local.year + 1 if local.month >= 8 else local.year
        defaults = _default_times(now)
        for attribute, date_field, time_field in form.time_pairs():
            date_field.data = defaults[attribute].date()
            time_field.data = defaults[attribute].time()
    if form.validate_on_submit():
        committee = committee_by_id(form.committee.data)
        ensure(committee is not None and is_secretary(current_user, committee.id))
        try:
            voting_round = round_create(
                actor=current_user,
                committee=committee,
                year=form.year.data,
                max_choices=form.max_choices.data,
                times=form.times(),
            )
            db.session.commit()
        except VotingError as error:
            status = _refused_round(error, form)
        except IntegrityError:
            # Two secretaries created the same round at once.
            status = _refused_round(VotingError("exists", "year"), form)
        else:
            flash(_("The round is created."), "success")
            return redirect(url_for("voting.round_detail", round_id=voting_round.id))
    return render_template("voting/round_form.html", form=form, round=None), _refusal(form, status)


@bp.route("/<int:round_id>/edit", methods=["GET", "POST"])
def edit_round(round_id: int):
    voting_round = managed_round_or_404(round_id)
    form = RoundForm(obj=voting_round if request.method == "GET" else None)
    del form.committee
    del form.year
    status = 200
    if request.method == "GET":
        form.fill_times(voting_round)
    if form.validate_on_submit():
        try:
            round_update(
                voting_round=voting_round,
                actor=current_user,
                max_choices=form.max_choices.data,
                times=form.times(),
            )
            db.session.commit()
        except VotingError as error:
            status = _refused_round(error, form)
        else:
            flash(_("The round is saved."), "success")
            return redirect(url_for("voting.round_detail", round_id=voting_round.id))
    return render_template("voting/round_form.html", form=form, round=round_or_404(round_id)), _refusal(
        form, status
    )


@bp.post("/<int:round_id>/advance")
def advance(round_id: int):
    voting_round = managed_round_or_404(round_id)
    form = AdvanceForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        phase = round_advance(voting_round=voting_round, actor=current_user, expected=form.phase.data or "")
        db.session.commit()
    except VotingError as error:
        refused(error)
    else:
        flash(_("The round is now in this phase: %(phase)s.", phase=phase_label(phase)), "success")
    return redirect(url_for("voting.round_detail", round_id=round_id))
