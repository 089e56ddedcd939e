"""The survey list, a round's page with the live response rate, and the owners' round forms."""

from __future__ import annotations

from datetime import time, timedelta

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.authz import ensure
from portal.campuses.models import Campus
from portal.committee.models import Committee
from portal.db import utcnow
from portal.errors import refused
from portal.extensions import db
from portal.forms import options
from portal.i18n import OSLO
from portal.surveys import bp
from portal.surveys.forms import ActionForm, RoundForm
from portal.surveys.messages import SurveyError
from portal.surveys.models import Status, Survey
from portal.surveys.permissions import (
    can_create_rounds,
    can_own,
    can_read_results,
    can_see_rate,
    in_audience,
    is_owner,
    is_student,
    owner_scopes,
)
from portal.surveys.queries import (
    active_campuses,
    answered_on,
    latest_version,
    managed_rounds,
    open_rounds_for,
    published_rounds,
    response_rate,
    round_or_404,
    surveys_list,
)
from portal.surveys.service import round_close, round_create, round_delete, round_publish, round_update

# Form field each service error belongs to.
FORM_FIELDS = {"opens_at": "opens_date", "closes_at": "closes_date", "reminders": "reminder_1"}


@bp.get("/")
def index():
    now = utcnow()
    rounds = managed_rounds(current_user)
    return render_template(
        "surveys/index.html",
        open_rounds=open_rounds_for(current_user, now),
        managed=rounds,
        statuses={r.id: r.status_at(now) for r in rounds},
        published=published_rounds(),
        can_create=can_create_rounds(current_user),
        student=is_student(current_user),
    )


@bp.get("/<int:round_id>")
def round_detail(round_id: int):
    survey_round = round_or_404(round_id)
    now = utcnow()
    status = survey_round.status_at(now)
    owner = is_owner(current_user, survey_round)
    rate_visible = can_see_rate(current_user, survey_round)
    return render_template(
        "surveys/round.html",
        round=survey_round,
        status=status,
        owner=owner,
        student=is_student(current_user),
        audience_member=in_audience(current_user, survey_round),
        answered=answered_on(survey_round, current_user),
        rate=response_rate(survey_round) if rate_visible else None,
        results_visible=can_read_results(current_user, survey_round, status),
        action_form=ActionForm() if owner else None,
    )


def _owner_choices():
    committees, campuses = owner_scopes(current_user)
    choices = []
    if committees:
        for committee in db.session.scalars(
            sa.select(Committee).where(Committee.id.in_(committees)).order_by(Committee.code)
        ):
            choices.append((f"committee:{committee.id}", committee.name))
    if campuses:
        for campus in db.session.scalars(
            sa.select(Campus).where(Campus.id.in_(campuses)).order_by(Campus.code)
        ):
            choices.append((f"campus:{campus.id}", _("Campus council, %(campus)s", campus=campus.name)))
    return choices


def _owner(value: str):
    """(committee, campus) for an owner choice this person may use, else 403."""
    kind, _sep, number = (value or "").partition(":")
    if not number.isdigit() or len(number) > 9:
        abort(400)
    if kind == "committee":
        committee = db.session.get(Committee, int(number))
        ensure(committee is not None and can_own(current_user, committee_id=committee.id))
        return committee, None
    if kind == "campus":
        campus = db.session.get(Campus, int(number))
        ensure(campus is not None and can_own(current_user, campus_id=campus.id))
        return None, campus
    abort(400)


def _prepare(form: RoundForm) -> None:
    form.audience.choices = options((c.id, c.name) for c in active_campuses())


def _error(form: RoundForm, error: SurveyError) -> int:
    if error.field in FORM_FIELDS:
        error.field = FORM_FIELDS[error.field]
    return refused(error, form)


def _defaults(form: RoundForm) -> None:
    tomorrow = (utcnow().astimezone(OSLO) + timedelta(days=1)).date()
    form.opens_date.data, form.opens_time.data = tomorrow, time(9, 0)
    form.closes_date.data, form.closes_time.data = tomorrow + timedelta(days=14), time(23, 59)


