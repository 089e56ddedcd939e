"""Every write to measures: create, edit, status, progress updates, the evaluation.

Functions are keyword-only, flush and never commit, and are audited. They check the rules
(SMART fields, what a measure may answer); whether the person owns the plan is the caller's
check (portal/measures/permissions.py, loaders.py). After a measure is created, or attached
to more issues, or done or dropped, `measure_changed` tells the issues' followers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

import sqlalchemy as sa

from portal import signals
from portal.audit.service import audited
from portal.db import bump_version, rows_changed, utcnow
from portal.errors import DomainError
from portal.extensions import db
from portal.forms import has_visible_text
from portal.i18n import local_year, today_in_oslo
from portal.issues.queries import issue_by_reference
from portal.measures.models import (
    CRITERION_MAX,
    FINISHED,
    QUESTION_ID_MAX,
    RESPONSIBLE_MAX,
    TEXT_MAX,
    TITLE_MAX,
    Measure,
    MeasureIssue,
    MeasureStatus,
    MeasureUpdate,
    Scope,
    UpdateKind,
)
from portal.measures.queries import follow_up_issue_ids, published_round

MAX_ISSUES = 50
MAX_YEARS_AHEAD = 5
AUDITED_FIELDS = (
    "scope",
    "campus_id",
    "committee_id",
    "year",
    "title",
    "description",
    "purpose",
    "criterion",
    "responsible_unit_id",
    "responsible_text",
    "contact_email",
    "due_on",
    "status",
    "agenda_item_id",
    "survey_round_id",
    "survey_question_id",
    "survey_campus_id",
    "evaluation_purpose",
    "evaluation_result",
    "evaluation_process",
    "version",
)
_REFERENCE_SPLIT = re.compile(r"[\s,;]+")
# measure_update leaves the survey result as it is unless given.
KEEP = object()


class MeasureError(DomainError):
    messages_module = "portal.measures.messages"
    # The data changed since the page was loaded: answered with 409.
    conflicts = frozenset({"stale", "meeting-held"})
    # Which of a decision's follow-up measures the error concerns (committee.follow_ups).
    follow_up: int | None = None


def _text(value: str | None) -> str:
    return (value or "").strip()


def issues_from_references(text: str | None) -> list:
    """The issues named in a list of references ("TRD-2026-0042, GJO-2026-0007"), each once.

    Raises MeasureError("issue-unknown", "issues", reference=…) or ("too-many-issues").
    """
    references = list(dict.fromkeys(r.upper() for r in _REFERENCE_SPLIT.split(text or "") if r))
    if len(references) > MAX_ISSUES:
        raise MeasureError("too-many-issues", "issues", max=MAX_ISSUES)
    issues = []
    for reference in references:
        issue = issue_by_reference(reference) if len(reference) <= 20 else None
        if issue is None:
            raise MeasureError("issue-unknown", "issues", reference=reference[:40])
        issues.append(issue)
    return issues


def _check_fields(
    *,
    title: str,
    purpose: str,
    criterion: str,
    description: str,
    responsible_unit,
    responsible_text: str,
    contact_email: str,
    due_on: date | None,
    due_changed: bool,
    keeps_unit: bool = False,
) -> None:
    """The SMART rules: specific (title, purpose), measurable (criterion), accepted (someone
    responsible), realistic and time-bound (a due date from today on, within five years)."""
    for name, value, maximum in (
        ("title", title, TITLE_MAX),
        ("purpose", purpose, TEXT_MAX),
        ("criterion", criterion, CRITERION_MAX),
        ("description", description, TEXT_MAX),
        ("responsible_text", responsible_text, RESPONSIBLE_MAX),
        ("contact_email", contact_email, 254),
    ):
        if len(value) > maximum:
            raise MeasureError("too-long", name, max=maximum)
    # Required means something a person can see: not only zero-width or other invisible characters.
    if not has_visible_text(title):
        raise MeasureError("title-needed", "title")
    if not has_visible_text(purpose):
        raise MeasureError("purpose-needed", "purpose")
    if not has_visible_text(criterion):
        raise MeasureError("criterion-needed", "criterion")
    if responsible_unit is not None and not responsible_unit.active and not keeps_unit:
        raise MeasureError("unit", "responsible_unit")
    if responsible_unit is None and not has_visible_text(responsible_text):
        raise MeasureError("responsible-needed", "responsible_unit")
    if contact_email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", contact_email):
        raise MeasureError("email", "contact_email")
    if due_on is None:
        raise MeasureError("due-needed", "due_on")
    today = today_in_oslo()
    if due_changed and due_on < today:
        raise MeasureError("due-past", "due_on")
    if due_on > today + timedelta(days=365 * MAX_YEARS_AHEAD):
        raise MeasureError("due-far", "due_on")


def _check_answers(
    *,
    scope: str,
    owner_id: int,
    issues: Iterable,
    agenda_item,
    survey_round_id,
    survey_question_id,
    survey_campus=None,
):
    """What a measure answers must be its owner's: a campus's measures answer that campus's
    issues (and that campus's survey results); a committee's measures answer issues sent to it
    and its own agenda items. A survey result is a published round, optionally one of its
    questions and one campus."""
    for issue in issues:
        if scope == Scope.CAMPUS and issue.campus_id != owner_id:
            raise MeasureError("issue-other-campus", "issues", reference=issue.reference)
        if scope == Scope.COMMITTEE and issue.committee_id != owner_id:
            raise MeasureError("issue-not-with-committee", "issues", reference=issue.reference)
    if agenda_item is not None and (scope != Scope.COMMITTEE or agenda_item.committee_id != owner_id):
        raise MeasureError("item", "agenda_item")
    if survey_round_id is None:
        if survey_question_id or survey_campus is not None:
            raise MeasureError("survey-round-needed", "survey_result")
        return
    survey_round = published_round(survey_round_id)
    if survey_round is None:
        raise MeasureError("survey", "survey_result")
    if survey_question_id is not None and (
        len(survey_question_id) > QUESTION_ID_MAX or survey_question_id not in survey_round.version.spec.by_id
    ):
        raise MeasureError("survey", "survey_result")
    if survey_campus is not None and scope == Scope.CAMPUS and survey_campus.id != owner_id:
        raise MeasureError("survey-other-campus", "survey_campus")


def measure_create(
    *,
    actor,
    title: str,
    purpose: str,
    criterion: str,
    due_on: date | None,
    campus=None,
    committee=None,
    description: str | None = None,
    responsible_unit=None,
    responsible_text: str | None = None,
    contact_email: str | None = None,
    issues: Iterable = (),
    agenda_item=None,
    survey_round_id: int | None = None,
    survey_question_id: str | None = None,
    survey_campus=None,
    year: int | None = None,
) -> Measure:
    """A measure in `campus`'s or `committee`'s action plan (exactly one of them) for `year`
    (this year unless given). It may answer issues, an agenda item's decision (committees
    only) and a survey result. Audited; the issues' followers are told.

    Raises MeasureError with a SMART code ("title-needed", "purpose-needed",
    "criterion-needed", "responsible-needed", "due-needed", "due-past", "due-far"), "too-long",
    "unit", "email", "issue-other-campus", "issue-not-with-committee", "item", "survey".
    """
    if (campus is None) == (committee is None):
        raise ValueError("a measure belongs to a campus or to a committee")
    scope = Scope.CAMPUS if campus is not None else Scope.COMMITTEE
    owner = campus if campus is not None else committee
    values = _values(
        title=title,
        purpose=purpose,
        criterion=criterion,
        description=description,
        responsible_text=responsible_text,
        contact_email=contact_email,
    )
    _check_fields(**values, responsible_unit=responsible_unit, due_on=due_on, due_changed=True)
    issues = list(dict.fromkeys(issues))
    _check_answers(
        scope=scope,
        owner_id=owner.id,
        issues=issues,
        agenda_item=agenda_item,
        survey_round_id=survey_round_id,
        survey_question_id=survey_question_id or None,
        survey_campus=survey_campus,
    )
    measure = Measure(
        scope=scope,
        campus_id=campus.id if campus is not None else None,
        committee_id=committee.id if committee is not None else None,
        year=year or local_year(),
        due_on=due_on,
        responsible_unit_id=responsible_unit.id if responsible_unit is not None else None,
        agenda_item_id=agenda_item.id if agenda_item is not None else None,
        survey_round_id=survey_round_id,
        survey_question_id=survey_question_id or None,
        survey_campus_id=survey_campus.id if survey_campus is not None else None,
        status=MeasureStatus.PLANNED,
        created_by_id=actor.id if actor is not None else None,
        **{name: value or None if name in _NULLABLE else value for name, value in values.items()},
    )
    with audited(actor=actor, action="measure.create", target=measure, fields=AUDITED_FIELDS) as audit:
        db.session.add(measure)
        db.session.flush()
        _link(measure, issues)
        db.session.add(
            MeasureUpdate(
                measure_id=measure.id,
                kind=UpdateKind.CREATED,
                author_id=measure.created_by_id,
                to_status=MeasureStatus.PLANNED,
            )
        )
        audit.note(issues=[issue.reference for issue in issues])
    db.session.flush()
    told = _followed_issue_ids([issue.id for issue in issues], measure.agenda_item_id)
    if told:
        signals.measure_changed.send(measure, what="created", issue_ids=told)
    return measure


def _followed_issue_ids(issue_ids: list[int], agenda_item_id: int | None) -> list[int]:
    """The issues whose followers hear of a measure: those it answers directly, and those
    behind the decision it follows up (each once)."""
    return list(dict.fromkeys([*issue_ids, *follow_up_issue_ids(agenda_item_id)]))


_NULLABLE = {"responsible_text", "contact_email"}


def _values(**texts) -> dict:
    return {name: _text(value) for name, value in texts.items()}


def _link(measure: Measure, issues: list) -> list:
    """Attach issues not yet attached; returns those that are new."""
    have = set(
        db.session.scalars(sa.select(MeasureIssue.issue_id).where(MeasureIssue.measure_id == measure.id))
    )
    new = [issue for issue in issues if issue.id not in have]
    db.session.add_all(MeasureIssue(measure_id=measure.id, issue_id=issue.id) for issue in new)
    return new


def measure_lock(measure: Measure, expected_version: int | None = None) -> None:
    """Optimistic lock: move the measure to its next version, or raise MeasureError("stale")."""
    if not bump_version(measure, expected_version):
        raise MeasureError("stale")


def measure_update(
    *,
    measure: Measure,
    actor,
    title: str,
    purpose: str,
    criterion: str,
    due_on: date | None,
    description: str | None = None,
    responsible_unit=None,
    responsible_text: str | None = None,
    contact_email: str | None = None,
    issues: Iterable = (),
    agenda_item=None,
    survey_round_id=KEEP,
    survey_question_id=KEEP,
    survey_campus=KEEP,
    expected_version: int | None = None,
) -> Measure:
    """Edit a measure. The same rules as measure_create; a due date already passed may stay
    (the measure is overdue), but a new one must be today or later. Moving the due date lets
    the reminders come again. The survey result stays unless given. Issues attached now, and
    those behind a decision it now follows up, are told of the measure.

    Raises MeasureError (see measure_create) or ("stale").
    """
    if survey_round_id is KEEP:
        survey_round_id, survey_question_id, survey_campus = (
            measure.survey_round_id,
            measure.survey_question_id,
            measure.survey_campus,
        )
    values = _values(
        title=title,
        purpose=purpose,
        criterion=criterion,
        description=description,
        responsible_text=responsible_text,
        contact_email=contact_email,
    )
    _check_fields(
        **values,
        responsible_unit=responsible_unit,
        due_on=due_on,
        due_changed=due_on != measure.due_on,
        # A unit taken out of use may stay on the measures that already name it.
        keeps_unit=responsible_unit is not None and responsible_unit.id == measure.responsible_unit_id,
    )
    assert due_on is not None, "_check_fields refuses a measure without a due date"
    issues = list(dict.fromkeys(issues))
    survey_question_id = survey_question_id or None
    survey_unchanged = (survey_round_id, survey_question_id, getattr(survey_campus, "id", None)) == (
        measure.survey_round_id,
        measure.survey_question_id,
        measure.survey_campus_id,
    )
    _check_answers(
        scope=measure.scope,
        owner_id=measure.owner_id,
        issues=issues,
        agenda_item=agenda_item,
        # A round already chosen may stay, even if its results were taken down since.
        survey_round_id=None if survey_unchanged else survey_round_id,
        survey_question_id=None if survey_unchanged else survey_question_id,
        survey_campus=None if survey_unchanged else survey_campus,
    )
    told_before = set(
        _followed_issue_ids([link.issue_id for link in measure.issue_links], measure.agenda_item_id)
    )
    with audited(actor=actor, action="measure.update", target=measure, fields=AUDITED_FIELDS) as audit:
        measure_lock(measure, expected_version)
        if due_on != measure.due_on:
            measure.reminded_soon_at = measure.reminded_overdue_at = None
        for name, value in values.items():
            setattr(measure, name, value or None if name in _NULLABLE else value)
        measure.due_on = due_on
        measure.responsible_unit_id = responsible_unit.id if responsible_unit is not None else None
        measure.agenda_item_id = agenda_item.id if agenda_item is not None else None
        measure.survey_round_id = survey_round_id
        measure.survey_question_id = survey_question_id
        measure.survey_campus_id = survey_campus.id if survey_campus is not None else None
        wanted = {issue.id for issue in issues}
        db.session.execute(
            sa.delete(MeasureIssue).where(
                MeasureIssue.measure_id == measure.id, MeasureIssue.issue_id.not_in(wanted)
            )
        )
        new = _link(measure, issues)
        db.session.add(MeasureUpdate(measure_id=measure.id, kind=UpdateKind.EDITED, author_id=actor.id))
        audit.note(issues=sorted(issue.reference for issue in issues))
    db.session.flush()
    db.session.expire(measure, ["issue_links", "updates", "agenda_item", "survey_round", "survey_campus"])
    told = [
        issue_id
        for issue_id in _followed_issue_ids([issue.id for issue in new], measure.agenda_item_id)
        if issue_id not in told_before
    ]
    if told:
        signals.measure_changed.send(measure, what="created", issue_ids=told)
    return measure


def measure_set_status(
    *, measure: Measure, status: str, actor, note: str | None = None, expected_version: int | None = None
) -> MeasureUpdate:
    """Move a measure to another status (planned, in progress, done, dropped), with an optional
    note on its timeline. A done or dropped measure can be taken up again. Audited; when it is
    done or dropped, its issues' followers are told.

    Raises MeasureError("status"), ("same-status"), ("too-long") or ("stale").
    """
    if status not in set(MeasureStatus):
        raise MeasureError("status", "status")
    if status == measure.status:
        raise MeasureError("same-status", "status")
    note = _text(note)
    if len(note) > TEXT_MAX:
        raise MeasureError("too-long", "note", max=TEXT_MAX)
    before = measure.status
    with audited(actor=actor, action="measure.status", target=measure, fields=("status", "version")) as audit:
        measure_lock(measure, expected_version)
        measure.status = status
        measure.closed_at = utcnow() if status in FINISHED else None
        update = MeasureUpdate(
            measure_id=measure.id,
            kind=UpdateKind.STATUS,
            author_id=actor.id,
            from_status=before,
            to_status=status,
            text=note or None,
        )
        db.session.add(update)
        audit.note(note=note or None)
    db.session.flush()
    if status in FINISHED:
        issue_ids = _followed_issue_ids(
            list(
                db.session.scalars(
                    sa.select(MeasureIssue.issue_id).where(MeasureIssue.measure_id == measure.id)
                )
            ),
            measure.agenda_item_id,
        )
        if issue_ids:
            signals.measure_changed.send(measure, what=str(status), issue_ids=issue_ids)
    return update


def measure_progress(*, measure: Measure, actor, text: str | None) -> MeasureUpdate:
    """A progress update on the measure's timeline. Raises MeasureError("text-needed"), ("too-long")."""
    text = _text(text)
    if not text:
        raise MeasureError("text-needed", "text")
    if len(text) > TEXT_MAX:
        raise MeasureError("too-long", "text", max=TEXT_MAX)
    with audited(actor=actor, action="measure.progress", target=measure, fields=("version",)) as audit:
        measure_lock(measure)
        update = MeasureUpdate(measure_id=measure.id, kind=UpdateKind.PROGRESS, author_id=actor.id, text=text)
        db.session.add(update)
        audit.note(text=text)
    return update


