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
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from portal.forms import PortalForm, max_length, options, required, strip_filter
from portal.i18n import LANGUAGE_NAMES, LANGUAGES, OSLO
from portal.voting.models import (
    DECLINE_REASON_MAX,
    DESCRIPTION_MAX,
    MAX_CHOICES_LIMIT,
    REASON_MAX,
    TITLE_MAX,
)


def filled(message):
    """Required, and more than white space (InputRequired alone lets "   " through)."""
    return [required(message), DataRequired(message=message)]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def text_language_choices():
    return options((code, LANGUAGE_NAMES[code]) for code in LANGUAGES)


class ProposalForm(PortalForm):
    title = StringField(
        _l("Focus area"),
        filters=[strip_filter],
        validators=[*filled(_l("Name the focus area in a few words.")), max_length(TITLE_MAX)],
        description=_l("A few words, like “Quiet study places on every campus”."),
    )
    reason = TextAreaField(
        _l("Why should the committee work on it?"),
        filters=[strip_filter],
        validators=[*filled(_l("Tell us why it matters.")), max_length(REASON_MAX)],
        description=_l("What it would change for students. Do not name people."),
    )
    language = RadioField(
        _l("Language of your text"),
        choices=text_language_choices,
        validators=[required(_l("Choose a language."))],
    )


# (phase start attribute, label of its date field, label of its time field)
ROUND_TIMES = (
    ("proposals_open_at", _l("Proposals open: date"), _l("Proposals open: time")),
    ("curation_at", _l("Proposals close: date"), _l("Proposals close: time")),
    ("voting_open_at", _l("Voting opens: date"), _l("Voting opens: time")),
    ("voting_close_at", _l("Voting closes: date"), _l("Voting closes: time")),
    ("results_at", _l("Results published: date"), _l("Results published: time")),
)


class RoundForm(PortalForm):
    committee = SelectField(_l("Committee"), coerce=int, validators=[required(_l("Choose the committee."))])
    year = IntegerField(
        _l("Year of the focus areas"),
        validators=[
            required(_l("Enter the year, like 2027.")),
            NumberRange(min=2000, max=2100, message=_l("Enter a year between 2000 and 2100.")),
        ],
    )
    max_choices = IntegerField(
        _l("How many focus areas each student may choose"),
        default=3,
        validators=[
            required(_l("Enter how many focus areas each student may choose.")),
            NumberRange(
                min=1,
                max=MAX_CHOICES_LIMIT,
                message=_l("Enter a number from %(min)d to %(max)d.", min=1, max=MAX_CHOICES_LIMIT),
            ),
        ],
    )

    def time_pairs(self):
        """[(attribute, date field, time field)] in phase order."""
        return [(attr, self[f"{attr}_date"], self[f"{attr}_time"]) for attr, _d, _t in ROUND_TIMES]

    def times(self) -> dict[str, datetime]:
        """The five phase starts as aware UTC datetimes (entered in Norwegian time)."""
        values = {}
        for attribute, date_field, time_field in self.time_pairs():
            local = datetime.combine(date_field.data, time_field.data).replace(tzinfo=OSLO)
            values[attribute] = local.astimezone(UTC)
        return values

    def fill_times(self, voting_round) -> None:
        for attribute, date_field, time_field in self.time_pairs():
            local = getattr(voting_round, attribute).astimezone(OSLO)
            date_field.data = local.date()
            time_field.data = local.time().replace(second=0, microsecond=0)


for _attribute, _date_label, _time_label in ROUND_TIMES:
    setattr(
        RoundForm,
        f"{_attribute}_date",
        DateField(_date_label, validators=[required(_l("Enter a date."))]),
    )
    setattr(
        RoundForm,
        f"{_attribute}_time",
        TimeField(
            _time_label,
            format=["%H:%M", "%H:%M:%S"],
            validators=[required(_l("Enter a time, like 09:00."))],
        ),
    )


class CurateForm(PortalForm):
    title_nb = StringField(_l("Title in bokmål"), filters=[strip_filter], validators=[max_length(TITLE_MAX)])
    title_nn = StringField(_l("Title in nynorsk"), filters=[strip_filter], validators=[max_length(TITLE_MAX)])
    title_en = StringField(_l("Title in English"), filters=[strip_filter], validators=[max_length(TITLE_MAX)])
    description_nb = TextAreaField(
        _l("Short description in bokmål"), filters=[strip_filter], validators=[max_length(DESCRIPTION_MAX)]
    )
    description_nn = TextAreaField(
        _l("Short description in nynorsk"), filters=[strip_filter], validators=[max_length(DESCRIPTION_MAX)]
    )
    description_en = TextAreaField(
        _l("Short description in English"), filters=[strip_filter], validators=[max_length(DESCRIPTION_MAX)]
    )

    def wording(self) -> dict[str, str | None]:
        return {name: self[name].data for name in self._fields if name.startswith(("title_", "description_"))}


class DeclineForm(PortalForm):
    reason = TextAreaField(
        _l("Reason for declining"),
        filters=[strip_filter],
        validators=[
            *filled(_l("Give a reason. The student who proposed it will read it.")),
            max_length(DECLINE_REASON_MAX),
        ],
        description=_l("The student who proposed it reads this."),
    )


class MergeForm(PortalForm):
    into = SelectField(
        _l("Merge into"),
        coerce=int,
        validators=[required(_l("Choose the proposal to merge into."))],
        invalid_choice_message=_l("Choose one of the proposals in the list."),
    )


class BallotForm(PortalForm):
    choices = MultiCheckboxField(
        _l("Which focus areas should the committee work on?"),
        coerce=int,
        validators=[Optional()],
        invalid_value_message=_l("One of your choices is not on the ballot. Look at the ballot again."),
        invalid_choice_message=_l("One of your choices is not on the ballot. Look at the ballot again."),
    )


class AdvanceForm(PortalForm):
    phase = HiddenField()


class AdoptForm(PortalForm):
    adopted = MultiCheckboxField(
        _l("Focus areas the committee adopts"),
        coerce=int,
        validators=[Optional()],
        invalid_value_message=_l("Choose among the focus areas in the list."),
        invalid_choice_message=_l("Choose among the focus areas in the list."),
    )
