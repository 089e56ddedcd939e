from __future__ import annotations

import io
import random
import re
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_decimal, format_percent, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from portal.authz import Role, ensure
from portal.committee.models import Committee
from portal.core.charts import bar_chart
from portal.core.spreadsheets import csv_writer
from portal.db import utcnow
from portal.extensions import configured_limit, db, limiter
from portal.forms import options
from portal.i18n import OSLO, current_language
from portal.voting import bp, public_bp
from portal.voting.forms import (
    AdoptForm,
    AdvanceForm,
    BallotForm,
    CurateForm,
    DeclineForm,
    MergeForm,
    ProposalForm,
    RoundForm,
)
from portal.voting.models import PHASE_ORDER, FocusProposal, Phase, ProposalStatus, VotingRound
from portal.voting.notifications import proposal_decided
from portal.voting.permissions import (
    can_create_rounds,
    can_curate,
    can_manage,
    curation_open,
    is_secretary,
    is_student,
    results_visible,
)
from portal.voting.queries import (
    approved_proposals,
    my_proposals,
    proposal_or_404,
    proposals_of,
    round_or_404,
    round_results,
    rounds_list,
    status_counts,
    voted_on,
)
from portal.voting.service import (
    VotingError,
    ballot_cast,
    proposal_curate,
    proposal_decline,
    proposal_merge,
    proposal_submit,
    proposals_adopt,
    round_advance,
    round_create,
    round_update,
)
from portal.voting.templating import phase_label


def error_message(code: str, voting_round: VotingRound | None = None) -> str:
    """The person-facing words for each VotingError code."""
    n = voting_round.max_choices if voting_round is not None else 0
    messages = {
        "not-student": _("Only students can do this."),
        "not-open": _("Voting is not open in this round."),
        "not-proposal-phase": _("Proposals are not open in this round."),
        "already-voted": _("You have already voted in this round. A vote cannot be changed."),
        "nothing-chosen": _("Choose at least one focus area, or cast a blank ballot."),
        "blank-with-choices": _(
            "You chose focus areas and pressed “Cast a blank ballot”. Uncheck them to vote blank, "
            "or press “Cast my vote”."
        ),
        "too-many": ngettext("Choose at most one focus area.", "Choose at most %(num)d focus areas.", n),
        "invalid-choice": _("One of your choices is not on the ballot. Look at the ballot again."),
        "too-many-proposals": _("You have made as many proposals as one student can in this round."),
        "duplicate-proposal": _("You have already proposed this."),
        "language": _("Choose a language."),
        "empty": _("Fill in both the focus area and why."),
        "curation-closed": _("Proposals cannot be changed any more: voting has begun."),
        "merged": _("This proposal is merged into another. Work on that one instead."),
        "wording-needed": _("Write the title in bokmål, nynorsk and English before you approve it."),
        "reason-needed": _("Give a reason. The student who proposed it will read it."),
        "merge-target": _("Choose another proposal of this round that is not declined or merged."),
        "exists": _("The committee already has a round for this year."),
        "order": _("Each phase must start after the one before: check the times."),
        "past-fixed": _("This time has passed and cannot be changed any more."),
        "in-past": _(
            "Choose a time from now on. To start a phase at once, use the button on the round page."
        ),
        "choices-locked": _("Voting has opened: the number of choices cannot be changed any more."),
        "stale": _("The round had already moved on. Look at it again before you go on."),
        "last-phase": _("The results are already published."),
        "not-closed": _("Voting has not closed yet."),
    }
    return messages.get(code, _("That is not possible in this round now."))


def _now() -> datetime:
    return utcnow()


@bp.before_request
@login_required
def _signed_in_only():
    pass


# Rounds -------------------------------------------------------------------------------------


@bp.get("/")
def index():
    now = _now()
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
    now = _now()
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
    offsets = {
        "proposals_open_at": 0,
        "curation_at": 14,
        "voting_open_at": 21,
        "voting_close_at": 28,
        "results_at": 29,
    }
    return {attribute: start + timedelta(days=days) for attribute, days in offsets.items()}


def _round_form_error(form: RoundForm, error: VotingError, voting_round=None) -> None:
    message = error_message(error.code, voting_round)
    target = error.field
    if target in ("proposals_open_at", "curation_at", "voting_open_at", "voting_close_at", "results_at"):
        target = f"{target}_date"
    if target and target in form:
        form[target].errors.append(message)
    else:
        form.form_errors.append(message)


