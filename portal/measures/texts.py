"""The words for measure statuses and timeline steps, in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.measures.models import MeasureStatus, UpdateKind

STATUS_LABELS = {
    MeasureStatus.PLANNED: _l("Planned"),
    MeasureStatus.IN_PROGRESS: _l("In progress"),
    MeasureStatus.DONE: _l("Done"),
    MeasureStatus.DROPPED: _l("Dropped"),
}
UPDATE_LABELS = {
    UpdateKind.CREATED: _l("Measure set up"),
    UpdateKind.EDITED: _l("Measure edited"),
    UpdateKind.STATUS: _l("Status changed"),
    UpdateKind.PROGRESS: _l("Progress update"),
    UpdateKind.EVALUATION: _l("Evaluated"),
}


def status_label(status: str) -> str:
    try:
        return str(STATUS_LABELS[MeasureStatus(status)])
    except ValueError:
        return status


def update_label(kind: str) -> str:
    try:
        return str(UPDATE_LABELS[UpdateKind(kind)])
    except ValueError:
        return kind


def survey_label(measure) -> str:
    """The survey result a measure answers, in the reader's language: "Learning environment
    survey 2025 – Are you satisfied with …? (Trondheim)"."""
    survey_round = measure.survey_round
    if survey_round is None:
        return ""
    spec = survey_round.version.spec
    label = survey_round.title()
    question = spec.by_id.get(measure.survey_question_id or "")
    if question is not None:
        label += " – " + spec.text(question.text)
    if measure.survey_campus is not None:
        label += f" ({measure.survey_campus.name})"
    return label
