"""The words for each OrganisationError code (campuses, categories, committees)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "default": _l("That cannot be saved. Check the form and try again."),
    "code-taken": _l("This code is already in use."),
}
