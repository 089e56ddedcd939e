from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional, Regexp

from portal.authz import Role
from portal.forms import PortalForm, max_length, options, required, strip_filter


def localised_fields(field_class, labels, maximum: int):
    """The same text in bokmål, nynorsk and English: three required fields."""
    return tuple(
        field_class(label, filters=[strip_filter], validators=[required(), max_length(maximum)])
        for label in labels
    )


class CampusForm(PortalForm):
    code = StringField(
        _l("Code"),
        filters=[strip_filter, lambda v: v.upper() if isinstance(v, str) else v],
        validators=[required(), Regexp(r"^[A-ZÆØÅ]{3}$", message=_l("Use exactly three letters, like TRD."))],
        description=_l("Three letters. Every issue reference starts with it, like TRD-2026-0042."),
    )
    name_nb, name_nn, name_en = localised_fields(
        StringField, (_l("Name (bokmål)"), _l("Name (nynorsk)"), _l("Name (English)")), 120
    )
    response_target_days = IntegerField(
        _l("Response target (days)"),
        default=14,
        validators=[
            required(),
            NumberRange(min=1, max=365, message=_l("Enter a whole number from %(min)s to %(max)s.")),
        ],
        description=_l("Issues waiting longer than this are marked overdue in the inbox."),
    )
    attention_threshold = IntegerField(
        _l("Attention threshold (supporters)"),
        default=25,
        validators=[
            required(),
            NumberRange(min=1, max=100000, message=_l("Enter a whole number from %(min)s to %(max)s.")),
        ],
        description=_l("Issues with at least this many supporters are marked in the inbox."),
    )
    active = BooleanField(_l("Active"), default=True)


class CategoryForm(PortalForm):
    slug = StringField(
        _l("Code"),
        filters=[strip_filter],
        validators=[
            required(),
            max_length(40),
            Regexp(r"^[a-z0-9-]+$", message=_l("Use lower-case letters a–z, digits and hyphens.")),
        ],
    )
    name_nb, name_nn, name_en = localised_fields(
        StringField, (_l("Name (bokmål)"), _l("Name (nynorsk)"), _l("Name (English)")), 120
    )
    description_nb, description_nn, description_en = localised_fields(
        TextAreaField,
        (_l("Description (bokmål)"), _l("Description (nynorsk)"), _l("Description (English)")),
        300,
    )
    position = IntegerField(
        _l("Position in lists"),
        default=0,
        validators=[
            Optional(),
            NumberRange(min=0, max=1000, message=_l("Enter a whole number from %(min)s to %(max)s.")),
        ],
    )
    active = BooleanField(_l("Active"), default=True)


class CommitteeForm(PortalForm):
    code = StringField(
        _l("Code"),
        filters=[strip_filter],
        validators=[
            required(),
            max_length(12),
            Regexp(r"^[A-Za-zÆØÅæøå0-9-]+$", message=_l("Use letters, digits and hyphens.")),
        ],
    )
    name_nb, name_nn, name_en = localised_fields(
        StringField, (_l("Name (bokmål)"), _l("Name (nynorsk)"), _l("Name (English)")), 120
    )
    active = BooleanField(_l("Active"), default=True)


ROLE_LABELS = {
    Role.STUDENT: _l("Student"),
    Role.CAMPUS_LEADER: _l("Campus leader"),
    Role.SECRETARY: _l("Secretary"),
    Role.COMMITTEE_MEMBER: _l("Committee member"),
    Role.ADMINISTRATOR: _l("Administrator"),
}


class GrantRoleForm(PortalForm):
    role = SelectField(
        _l("Role"),
        choices=options((role.value, label) for role, label in ROLE_LABELS.items()),
        validators=[required()],
    )
    campus = SelectField(_l("Campus (for campus leaders)"), coerce=int, validators=[Optional()])
    committee = SelectField(
        _l("Committee (for secretaries and members)"), coerce=int, validators=[Optional()]
    )


class AuditFilterForm(PortalForm):
    """The audit log's filter (GET): an action from a list; an unknown value is ignored."""

    class Meta:
        csrf = False

    action = SelectField(_l("Action"), validators=[Optional()])