@bp.route("/new", methods=["GET", "POST"])
def new_round():
    ensure(can_create_rounds(current_user))
    committees = db.session.scalars(
        sa.select(Committee)
        .where(Committee.id.in_(current_user.committee_ids(Role.SECRETARY)), Committee.active.is_(True))
        .order_by(Committee.code)
    ).all()
    form = RoundForm()
    form.committee.choices = options((c.id, c.name) for c in committees)
    if request.method == "GET":
        now = _now()
        local = now.astimezone(OSLO)
        form.year.data = local.year + 1 if local.month >= 8 else local.year
        defaults = _default_times(now)
        for attribute, date_field, time_field in form.time_pairs():
            date_field.data = defaults[attribute].date()
            time_field.data = defaults[attribute].time()
    if form.validate_on_submit():
        committee = db.session.get(Committee, form.committee.data)
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
            db.session.rollback()
            _round_form_error(form, error)
        except IntegrityError:
            # Two secretaries created the same round at once.
            db.session.rollback()
            _round_form_error(form, VotingError("exists", "year"))
        else:
            flash(_("The round is created."), "success")
            return redirect(url_for("voting.round_detail", round_id=voting_round.id))
    return render_template("voting/round_form.html", form=form, round=None)


@bp.route("/<int:round_id>/edit", methods=["GET", "POST"])
def edit_round(round_id: int):
    voting_round = round_or_404(round_id)
    ensure(can_manage(current_user, voting_round))
    form = RoundForm(obj=voting_round if request.method == "GET" else None)
    del form.committee
    del form.year
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
            db.session.rollback()
            _round_form_error(form, error, voting_round)
        else:
            flash(_("The round is saved."), "success")
            return redirect(url_for("voting.round_detail", round_id=voting_round.id))
    return render_template("voting/round_form.html", form=form, round=voting_round)


@bp.post("/<int:round_id>/advance")
def advance(round_id: int):
    voting_round = round_or_404(round_id)
    ensure(can_manage(current_user, voting_round))
    form = AdvanceForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        phase = round_advance(voting_round=voting_round, actor=current_user, expected=form.phase.data or "")
        db.session.commit()
    except VotingError as error:
        db.session.rollback()
        flash(error_message(error.code, voting_round), "error")
    else:
        flash(_("The round is now in this phase: %(phase)s.", phase=phase_label(phase)), "success")
    return redirect(url_for("voting.round_detail", round_id=voting_round.id))


# Proposals ----------------------------------------------------------------------------------


@bp.route("/<int:round_id>/propose", methods=["GET", "POST"])
@limiter.limit(configured_limit("RATELIMIT_SUBMIT"), methods=["POST"])
def propose(round_id: int):
    voting_round = round_or_404(round_id)
    ensure(is_student(current_user))
    if voting_round.phase_at(_now()) != Phase.PROPOSALS:
        flash(error_message("not-proposal-phase"), "error")
        return redirect(url_for("voting.round_detail", round_id=voting_round.id))
    form = ProposalForm()
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
            db.session.rollback()
            if error.field and error.field in form:
                form[error.field].errors.append(error_message(error.code))
            else:
                flash(error_message(error.code), "error")
                return redirect(url_for("voting.round_detail", round_id=voting_round.id))
        else:
            flash(
                _("Thank you! Your proposal is sent. The campus councils and the secretary will look at it."),
                "success",
            )
            return redirect(url_for("voting.round_detail", round_id=voting_round.id))
    return render_template("voting/propose.html", form=form, round=voting_round)


