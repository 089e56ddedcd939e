"""Answering a survey: one section per page, earlier answers carried in the form (signed), one
response per student per round. Works without JavaScript."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.authz import ensure
from portal.errors import refused
from portal.extensions import db, limiter
from portal.surveys import answers as answer_rules
from portal.surveys import bp
from portal.surveys.carry import read_answers, sign_answers
from portal.surveys.forms import AnswerForm
from portal.surveys.messages import SurveyError
from portal.surveys.permissions import is_student
from portal.surveys.queries import answered_on, round_or_404
from portal.surveys.service import check_can_answer, response_submit

# Five sections, each shown again after an error, and a few replays: generous for a person.
ANSWER_LIMIT = "120 per minute;600 per hour"


def _asked_in(definition, index: int, answers: dict) -> bool:
    return any(answer_rules.asked(q, answers) for q in definition.sections[index].questions)


def _next_section(definition, index: int, answers: dict, step: int) -> int:
    """The next (or previous) section with a question to ask; sections whose every question
    depends on an earlier answer that rules it out are skipped."""
    target = index + step
    while 0 <= target < len(definition.sections) and not _asked_in(definition, target, answers):
        target += step
    return min(max(target, 0), len(definition.sections) - 1)


def _is_last(definition, index: int, answers: dict) -> bool:
    return all(
        not _asked_in(definition, later, answers) for later in range(index + 1, len(definition.sections))
    )


def _page(survey_round, form, index: int, answers: dict, errors: dict, status: int = 200):
    definition = survey_round.version.spec
    section_ids = {q.id for q in definition.sections[index].questions}
    form.section.data = str(index)
    form.carry.data = sign_answers(
        {key: value for key, value in answers.items() if key not in section_ids},
        round_id=survey_round.id,
        user_id=current_user.id,
        digest=definition.digest,
    )

    def condition_of(question):
        """For a question that depends on an answer in the same part: (the answers, the question),
        shown as a hint, since without JavaScript the page cannot hide it."""
        if question.show_if is None:
            return None
        target = definition.by_id[question.show_if[0]]
        if target.section != question.section:
            return None
        wanted = [target.choice_label(choice) for choice in target.choices if choice in question.show_if[1]]
        return " / ".join(wanted), definition.text(target.text)

    messages = {}
    for question_id, (code, params) in errors.items():
        messages[question_id] = SurveyError(code, question_id, **params).message
    return (
        render_template(
            "surveys/answer.html",
            round=survey_round,
            definition=definition,
            section=definition.sections[index],
            index=index,
            last=_is_last(definition, index, answers),
            answers=answers,
            errors=messages,
            form=form,
            asked=lambda question: answer_rules.asked(question, answers),
            condition_of=condition_of,
            field_name=answer_rules.field_name,
        ),
        status,
    )


@bp.route("/<int:round_id>/answer", methods=["GET", "POST"])
@limiter.limit(ANSWER_LIMIT, methods=["POST"])
def answer(round_id: int):
    survey_round = round_or_404(round_id)
    ensure(is_student(current_user))
    back = redirect(url_for("surveys.round_detail", round_id=survey_round.id))
    try:
        check_can_answer(survey_round, current_user)
    except SurveyError as error:
        flash(error.message, "error")
        return back
    if answered_on(survey_round, current_user) is not None:
        flash(SurveyError("already-answered").message, "error")
        return back
    definition = survey_round.version.spec
    form = AnswerForm()
    if request.method == "GET":
        return _page(survey_round, form, 0, {}, {})
    # (CSRFProtect has checked the token before this view runs.)
    carried = read_answers(
        form.carry.data, round_id=survey_round.id, user_id=current_user.id, digest=definition.digest
    )
    index = form.section_index(len(definition.sections))
    posted = answer_rules.read_section(definition, index, request.form)
    if carried is None:
        flash(SurveyError("changed").message, "error")
        return _page(survey_round, form, 0, posted, {}, 400)
    section_ids = {q.id for q in definition.sections[index].questions}
    answers = {key: value for key, value in carried.items() if key not in section_ids} | posted
    if request.form.get("action") == "back":
        return _page(survey_round, form, _next_section(definition, index, answers, -1), answers, {})
    errors = answer_rules.check(definition, answers, range(index, index + 1))
    if errors:
        return _page(survey_round, form, index, answers, errors, 400)
    if not _is_last(definition, index, answers):
        return _page(survey_round, form, _next_section(definition, index, answers, +1), answers, {})
    try:
        response_submit(survey_round=survey_round, respondent=current_user, answers=answers)
        db.session.commit()
    except SurveyError as error:
        if error.field in definition.by_id:
            # An earlier section's answer does not hold (a forged or stale form): show it there.
            db.session.rollback()
            where = definition.by_id[error.field].section
            return _page(
                survey_round, form, where, answers, {error.field: (error.code, error.params)}, error.status
            )
        refused(error)
        return back
    flash(_("Thank you! Your answers are saved. They cannot be traced back to you."), "success")
    return back
