"""One measure: set up, edit, change status, write progress, evaluate. Only its owners change it."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from portal.errors import refusal_status, refused
from portal.extensions import db
from portal.forms import clean_line, options
from portal.i18n import local_year, today_in_oslo
from portal.measures import bp
from portal.measures.forms import EvaluationForm, MeasureForm, ProgressForm, StatusForm
from portal.measures.loaders import managed_measure_or_404, managed_plan_or_404, readable_measure_or_404
from portal.measures.models import Measure, Scope
from portal.measures.permissions import can_manage
from portal.measures.plans import ActionPlan
from portal.measures.queries import (
    agenda_item_choices,
    agenda_item_of,
    all_campuses,
    campus_by_id,
    measure_timeline,
    published_rounds,
)
from portal.measures.service import (
    MeasureError,
    issues_from_references,
    measure_create,
    measure_evaluate,
    measure_progress,
    measure_set_status,
    measure_update,
)
from portal.referrals.queries import active_units, unit_by_id


def _form(scope: str, owner, measure: Measure | None = None) -> MeasureForm:
    form = MeasureForm(obj=measure) if measure is not None else MeasureForm()
    units = active_units()
    if measure is not None and measure.responsible_unit is not None and measure.responsible_unit not in units:
        units = [*units, measure.responsible_unit]
    form.responsible_unit.choices = options(
        [(0, _("No unit: a role or person below"))] + [(u.id, u.name) for u in units]
    )
    if scope == Scope.COMMITTEE:
        form.agenda_item.choices = options(
            [(0, _("None"))]
            + [
                (i.id, _("Case %(number)s", number=i.case_number) + " " + (i.title or ""))
                for i in agenda_item_choices(owner)
            ]
        )
    else:
        del form.agenda_item
    _survey_choices(form, scope, owner, measure)
    if measure is not None and not form.is_submitted():
        form.survey_result.data = survey_value(measure.survey_round_id, measure.survey_question_id)
        form.survey_campus.data = measure.survey_campus_id or 0
        form.responsible_unit.data = measure.responsible_unit_id or 0
        form.issues.data = ", ".join(link.issue.reference for link in measure.issue_links)
        if "agenda_item" in form:
            form.agenda_item.data = measure.agenda_item_id or 0
        form.version.data = measure.version
    return form


def survey_value(round_id: int | None, question_id: str | None) -> str:
    """A survey result as the form's select says it: "12" (a round) or "12:teaching" (a question)."""
    if round_id is None:
        return ""
    return f"{round_id}:{question_id}" if question_id else str(round_id)


def _survey_choices(form: MeasureForm, scope: str, owner, measure: Measure | None) -> None:
    """Published rounds, each with its questions, grouped by round; a campus plan may name its
    own campus only."""
    rounds = list(published_rounds())
    if measure is not None and measure.survey_round is not None and measure.survey_round not in rounds:
        rounds.append(measure.survey_round)
    choices: dict = {None: [("", _("None"))]}
    for survey_round in rounds:
        group = _(
            "%(survey)s, closed %(date)s",
            survey=survey_round.title(),
            date=format_date(survey_round.closes_at),
        )
        spec = survey_round.version.spec
        choices[group] = [(str(survey_round.id), _("The whole survey"))] + [
            (f"{survey_round.id}:{question.id}", spec.text(question.text)) for question in spec.questions
        ]
    form.survey_result.choices = choices
    campuses = [owner] if scope == Scope.CAMPUS else all_campuses()
    form.survey_campus.choices = options([(0, _("All campuses"))] + [(c.id, c.name) for c in campuses])


def _survey(form: MeasureForm) -> dict:
    """The survey result the form names, as measure_create takes it."""
    value = form.survey_result.data or ""
    round_part, _sep, question = value.partition(":")
    if value and not round_part.isdigit():
        raise MeasureError("survey", "survey_result")
    return {
        "survey_round_id": int(round_part[:10]) if value else None,
        "survey_question_id": question or None,
        "survey_campus": campus_by_id(form.survey_campus.data),
    }


def _fields(form: MeasureForm) -> dict:
    return {
        "title": form.title.data,
        "purpose": form.purpose.data,
        "description": form.description.data,
        "criterion": form.criterion.data,
        "responsible_unit": unit_by_id(form.responsible_unit.data),
        "responsible_text": form.responsible_text.data,
        "contact_email": form.contact_email.data,
        "due_on": form.due_on.data,
    }


def _agenda_item(form: MeasureForm, committee):
    if "agenda_item" not in form or not form.agenda_item.data:
        return None
    item = agenda_item_of(committee, form.agenda_item.data)
    if item is None:
        raise MeasureError("item", "agenda_item")
    return item


