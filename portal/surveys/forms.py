"""Forms for survey rounds and for answering.

The questions of a survey are not WTForms fields: they come from the definition and are
read by portal.surveys.answers. The answer form carries the CSRF token, the section shown
and the earlier sections' answers (signed, portal.surveys.carry).
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    TimeField,
)
from wtforms.validators import NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from portal.forms import PortalForm, options, required
from portal.i18n import OSLO
from portal.surveys.models import MIN_GROUP_CEILING, MIN_GROUP_DEFAULT, MIN_GROUP_FLOOR, REMINDERS_MAX


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _time_field(label):
    return TimeField(
        label, format=["%H:%M", "%H:%M:%S"], validators=[required(_l("Enter a time, like 09:00."))]
    )


class RoundForm(PortalForm):
    survey = SelectField(
        _l("Survey"),
        validators=[required(_l("Choose a survey."))],
        invalid_choice_message=_l("Choose one of the surveys in the list."),
    )
    owner = SelectField(
        _l("On behalf of"),
        validators=[required(_l("Choose who publishes the round."))],
        invalid_choice_message=_l("Choose one of the committees or campuses in the list."),
    )
    opens_date = DateField(_l("Opens: date"), validators=[required(_l("Enter a date."))])
    opens_time = _time_field(_l("Opens: time"))
    closes_date = DateField(_l("Closes: date"), validators=[required(_l("Enter a date."))])
    closes_time = _time_field(_l("Closes: time"))
    scope = RadioField(
        _l("Who is asked"),
        choices=options(
            [
                ("all", _l("Students at every campus")),
                ("chosen", _l("Students at the campuses chosen below")),
            ]
        ),
        default="all",
        validators=[required(_l("Choose who is asked."))],
    )
    audience = MultiCheckboxField(
        _l("Campuses"),
        coerce=int,
        validators=[Optional()],
        invalid_value_message=_l("Choose campuses from the list."),
        invalid_choice_message=_l("Choose campuses from the list."),
    )
    min_group = IntegerField(
        _l("Minimum group size"),
        default=MIN_GROUP_DEFAULT,
        validators=[
            required(_l("Enter the minimum group size.")),
            NumberRange(
                min=MIN_GROUP_FLOOR,
                max=MIN_GROUP_CEILING,
                message=_l(
                    "Enter a number from %(min)d to %(max)d.", min=MIN_GROUP_FLOOR, max=MIN_GROUP_CEILING
                ),
            ),
        ],
        description=_l(
            "A campus with this many answers or fewer is never shown on its own. At least 3; 5 is usual."
        ),
    )
    reminder_1 = DateField(_l("First reminder"), validators=[Optional()])
    reminder_2 = DateField(_l("Second reminder"), validators=[Optional()])
    reminder_3 = DateField(_l("Third reminder"), validators=[Optional()])

    def reminder_fields(self):
        return [self[f"reminder_{n}"] for n in range(1, REMINDERS_MAX + 1)]

    def _moment(self, date_field, time_field) -> datetime:
        return datetime.combine(date_field.data, time_field.data).replace(tzinfo=OSLO).astimezone(UTC)

    def opens_at(self) -> datetime:
        return self._moment(self.opens_date, self.opens_time)

    def closes_at(self) -> datetime:
        return self._moment(self.closes_date, self.closes_time)

    def reminders(self):
        return [f.data for f in self.reminder_fields() if f.data]

    def fill(self, survey_round) -> None:
        opens, closes = survey_round.opens_at.astimezone(OSLO), survey_round.closes_at.astimezone(OSLO)
        self.opens_date.data, self.opens_time.data = (
            opens.date(),
            opens.time().replace(second=0, microsecond=0),
        )
        self.closes_date.data, self.closes_time.data = (
            closes.date(),
            closes.time().replace(second=0, microsecond=0),
        )
        self.scope.data = "all" if survey_round.all_campuses else "chosen"
        self.audience.data = survey_round.audience_ids
        self.min_group.data = survey_round.min_group
        for reminder, field in zip(survey_round.reminders, self.reminder_fields(), strict=False):
            field.data = reminder.remind_on


class AnswerForm(PortalForm):
    section = HiddenField()
    carry = HiddenField()

    def section_index(self, sections: int) -> int:
        value = (self.section.data or "").strip()
        index = int(value) if value.isdigit() and len(value) < 4 else 0
        return index if 0 <= index < sections else 0


class ActionForm(PortalForm):
    """A button that changes a round (close, publish, delete): the CSRF token only."""
