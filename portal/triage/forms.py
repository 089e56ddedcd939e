from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from portal.forms import PortalForm, VersionedForm, max_length, required, strip_filter
from portal.issues.models import DESCRIPTION_MAX


class ActionForm(VersionedForm):
    """One triage action; which texts are required depends on the action (the rule table)."""

    action = HiddenField()
    public_note = TextAreaField(
        _l("Public note"), filters=[strip_filter], validators=[Optional(), max_length(DESCRIPTION_MAX)]
    )
    internal_note = TextAreaField(
        _l("Internal note (optional)"),
        filters=[strip_filter],
        validators=[Optional(), max_length(DESCRIPTION_MAX)],
        description=_l("Seen by campus leaders, the secretary and the committee. Never by students."),
    )
    target = StringField(
        _l("Issue to merge into"),
        filters=[strip_filter, lambda v: v.upper() if isinstance(v, str) else v],
        validators=[Optional(), max_length(20)],
        description=_l("Open issues on this campus and issues sent to the committee, newest first."),
    )
    committee = SelectField(_l("Committee"), coerce=int, validators=[Optional()])
    show_name = BooleanField(_l("Show my name on the timeline (otherwise only “Campus council”)"))


class HideForm(PortalForm):
    reason = TextAreaField(
        _l("Reason shown instead of the text"),
        filters=[strip_filter],
        validators=[required(_l("Give a reason.")), max_length(500)],
        description=_l("For example: “The text named a person. The issue itself is still being handled.”"),
    )


class FocusAreaForm(PortalForm):
    focus_area = SelectField(_l("Focus area"), coerce=int, validators=[Optional()])


class MergeSearchForm(PortalForm):
    """Narrows the issues offered for a merge (GET, on the issue page); bad input is ignored."""

    class Meta:
        csrf = False

    merge_q = StringField(
        _l("Find the issue to merge into"),
        filters=[strip_filter],
        validators=[Optional(), max_length(200)],
        description=_l("Words from its title or text, or its reference."),
    )
