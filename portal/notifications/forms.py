from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from portal.forms import PortalForm, options
from portal.notifications.kinds import kinds_for


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class EmailPreferencesForm(PortalForm):
    kinds = MultiCheckboxField(_l("Send me an e-mail when"), validate_choice=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds.choices = options((name, spec.label) for name, spec in kinds_for(user).items())