@bp.route("/new", methods=["GET", "POST"])
def new_round():
    ensure(can_create_rounds(current_user))
    form = RoundForm()
    _prepare(form)
    form.survey.choices = options(
        (s.key, s.versions[-1].spec.text(s.versions[-1].spec.title)) for s in surveys_list() if s.versions
    )
    form.owner.choices = options(_owner_choices())
    status = 200
    if request.method == "GET":
        _defaults(form)
        if request.args.get("survey") in {choice.value for choice in form.survey.choices}:
            form.survey.data = request.args["survey"]
    elif form.validate_on_submit():
        committee, campus = _owner(form.owner.data)
        survey = db.session.scalar(sa.select(Survey).where(Survey.key == form.survey.data))
        if survey is None or latest_version(survey) is None:
            abort(400)
        try:
            survey_round = round_create(
                actor=current_user,
                survey=survey,
                committee=committee,
                campus=campus,
                opens_at=form.opens_at(),
                closes_at=form.closes_at(),
                all_campuses=form.scope.data == "all",
                campus_ids=form.audience.data or [],
                min_group=form.min_group.data,
                reminders=form.reminders(),
            )
            db.session.commit()
        except SurveyError as error:
            status = _error(form, error)
        else:
            flash(_("The round is published. Students in the audience are told when it opens."), "success")
            return redirect(url_for("surveys.round_detail", round_id=survey_round.id))
    else:
        status = 400
    return render_template("surveys/round_form.html", form=form, round=None), status


@bp.route("/<int:round_id>/edit", methods=["GET", "POST"])
def edit_round(round_id: int):
    survey_round = round_or_404(round_id)
    ensure(is_owner(current_user, survey_round))
    if survey_round.status in (Status.CLOSED, Status.PUBLISHED):
        flash(SurveyError("closed").message, "error")
        return redirect(url_for("surveys.round_detail", round_id=survey_round.id))
    form = RoundForm()
    _prepare(form)
    del form.survey
    del form.owner
    status = 200
    if request.method == "GET":
        form.fill(survey_round)
    elif form.validate_on_submit():
        try:
            round_update(
                survey_round=survey_round,
                actor=current_user,
                opens_at=form.opens_at(),
                closes_at=form.closes_at(),
                all_campuses=form.scope.data == "all",
                campus_ids=form.audience.data or [],
                min_group=form.min_group.data,
                reminders=form.reminders(),
            )
            db.session.commit()
        except SurveyError as error:
            status = _error(form, error)
        else:
            flash(_("The round is saved."), "success")
            return redirect(url_for("surveys.round_detail", round_id=survey_round.id))
    else:
        status = 400
    return render_template("surveys/round_form.html", form=form, round=survey_round), status


def _owner_action(round_id: int, action, done: str):
    survey_round = round_or_404(round_id)
    ensure(is_owner(current_user, survey_round))
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        action(survey_round=survey_round, actor=current_user)
        db.session.commit()
    except SurveyError as error:
        refused(error)
        return redirect(url_for("surveys.round_detail", round_id=round_id))
    flash(done, "success")
    return None


@bp.post("/<int:round_id>/close")
def close_round(round_id: int):
    return _owner_action(
        round_id, round_close, _("The round is closed. Its results are ready for you.")
    ) or redirect(url_for("surveys.results", round_id=round_id))


@bp.post("/<int:round_id>/publish")
def publish_round(round_id: int):
    return _owner_action(
        round_id, round_publish, _("The results are published: every student can read them now.")
    ) or redirect(url_for("surveys.results", round_id=round_id))


@bp.post("/<int:round_id>/delete")
def delete_round(round_id: int):
    return _owner_action(round_id, round_delete, _("The round is withdrawn.")) or redirect(
        url_for("surveys.index")
    )
