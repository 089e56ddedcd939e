from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import EqualTo, Optional

from portal.forms import PortalForm, length_between, max_length, options, required, strip_filter, valid_email
from portal.i18n import LANGUAGE_NAMES, LANGUAGES

PASSWORD_MIN = 10
PASSWORD_MAX = 200


def language_choices():
    return options((code, LANGUAGE_NAMES[code]) for code in LANGUAGES)


def _password_field(label):
    return PasswordField(
        label,
        validators=[required(_l("Choose a password.")), length_between(PASSWORD_MIN, PASSWORD_MAX)],
        description=_l(
            "At least %(min)d characters. A few words in a row are easy to remember.", min=PASSWORD_MIN
        ),
    )


def _repeat_field():
    return PasswordField(
        _l("Repeat the password"),
        validators=[
            required(_l("Repeat the password.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
    )


class RegisterForm(PortalForm):
    name = StringField(
        _l("Name"),
        filters=[strip_filter],
        validators=[required(_l("Enter your name.")), max_length(120)],
    )
    email = EmailField(
        _l("E-mail address"),
        filters=[strip_filter],
        validators=[required(_l("Enter your e-mail address.")), max_length(254), valid_email()],
        description=_l("We send a link to this address to confirm it."),
    )
    password = _password_field(_l("Password"))
    password_repeat = _repeat_field()
    home_campus = RadioField(
        _l("Home campus"),
        coerce=int,
        validators=[required(_l("Choose your campus."))],
        description=_l("Where you study most of the time. You can change it later."),
    )
    locale = RadioField(
        _l("Language for the portal and e-mails"),
        choices=language_choices,
        validators=[required(_l("Choose a language."))],
    )


class SignInForm(PortalForm):
    email = EmailField(
        _l("E-mail address"),
        filters=[strip_filter],
        validators=[required(_l("Enter your e-mail address.")), max_length(254)],
    )
    password = PasswordField(
        _l("Password"), validators=[required(_l("Enter your password.")), max_length(PASSWORD_MAX)]
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class EmailOnlyForm(PortalForm):
    email = EmailField(
        _l("E-mail address"),
        filters=[strip_filter],
        validators=[required(_l("Enter your e-mail address.")), max_length(254), valid_email()],
    )


class ResetPasswordForm(PortalForm):
    password = _password_field(_l("New password"))
    password_repeat = _repeat_field()


class ProfileForm(PortalForm):
    name = StringField(
        _l("Name"),
        filters=[strip_filter],
        validators=[required(_l("Enter your name.")), max_length(120)],
    )
    home_campus = SelectField(_l("Home campus"), coerce=int, validators=[Optional()])
    locale = RadioField(
        _l("Language for the portal and e-mails"),
        choices=language_choices,
        validators=[required(_l("Choose a language."))],
    )


class ChangePasswordForm(PortalForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[required(_l("Enter your current password.")), max_length(PASSWORD_MAX)],
    )
    password = _password_field(_l("New password"))
    password_repeat = _repeat_field()


class DeleteAccountForm(PortalForm):
    password = PasswordField(_l("Your password"), validators=[Optional(), max_length(PASSWORD_MAX)])
    confirm = BooleanField(
        _l("I understand that my account is deleted for good"),
        validators=[required(_l("Tick the box to confirm."))],
    )