EVALUATION_FIELDS = ("evaluation_purpose", "evaluation_result", "evaluation_process")


def measure_evaluate(
    *,
    measure: Measure,
    actor,
    purpose: str | None,
    result: str | None,
    process: str | None,
    expected_version: int | None = None,
) -> None:
    """The evaluation of a done or dropped measure, in the three questions of a status report:
    purpose (why we set it up), result (did we get the effect), process (why or why not, what
    we learned). It can be rewritten. Audited.

    Raises MeasureError("not-finished") on a measure still planned or in progress,
    ("evaluation-needed") or ("too-long") on the field concerned, ("stale").
    """
    if measure.status not in FINISHED:
        raise MeasureError("not-finished", "evaluation_purpose")
    answers = dict(zip(EVALUATION_FIELDS, (_text(purpose), _text(result), _text(process)), strict=True))
    for name, value in answers.items():
        if not value:
            raise MeasureError("evaluation-needed", name)
        if len(value) > TEXT_MAX:
            raise MeasureError("too-long", name, max=TEXT_MAX)
    with audited(
        actor=actor, action="measure.evaluate", target=measure, fields=(*EVALUATION_FIELDS, "version")
    ):
        measure_lock(measure, expected_version)
        for name, value in answers.items():
            setattr(measure, name, value)
        measure.evaluated_at = utcnow()
        db.session.add(MeasureUpdate(measure_id=measure.id, kind=UpdateKind.EVALUATION, author_id=actor.id))
    db.session.flush()


def measure_claim_reminder(measure: Measure, marker: str, now) -> bool:
    """Set a reminder's sent-marker only if nobody else has: two cron runs at once remind once."""
    column = getattr(Measure, marker)
    claimed = rows_changed(
        sa.update(Measure)
        .where(Measure.id == measure.id, column.is_(None))
        .values({marker: now})
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(measure, [marker])
    return bool(claimed)