@bp.get("/<int:round_id>/curate")
def curate(round_id: int):
    voting_round = round_or_404(round_id)
    ensure(can_curate(current_user, voting_round))
    status = request.args.get("status", "")
    if status not in {s.value for s in ProposalStatus}:
        status = ""
    return render_template(
        "voting/curate_list.html",
        round=voting_round,
        phase=voting_round.phase_at(_now()),
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


def _proposal_page(voting_round, proposal, *, wording=None, decline=None, merge=None, status=200):
    phase = voting_round.phase_at(_now())
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


def _curation_guard(voting_round: VotingRound, proposal: FocusProposal):
    """None if curation may go on, else a redirect with the reason."""
    phase = voting_round.phase_at(_now())
    if not curation_open(phase):
        flash(error_message("curation-closed"), "error")
    elif proposal.status == ProposalStatus.MERGED:
        flash(error_message("merged"), "error")
    else:
        return None
    return redirect(url_for("voting.curate_proposal", round_id=voting_round.id, proposal_id=proposal.id))


@bp.route("/<int:round_id>/proposals/<int:proposal_id>", methods=["GET", "POST"])
def curate_proposal(round_id: int, proposal_id: int):
    voting_round = round_or_404(round_id)
    ensure(can_curate(current_user, voting_round))
    proposal = proposal_or_404(voting_round, proposal_id)
    if request.method == "GET":
        return _proposal_page(voting_round, proposal)
    blocked = _curation_guard(voting_round, proposal)
    if blocked is not None:
        return blocked
    form = CurateForm(prefix="wording")
    if not form.validate_on_submit():
        return _proposal_page(voting_round, proposal, wording=form)
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
        db.session.rollback()
        form[error.field or "title_nb"].errors.append(error_message(error.code))
        return _proposal_page(voting_round, proposal, wording=form)
    flash(_("The proposal is approved and will be on the ballot.") if changed else _("Saved."), "success")
    return redirect(url_for("voting.curate_proposal", round_id=voting_round.id, proposal_id=proposal.id))


@bp.post("/<int:round_id>/proposals/<int:proposal_id>/decline")
def decline_proposal(round_id: int, proposal_id: int):
    voting_round = round_or_404(round_id)
    ensure(can_curate(current_user, voting_round))
    proposal = proposal_or_404(voting_round, proposal_id)
    blocked = _curation_guard(voting_round, proposal)
    if blocked is not None:
        return blocked
    form = DeclineForm(prefix="decline")
    if not form.validate_on_submit():
        return _proposal_page(voting_round, proposal, decline=form)
    was = proposal.status
    try:
        proposal_decline(proposal=proposal, actor=current_user, reason=form.reason.data)
        if was != ProposalStatus.DECLINED:
            proposal_decided(proposal)
        db.session.commit()
    except VotingError as error:
        db.session.rollback()
        form.reason.errors.append(error_message(error.code))
        return _proposal_page(voting_round, proposal, decline=form)
    flash(_("The proposal is declined. The student who proposed it can read your reason."), "success")
    return redirect(url_for("voting.curate", round_id=voting_round.id))


@bp.post("/<int:round_id>/proposals/<int:proposal_id>/merge")
def merge_proposal(round_id: int, proposal_id: int):
    voting_round = round_or_404(round_id)
    ensure(can_curate(current_user, voting_round))
    proposal = proposal_or_404(voting_round, proposal_id)
    blocked = _curation_guard(voting_round, proposal)
    if blocked is not None:
        return blocked
    form = MergeForm(prefix="merge")
    form.into.choices = _merge_choices(voting_round, proposal)
    if not form.into.choices:
        flash(error_message("merge-target"), "error")
        return redirect(url_for("voting.curate_proposal", round_id=voting_round.id, proposal_id=proposal.id))
    if not form.validate_on_submit():
        return _proposal_page(voting_round, proposal, merge=form)
    into = proposal_or_404(voting_round, form.into.data)
    try:
        proposal_merge(proposal=proposal, into=into, actor=current_user)
        proposal_decided(proposal)
        db.session.commit()
    except VotingError as error:
        db.session.rollback()
        form.into.errors.append(error_message(error.code))
        return _proposal_page(voting_round, proposal, merge=form)
    flash(_("The proposals are merged."), "success")
    return redirect(url_for("voting.curate_proposal", round_id=voting_round.id, proposal_id=into.id))


# Voting -------------------------------------------------------------------------------------


def _ballot_order(voting_round: VotingRound, proposals: list[FocusProposal]) -> list[FocusProposal]:
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
    back = redirect(url_for("voting.round_detail", round_id=voting_round.id))
    if voting_round.phase_at(_now()) != Phase.VOTING:
        flash(error_message("not-open"), "error")
        return back
    if voted_on(voting_round, current_user) is not None:
        flash(error_message("already-voted"), "error")
        return back
    proposals = _ballot_order(voting_round, approved_proposals(voting_round))
    form = BallotForm()
    form.choices.choices = options((p.id, p.display_title) for p in proposals)
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
            db.session.rollback()
            if error.field == "choices":
                form.choices.errors.append(error_message(error.code, voting_round))
            else:
                flash(error_message(error.code, voting_round), "error")
                return back
        except IntegrityError:
            # The roll's primary key refused a second ballot that raced this one.
            db.session.rollback()
            flash(error_message("already-voted"), "error")
            return back
        else:
            flash(_("Thank you for voting! Your vote is counted, and it is secret."), "success")
            return back
    return render_template("voting/vote.html", form=form, round=voting_round, proposals=proposals)


@bp.route("/<int:round_id>/adopt", methods=["GET", "POST"])
def adopt(round_id: int):
    voting_round = round_or_404(round_id)
    ensure(can_manage(current_user, voting_round))
    phase = voting_round.phase_at(_now())
    if not results_visible(current_user, voting_round, phase):
        flash(error_message("not-closed"), "error")
        return redirect(url_for("voting.round_detail", round_id=voting_round.id))
    results = round_results(voting_round)
    form = AdoptForm()
    form.adopted.choices = options((r.proposal.id, r.proposal.display_title) for r in results.proposals)
    if request.method == "GET":
        form.adopted.data = [r.proposal.id for r in results.proposals if r.proposal.adopted]
    if form.validate_on_submit():
        try:
            proposals_adopt(
                voting_round=voting_round, actor=current_user, proposal_ids=form.adopted.data or []
            )
            db.session.commit()
        except VotingError as error:
            db.session.rollback()
            form.adopted.errors.append(error_message(error.code, voting_round))
        else:
            flash(_("The adopted focus areas are saved."), "success")
            return redirect(url_for("voting.round_detail", round_id=voting_round.id))
    return render_template(
        "voting/adopt.html", round=voting_round, results=results, chart=_chart(results), form=form
    )


# Results: public once published -------------------------------------------------------------


def _visible_results(round_id: int):
    voting_round = round_or_404(round_id)
    phase = voting_round.phase_at(_now())
    return voting_round, phase, results_visible(current_user, voting_round, phase)


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


@public_bp.get("/<int:round_id>/results")
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
def results_csv(round_id: int):
    voting_round, _phase, visible = _visible_results(round_id)
    if not visible:
        abort(404)
    data = round_results(voting_round)
    out = io.StringIO()
    writer = csv_writer(out)  # every cell through safe_cell: no formulas
    header = [_("Focus area"), _("Approvals"), _("Share of voters"), _("Adopted")]
    header += [_("Approvals: %(campus)s", campus=_group_name(group)) for group in data.groups]
    writer.writerow(header)
    for row in data.proposals:
        writer.writerow(
            [
                row.proposal.display_title,
                row.approvals,
                f"{row.share:.4f}" if row.share is not None else "",
                _("Yes") if row.proposal.adopted else _("No"),
                *[group.approvals.get(row.proposal.id, 0) for group in data.groups],
            ]
        )
    writer.writerow([])
    writer.writerow([_("Voters"), data.voters])
    writer.writerow([_("Blank ballots"), data.blank])
    writer.writerow([_("Eligible students"), data.eligible])
    writer.writerow([_("Turnout"), f"{data.turnout:.4f}" if data.turnout is not None else ""])
    for group in data.groups:
        writer.writerow(
            [
                _("Turnout: %(campus)s", campus=_group_name(group)),
                f"{group.turnout:.4f}" if group.turnout is not None else "",
                group.voters,
                group.eligible,
            ]
        )
    code = re.sub(r"[^A-Za-z0-9_-]", "", voting_round.committee.code) or "committee"
    filename = f"focus-areas-{code}-{voting_round.year}.csv"
    return Response(
        "\ufeff" + out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _group_name(group) -> str:
    return group.campus.name if group.campus is not None else _("Other")


@public_bp.get("/<int:round_id>/results.json")
def results_json(round_id: int):
    voting_round, phase, visible = _visible_results(round_id)
    if not visible:
        return jsonify({"error": "not-published"}), 404
    data = round_results(voting_round)
    return jsonify(
        {
            "round": {
                "id": voting_round.id,
                "committee": voting_round.committee.code,
                "year": voting_round.year,
                "max_choices": voting_round.max_choices,
                "phase": str(phase),
                "voting_closed_at": voting_round.voting_close_at.isoformat(),
                "results_published_at": voting_round.results_at.isoformat(),
            },
            "voters": data.voters,
            "blank": data.blank,
            "eligible": data.eligible,
            "turnout": data.turnout,
            "proposals": [
                {
                    "id": row.proposal.id,
                    "title": {code: row.proposal.display(code)[0] for code in ("nb", "nn", "en")},
                    "approvals": row.approvals,
                    "share_of_voters": row.share,
                    "adopted": row.proposal.adopted,
                }
                for row in data.proposals
            ],
            "campuses": [
                {
                    "campus": group.key,
                    "voters": group.voters,
                    "eligible": group.eligible,
                    "turnout": group.turnout,
                    "approvals": {str(pid): count for pid, count in group.approvals.items()},
                }
                for group in data.groups
            ],
        }
    )
