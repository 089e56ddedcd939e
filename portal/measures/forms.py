"""Forms for measures. The SMART rules themselves are the service's (it says which letter is
missing); the forms keep lengths and types."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from portal.forms import PortalForm, VersionedForm, max_length, options, strip_filter, valid_email
from portal.measures.models import CRITERION_MAX, RESPONSIBLE_MAX, TEXT_MAX, TITLE_MAX, MeasureStatus
from portal.measures.texts import STATUS_LABELS


def _text(label, maximum, description=None, area=True):
    field = TextAreaField if area else StringField
    return field(
        label, filters=[strip_filter], validators=[Optional(), max_length(maximum)], description=description
    )


class MeasureForm(VersionedForm):
    title = _text(
        _l("What will be done"),
        TITLE_MAX,
        _l("A short title, like “Quiet reading room open until 22”."),
        area=False,
    )
    purpose = _text(
        _l("Purpose"),
        TEXT_MAX,
        _l("The problem, and what you want to achieve. Specific: what exactly will be better, and for whom."),
    )
    description = _text(_l("Description (optional)"), TEXT_MAX, _l("How it will be done, step by step."))
    criterion = _text(
        _l("How will we know it worked?"),
        CRITERION_MAX,
        _l(
            "Measurable: a criterion someone can check later, like “at most 5 complaints a term” or “4 of 5 satisfied in the next survey”."
        ),
    )
    responsible_unit = SelectField(
        _l("Responsible unit"),
        coerce=int,
        validators=[Optional()],
        description=_l(
            "Accepted: a unit that has agreed to do it. Choose one, or name a role or person below."
        ),
    )
    responsible_text = _text(
        _l("Responsible role or person"),
        RESPONSIBLE_MAX,
        _l("For example “Head of the library, Trondheim”."),
        area=False,
    )
    contact_email = StringField(
        _l("Contact e-mail (optional)"),
        filters=[strip_filter],
        validators=[Optional(), valid_email(), max_length(254)],
        description=_l("Where to ask about the measure. Without one, the unit's address is used."),
    )
    due_on = DateField(
        _l("Due date"),
        validators=[Optional()],
        description=_l("Realistic and time-bound: the date it should be done by."),
    )
    issues = _text(
        _l("Issues it answers (optional)"),
        2000,
        _l(
            "Their references, like TRD-2026-0042, separated by commas. The students who raised and support them are told."
        ),
        area=False,
    )
    agenda_item = SelectField(
        _l("The decision it follows up (optional)"), coerce=int, validators=[Optional()]
    )
    survey_result = SelectField(
        _l("The survey result it answers (optional)"),
        validators=[Optional()],
        description=_l(
            "A published survey round, or one question of it. Students see the measure with the results."
        ),
    )
    survey_campus = SelectField(
        _l("Campus of the survey result (optional)"),
        coerce=int,
        validators=[Optional()],
        description=_l("When the measure answers the result of one campus only."),
    )


class FollowUpForm(PortalForm):
    """A measure that follows up a decision, set up on the decision's own form: the SMART
    fields only (the rest can be added on the measure's page). Part of the decision's form,
    so it carries no CSRF token of its own."""

    class Meta:
        csrf = False

    title = MeasureForm.title
    purpose = MeasureForm.purpose
    criterion = MeasureForm.criterion
    responsible_unit = MeasureForm.responsible_unit
    responsible_text = MeasureForm.responsible_text
    due_on = MeasureForm.due_on

    def is_blank(self) -> bool:
        """Nothing typed or chosen: the decision comes without this measure."""
        return not any(
            (
                self.title.data,
                self.purpose.data,
                self.criterion.data,
                self.responsible_text.data,
                self.responsible_unit.data,
                self.due_on.data,
                self.due_on.raw_data and any(self.due_on.raw_data),
            )
        )


class StatusForm(VersionedForm):
    status = SelectField(
        _l("New status"),
        choices=options((s.value, STATUS_LABELS[s]) for s in MeasureStatus),
        validators=[Optional()],
    )
    note = _text(_l("Note on the timeline (optional)"), TEXT_MAX)


class ProgressForm(PortalForm):
    text = _text(_l("What has happened"), TEXT_MAX, _l("A progress update for the measure's timeline."))


class EvaluationForm(VersionedForm):
    evaluation_purpose = _text(_l("Purpose: why did we set up the measure?"), TEXT_MAX)
    evaluation_result = _text(_l("Result: did we get the effect we wanted?"), TEXT_MAX)
    evaluation_process = _text(_l("Process: why or why not, and what did we learn?"), TEXT_MAX)


class AgendaForm(PortalForm):
    """Put the plan's status report on one of the committee's meetings that are still to come."""

    # Any id is taken: the service says why a meeting cannot be chosen (held, another committee's).
    meeting = SelectField(
        _l("Meeting"),
        coerce=int,
        validate_choice=False,
        validators=[Optional()],
        description=_l(
            "The report becomes an information item (O-sak) on the agenda, in the meeting's language: "
            "per measure its purpose, result and process."
        ),
    )
