from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    MultipleFileField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional

from portal.forms import PortalForm, VersionedForm, max_length, options, required, strip_filter
from portal.i18n import LANGUAGE_NAMES, LANGUAGES
from portal.issues.models import DESCRIPTION_MAX, FLAG_REASON_MAX, TITLE_MAX


def text_language_choices():
    return options((code, LANGUAGE_NAMES[code]) for code in LANGUAGES)


class IssueForm(PortalForm):
    campus = SelectField(_l("Campus"), coerce=int, validators=[required(_l("Choose a campus."))])
    category = RadioField(
        _l("What is it about?"), coerce=int, validators=[required(_l("Choose what the issue is about."))]
    )
    title = StringField(
        _l("Title"),
        filters=[strip_filter],
        validators=[required(_l("Give the issue a short title.")), max_length(TITLE_MAX)],
        description=_l("One line that says what is wrong, like “Too few power outlets in the library”."),
    )
    description = TextAreaField(
        _l("Describe the issue"),
        filters=[strip_filter],
        validators=[required(_l("Describe the issue.")), max_length(DESCRIPTION_MAX)],
        description=_l("Where, when, and how it affects your studies. Do not name people."),
    )
    language = RadioField(
        _l("Language of your text"),
        choices=text_language_choices,
        validators=[required(_l("Choose a language."))],
    )
    anonymous = BooleanField(
        _l("Raise it anonymously"),
        description=_l(
            "If you do not tick this, your name is shown with the issue to every student who reads it. "
            "If you tick it, no one else can see that you raised it, not even the campus council or "
            "the committee; you can still follow it and get updates."
        ),
    )
    photos = MultipleFileField(
        _l("Photos (optional)"),
        validators=[Optional()],
        description=_l("Up to 3 photos, JPEG, PNG or WebP, at most 8 MB each. We remove location data."),
    )
    submission_token = HiddenField()
    pending_photos = HiddenField()
    similar_seen = HiddenField()


class NoteForm(VersionedForm):
    """A single public text: the author's answer, for instance."""

    text = TextAreaField(
        _l("Your answer"),
        filters=[strip_filter],
        validators=[required(_l("Write your answer.")), max_length(DESCRIPTION_MAX)],
    )


class ListFilterForm(PortalForm):
    class Meta:
        csrf = False

    category = SelectField(_l("Category"), coerce=int, validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
    sort = SelectField(_l("Sort by"), validators=[Optional()])
    q = StringField(_l("Search"), filters=[strip_filter], validators=[Optional(), max_length(200)])


class FlagForm(PortalForm):
    reason = TextAreaField(
        _l("What is wrong with it? (optional)"),
        filters=[strip_filter],
        validators=[Optional(), max_length(FLAG_REASON_MAX)],
        description=_l(
            "For example: it names a person, or it is offensive. Only the campus council reads this."
        ),
    )
