from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from portal.forms import PortalForm, VersionedForm, max_length, options, required, strip_filter, valid_email
from portal.i18n import LANGUAGE_NAMES, LANGUAGES
from portal.issues.models import DESCRIPTION_MAX
from portal.referrals.models import ANSWER_MAX, MESSAGE_MAX, UNIT_NAME_MAX


class ReferForm(VersionedForm):
    """Refer an issue to a unit. The service checks the unit and the date (and says why)."""

    unit = SelectField(_l("Responsible unit"), coerce=int, validators=[Optional()])
    due_on = DateField(
        _l("Answer by"),
        validators=[Optional()],
        description=_l("Two weeks from today unless you choose another date."),
    )
    message = TextAreaField(
        _l("Message to the unit (optional)"),
        filters=[strip_filter],
        validators=[Optional(), max_length(MESSAGE_MAX)],
        description=_l(
            "The unit reads the issue's text and this message, never who raised it. Do not name the student."
        ),
    )
    public_note = TextAreaField(
        _l("Message to the author and supporters (optional)"),
        filters=[strip_filter],
        validators=[Optional(), max_length(DESCRIPTION_MAX)],
        description=_l("Shown on the issue's timeline."),
    )


class WithdrawForm(PortalForm):
    public_note = TextAreaField(
        _l("Message to the author and supporters (optional)"),
        filters=[strip_filter],
        validators=[Optional(), max_length(DESCRIPTION_MAX)],
    )


class AnswerForm(PortalForm):
    answer = TextAreaField(
        _l("Your answer"),
        filters=[strip_filter],
        validators=[required(_l("Write your answer.")), max_length(ANSWER_MAX)],
        description=_l(
            "What you will do, or have done, about it. The answer is shown on the issue's page to the "
            "student who raised it and to those who support it. Do not write personal data."
        ),
    )


def _name(label):
    return StringField(
        label,
        filters=[strip_filter],
        validators=[
            required(_l("Write the name in bokmål, nynorsk and English.")),
            max_length(UNIT_NAME_MAX),
        ],
    )


class UnitForm(PortalForm):
    name_nb = _name(_l("Name in bokmål"))
    name_nn = _name(_l("Name in nynorsk"))
    name_en = _name(_l("Name in English"))
    email = StringField(
        _l("Contact e-mail"),
        filters=[strip_filter],
        validators=[
            required(_l("Enter an e-mail address like name@example.no.")),
            valid_email(),
            max_length(254),
        ],
        description=_l("Referrals go here, with the link the unit answers through."),
    )
    language = SelectField(
        _l("Language of the unit"),
        choices=options((code, LANGUAGE_NAMES[code]) for code in LANGUAGES),
        validators=[required(_l("Choose a language."))],
        description=_l("Its e-mails are written in this language, and its answer page opens in it."),
    )
    active = BooleanField(_l("In use (can be chosen for new referrals)"), default=True)