@bp.route("/<scope>/<code>/new", methods=["GET", "POST"])
def new_measure(scope: str, code: str):
    plan = managed_plan_or_404(scope, code, local_year())
    form = _form(plan.scope, plan.owner)
    status = 200
    if not form.is_submitted():
        form.issues.data = clean_line(request.args.get("issue", ""))[:40].upper()
        if "agenda_item" in form:
            form.agenda_item.data = request.args.get("item", type=int) or 0
        wanted = survey_value(
            request.args.get("round", type=int), clean_line(request.args.get("question", ""))[:80]
        )
        if any(
            wanted == value for _group, pairs in form.survey_result.choices.items() for value, _label in pairs
        ):
            form.survey_result.data = wanted
    elif form.validate():
        try:
            measure = measure_create(
                actor=current_user,
                campus=plan.owner if plan.scope == Scope.CAMPUS else None,
                committee=plan.owner if plan.scope == Scope.COMMITTEE else None,
                issues=issues_from_references(form.issues.data),
                agenda_item=_agenda_item(form, plan.owner),
                **_survey(form),
                **_fields(form),
            )
        except MeasureError as error:
            status = refused(error, form)
            plan = managed_plan_or_404(scope, code, local_year())
        else:
            db.session.commit()
            flash(_("The measure is in the action plan."), "success")
            return redirect(url_for("measures.measure_page", measure_id=measure.id))
    return render_template(
        "measures/edit.html", plan=plan, form=form, measure=None, today=today_in_oslo()
    ), refusal_status(form, status)


@bp.route("/<int:measure_id>/edit", methods=["GET", "POST"])
def edit_measure(measure_id: int):
    measure = managed_measure_or_404(measure_id)
    form = _form(measure.scope, measure.owner, measure)
    status = 200
    if form.is_submitted() and form.validate():
        try:
            measure_update(
                measure=measure,
                actor=current_user,
                issues=issues_from_references(form.issues.data),
                agenda_item=_agenda_item(form, measure.owner),
                expected_version=form.expected_version,
                **_survey(form),
                **_fields(form),
            )
        except MeasureError as error:
            status = refused(error, form)
            measure = managed_measure_or_404(measure_id)
        else:
            db.session.commit()
            flash(_("The measure is saved."), "success")
            return redirect(url_for("measures.measure_page", measure_id=measure.id))
    plan = ActionPlan(scope=Scope(measure.scope), owner=measure.owner, year=measure.year)
    return render_template(
        "measures/edit.html", plan=plan, form=form, measure=measure, today=today_in_oslo()
    ), refusal_status(form, status)


def _render(measure: Measure, *, status: int = 200, **forms):
    owner = can_manage(current_user, measure)
    if owner:
        forms.setdefault("status_form", StatusForm(formdata=None, version=measure.version))
        forms.setdefault("progress_form", ProgressForm(formdata=None))
        forms.setdefault(
            "evaluation_form",
            EvaluationForm(
                formdata=None,
                version=measure.version,
                evaluation_purpose=measure.evaluation_purpose or measure.purpose,
                evaluation_result=measure.evaluation_result,
                evaluation_process=measure.evaluation_process,
            ),
        )
    plan = ActionPlan(scope=Scope(measure.scope), owner=measure.owner, year=measure.year)
    return render_template(
        "measures/measure.html",
        measure=measure,
        plan=plan,
        owner=owner,
        timeline=measure_timeline(measure),
        today=today_in_oslo(),
        **forms,
    ), status


@bp.get("/<int:measure_id>")
def measure_page(measure_id: int):
    return _render(readable_measure_or_404(measure_id))


@bp.post("/<int:measure_id>/status")
def set_status(measure_id: int):
    measure = managed_measure_or_404(measure_id)
    form = StatusForm()
    if not form.validate():
        return _render(measure, status_form=form, status=400)
    try:
        measure_set_status(
            measure=measure,
            status=form.status.data,
            actor=current_user,
            note=form.note.data,
            expected_version=form.expected_version,
        )
    except MeasureError as error:
        status = refused(error, form)
        return _render(managed_measure_or_404(measure_id), status_form=form, status=status)
    db.session.commit()
    flash(_("The status is saved."), "success")
    return redirect(url_for("measures.measure_page", measure_id=measure.id))


@bp.post("/<int:measure_id>/progress")
def progress(measure_id: int):
    measure = managed_measure_or_404(measure_id)
    form = ProgressForm()
    if not form.validate():
        return _render(measure, progress_form=form, status=400)
    try:
        measure_progress(measure=measure, actor=current_user, text=form.text.data)
    except MeasureError as error:
        status = refused(error, form)
        return _render(managed_measure_or_404(measure_id), progress_form=form, status=status)
    db.session.commit()
    flash(_("The update is on the timeline."), "success")
    return redirect(url_for("measures.measure_page", measure_id=measure.id))


@bp.post("/<int:measure_id>/evaluation")
def evaluation(measure_id: int):
    measure = managed_measure_or_404(measure_id)
    form = EvaluationForm()
    if not form.validate():
        return _render(measure, evaluation_form=form, status=400)
    try:
        measure_evaluate(
            measure=measure,
            actor=current_user,
            purpose=form.evaluation_purpose.data,
            result=form.evaluation_result.data,
            process=form.evaluation_process.data,
            expected_version=form.expected_version,
        )
    except MeasureError as error:
        status = refused(error, form)
        return _render(managed_measure_or_404(measure_id), evaluation_form=form, status=status)
    db.session.commit()
    flash(_("The evaluation is saved."), "success")
    return redirect(url_for("measures.measure_page", measure_id=measure.id))
