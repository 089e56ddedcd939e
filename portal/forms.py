"""The base form: WTForms' built-in messages come from our catalogs.

WTForms ships no nynorsk catalog, so its own messages ("Not a valid choice.")
would reach nynorsk users in English. Every form derives from PortalForm, whose
translations are the portal's, and every validator gets a translated message.
"""

from __future__ import annotations

import re
import unicodedata

from flask_babel import get_translations, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField, validators
from wtforms.fields.choices import SelectChoice


class _PortalTranslations:
    # WTForms formats the result itself, so these must not (flask_babel's helpers would).
    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


_CONTROL_CHARACTERS = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n\r")
_LINE_BREAKS = re.compile("[\n\u0085\u2028\u2029]")


def clean_text(value):
    """NFC-normalise and drop control characters (NUL breaks PostgreSQL text columns).

    Every line break becomes a line feed, a lone carriage return too (it would otherwise
    reach mail headers).
    """
    if not isinstance(value, str):
        return value
    value = value.translate(_CONTROL_CHARACTERS).replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", value)


def clean_line(value):
    """clean_text for one-line fields, where a line break of any kind becomes a space."""
    value = clean_text(value)
    return _LINE_BREAKS.sub(" ", value) if isinstance(value, str) else value


# Characters that draw nothing on their own: format characters (zero-width space and
# joiners, word joiner, byte-order mark, soft hyphen, bidi marks, tags), spaces and
# separators of every kind, controls, and combining marks with no base letter to sit on.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp", "Mn", "Me"})
# Letters and symbols that are drawn as blanks (Hangul fillers, the blank Braille pattern).
_BLANK_CHARACTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def has_visible_text(value) -> bool:
    """True when the text holds at least one character a person can see.

    "Required" means something visible: a title of zero-width spaces would give an
    empty heading and an empty link in every list.
    """
    if not isinstance(value, str):
        return bool(value)
    return any(
        character not in _BLANK_CHARACTERS and unicodedata.category(character) not in _INVISIBLE_CATEGORIES
        for character in value
    )


def visible_or_none(value: str | None) -> str | None:
    """The text without surrounding white space, or None if nothing in it is visible."""
    value = (value or "").strip()
    return value if has_visible_text(value) else None


class PortalForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _PortalTranslations()

        def bind_field(self, form, unbound_field, options):
            # Every text a person types is cleaned the same way, on every form.
            if issubclass(unbound_field.field_class, StringField):
                filters = list(options.get("filters", unbound_field.kwargs.get("filters", ())))
                multiline = issubclass(unbound_field.field_class, TextAreaField)
                options["filters"] = [clean_text if multiline else clean_line, *filters]
            return unbound_field.bind(form=form, **options)


class VersionedForm(PortalForm):
    """Carries the version of what the form edits, to detect a change made meanwhile."""

    version = HiddenField()

    @property
    def expected_version(self) -> int | None:
        value = (self.version.data or "").strip()
        return int(value) if value.isdigit() and len(value) < 10 else None


# WTForms' own messages, listed so that extraction puts them in our catalogs.
WTFORMS_MESSAGES = (
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Not a valid integer value."),
    _l("Not a valid date value."),
    _l("Not a valid time value."),
    _l("Not a valid datetime value."),
    _l("Not a valid decimal value."),
)


def _plural_messages_for_extraction():  # never called: lists WTForms' plural messages for `make i18n`
    ngettext(
        "'%(value)s' is not a valid choice for this field.",
        "'%(value)s' are not valid choices for this field.",
        1,
    )


class NotBlank(validators.InputRequired):
    """InputRequired that also refuses text with nothing visible in it: only spaces, or only
    zero-width and other invisible characters (it would be saved as an empty-looking text)."""

    def __call__(self, form, field):
        super().__call__(form, field)
        if isinstance(field.data, str) and not has_visible_text(field.data):
            field.errors[:] = []
            raise validators.StopValidation(self.message)


def required(message=None):
    return NotBlank(message=message or _l("This field is required."))


def max_length(maximum: int):
    return validators.Length(max=maximum, message=_l("Use at most %(max)d characters.", max=maximum))


def length_between(minimum: int, maximum: int):
    return validators.Length(
        min=minimum,
        max=maximum,
        message=_l("Use between %(min)d and %(max)d characters.", min=minimum, max=maximum),
    )


def valid_email():
    return validators.Email(
        message=_l("Enter an e-mail address like name@example.no."), check_deliverability=False
    )


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value


def options(pairs) -> list[SelectChoice]:
    """Choices for select and radio fields from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]
